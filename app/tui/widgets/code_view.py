"""A read-only, syntax-highlighted text view that draws only what is on screen.

Used for values, manifests, notes and hooks. Highlighting is per line and cached, so a
20,000-line manifest opens at once: only the ~40 visible lines are ever highlighted.
Colours come from Textual's highlight theme, which is made of theme variables.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Size
from textual.highlight import highlight
from textual.message import Message
from textual.strip import Strip

from app.tui.widgets.line_cursor import LineCursorView


class CodeView(LineCursorView):
    """Lines of text with an optional language, a cursor line and a line-number gutter."""

    COMPONENT_CLASSES = {"code-view--cursor", "code-view--gutter", "code-view--empty"}

    class CursorMoved(Message):
        """The cursor moved to another line."""

        def __init__(self, view: CodeView, line: int) -> None:
            super().__init__()
            self.view = view
            self.line = line

        @property
        def control(self) -> CodeView:
            """The view whose cursor moved."""
            return self.view

    def __init__(
        self,
        text: str = "",
        *,
        language: str | None = "yaml",
        empty_text: str = "(empty)",
        gutter: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.language = language
        self.empty_text = empty_text
        self.show_gutter = gutter
        self.lines: list[str] = []
        self._cache: dict[int, list[tuple[str, Style]]] = {}
        self._theme_seen = ""
        self.set_text(text)

    @property
    def text(self) -> str:
        """The whole text."""
        return "\n".join(self.lines)

    def set_text(self, text: str, *, language: str | None | bool = False) -> None:
        """Replace the text (and optionally the language); keeps the cursor if it fits."""
        if language is not False:
            self.language = language  # type: ignore[assignment]
        self.lines = text.expandtabs(4).splitlines() if text else []
        self._cache.clear()
        width = max((len(line) for line in self.lines), default=0) + self._gutter_width()
        self.virtual_size = Size(width, len(self.lines))
        self.cursor = min(self.cursor, max(len(self.lines) - 1, 0))
        self.refresh()

    def _gutter_width(self) -> int:
        return len(str(len(self.lines))) + 2 if self.show_gutter and self.lines else 0

    # -- cursor

    def watch_cursor(self, new: int) -> None:
        """Keep the cursor line on screen; announce it (for the YAML path)."""
        self.scroll_to_cursor(new)
        self.post_message(self.CursorMoved(self, new))

    # -- drawing

    def _highlighted(self, index: int) -> list[tuple[str, Style]]:
        if self._theme_seen != self.app.theme:
            self._cache.clear()  # highlight colours are theme variables
            self._theme_seen = self.app.theme
        cached = self._cache.get(index)
        if cached is None:
            line = self.lines[index]
            content = highlight(line, language=self.language) if self.language else Content(line)
            parse = self.app.stylesheet.parse_style
            cached = [
                (text, style.rich_style)
                for text, style in content.render(end="", parse_style=parse)
            ]
            self._cache[index] = cached
        return cached

    def render_line(self, y: int) -> Strip:
        """Gutter, then the highlighted line, scrolled sideways (the gutter stays)."""
        width = self.size.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        if not self.lines:
            if y == 0:
                style = self.get_component_rich_style("code-view--empty")
                return Strip([Segment(self.empty_text.ljust(width)[:width], style)], width)
            return Strip.blank(width, base)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line_style = base
        if index == self.cursor and self.has_focus:
            line_style = base + self.get_component_rich_style("code-view--cursor")
        segments: list[Segment] = []
        gutter = self._gutter_width()
        if gutter:
            number = str(index + 1).rjust(gutter - 1) + " "
            segments.append(Segment(number, self.get_component_rich_style("code-view--gutter")))
        segments += [Segment(text, line_style + style) for text, style in self._highlighted(index)]
        strip = Strip(segments)
        scroll_x = int(self.scroll_x)
        if gutter and scroll_x:
            # The gutter stays put while the code scrolls sideways.
            if strip.cell_length > gutter:
                head, body = strip.divide([gutter])[:2]
            else:
                head, body = strip, Strip([])
            body = body.crop(scroll_x, scroll_x + width - gutter)
            strip = Strip.join([head, body])
        else:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.extend_cell_length(width, line_style).crop(0, width)
