"""Draws diff lines (``app.tui.diff_lines``) on demand: a cursor, and nothing off screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from app.tui.diff_lines import DiffLine
from app.tui.widgets.line_cursor import LineCursorView


class DiffView(LineCursorView):
    """A scrollable diff; ``CursorMoved`` tells the screen which resource is under it."""

    COMPONENT_CLASSES = {
        "diff-view--header",
        "diff-view--hunk",
        "diff-view--ctx",
        "diff-view--add",
        "diff-view--del",
        "diff-view--blank",
        "diff-view--cursor",
        "diff-view--empty",
        "diff-view--divider",
    }

    class CursorMoved(Message):
        """The cursor is on another line (``resource`` is its resource index, or -1)."""

        def __init__(self, resource: int) -> None:
            super().__init__()
            self.resource = resource

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: Sequence[DiffLine] = ()
        self.empty_text = "Computing the diff…"

    def set_lines(self, lines: Sequence[DiffLine], *, keep_resource: bool = True) -> None:
        """Show ``lines``; the cursor stays on the same resource header when it can."""
        resource = self.current_resource if keep_resource else -1
        self.lines = lines
        width = max((len(line.left) for line in lines[:2000]), default=0) + 1
        self.virtual_size = Size(width, len(lines))
        target = 0
        if resource >= 0:
            for index, line in enumerate(lines):
                if line.kind == "header" and line.resource == resource:
                    target = index
                    break
        self.cursor = min(target, max(len(lines) - 1, 0))
        self.refresh()

    @property
    def current_resource(self) -> int:
        """Resource index under the cursor, or -1."""
        if 0 <= self.cursor < len(self.lines):
            return self.lines[self.cursor].resource
        return -1

    def watch_cursor(self, new: int) -> None:
        """Keep the cursor visible; report its resource."""
        self.scroll_to_cursor(new)
        self.post_message(self.CursorMoved(self.current_resource))

    def jump(self, direction: int) -> None:
        """Move to the next (1) or previous (-1) resource header."""
        index = self.cursor + direction
        while 0 <= index < len(self.lines):
            if self.lines[index].kind == "header":
                self.cursor = index
                return
            index += direction

    def _style(self, kind: str) -> Style:
        return self.get_component_rich_style(f"diff-view--{kind}")

    def render_line(self, y: int) -> Strip:
        """One diff line, cropped to the view (side-by-side lines split the width)."""
        width = self.size.width
        index = int(self.scroll_y) + y
        if not self.lines:
            if y == 0:
                text = self.empty_text.ljust(width)[:width]
                return Strip([Segment(text, self._style("empty"))], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = self.lines[index]
        cursor = self._style("cursor") if index == self.cursor and self.has_focus else None
        if line.kind == "pair":
            half = max((width - 1) // 2, 1)
            scroll_x = int(self.scroll_x)
            left = line.left[scroll_x : scroll_x + half].ljust(half)
            right = line.right[scroll_x : scroll_x + width - half - 1].ljust(width - half - 1)
            left_style = self._style(line.left_kind)
            right_style = self._style(line.right_kind)
            if cursor is not None:
                left_style, right_style = left_style + cursor, right_style + cursor
            segments = [
                Segment(left, left_style),
                Segment("│", self._style("divider")),
                Segment(right, right_style),
            ]
            return Strip(segments, width)
        style = self._style(line.kind)
        if cursor is not None:
            style = style + cursor
        scroll_x = 0 if line.kind == "header" else int(self.scroll_x)
        text = line.left[scroll_x : scroll_x + width].ljust(width)
        return Strip([Segment(text, style)], width)
