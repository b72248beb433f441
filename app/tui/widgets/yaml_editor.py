"""A YAML editor: Textual's ``TextArea`` highlighted with Pygments, coloured by the theme.

``TextArea`` highlights through tree-sitter, which is not a dependency here; this subclass
fills the same highlight map from Pygments' YAML lexer instead, and builds its syntax
theme from the current app theme's colours (which live in ``themes/``).
"""

from __future__ import annotations

from bisect import bisect_right

from pygments.lexers.data import YamlLexer  # type: ignore[import-untyped]
from pygments.token import (  # type: ignore[import-untyped]
    Comment,
    Keyword,
    Name,
    Number,
    Punctuation,
    String,
    Token,
    _TokenType,
)
from rich.style import Style
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

_LEXER = YamlLexer()


def _kind(ttype: _TokenType) -> str | None:
    if ttype in Name.Tag:
        return "key"
    if ttype in Comment:
        return "comment"
    if ttype in Number:
        return "number"
    if ttype in String or ttype in Token.Literal.Scalar:
        return "string"
    if ttype in Keyword or ttype in Name.Constant or ttype in Name.Variable:
        return "keyword"
    if ttype in Punctuation or ttype in Token.Operator:
        return "punct"
    return None


def highlight_map(text: str) -> dict[int, list[tuple[int, int | None, str]]]:
    """Row -> (start byte, end byte, kind) spans of ``text``, as TextArea expects."""
    starts = [0]
    for index, ch in enumerate(text):
        if ch == "\n":
            starts.append(index + 1)
    lines = text.split("\n")
    spans: dict[int, list[tuple[int, int | None, str]]] = {}
    for offset, ttype, value in _LEXER.get_tokens_unprocessed(text):
        kind = _kind(ttype)
        if kind is None or not value.strip():
            continue
        end = offset + len(value.rstrip("\n"))
        row = bisect_right(starts, offset) - 1
        while offset < end and row < len(lines):
            line_start = starts[row]
            line = lines[row]
            col_start = offset - line_start
            col_end = min(end - line_start, len(line))
            if col_end > col_start:
                byte_start = len(line[:col_start].encode())
                byte_end = len(line[:col_end].encode())
                spans.setdefault(row, []).append((byte_start, byte_end, kind))
            row += 1
            offset = starts[row] if row < len(starts) else end
    return spans


class YamlEditor(TextArea):
    """TextArea with YAML highlighting and no tree-sitter."""

    def on_mount(self) -> None:
        """Follow the app theme."""
        self.watch(self.app, "theme", self._retheme)

    def _retheme(self, _name: str = "") -> None:
        colours = self.app.current_theme
        fg = colours.foreground or "white"

        def style(colour: str | None, *, bold: bool = False, italic: bool = False) -> Style:
            return Style(color=colour or fg, bold=bold, italic=italic)

        theme = TextAreaTheme(
            name="helm-yaml",
            syntax_styles={
                "key": style(colours.primary, bold=True),
                "string": style(colours.success),
                "number": style(colours.warning),
                "keyword": style(colours.accent),
                "comment": style(colours.secondary, italic=True),
                "punct": style(colours.secondary),
            },
        )
        self.register_theme(theme)
        self.theme = "helm-yaml"
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        """Pygments instead of tree-sitter (TextArea calls this after every edit)."""
        self._line_cache.clear()
        self._highlights.clear()
        for row, spans in highlight_map(self.text).items():
            self._highlights[row].extend(spans)
