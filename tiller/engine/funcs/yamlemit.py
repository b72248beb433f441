"""A port of the parts of yaml.v2's emitter (emitterc.go) that ``toYaml`` exercises.

Block mappings and sequences, flow ``[]``/``{}`` for empty collections, and scalars in
plain, single-quoted, double-quoted or literal style, with libyaml's column/indent
bookkeeping so that line folding (best width 80) and indentation match byte for byte.
"""

from __future__ import annotations

from typing import Any

from .goconv import to_bytes
from .yamlscalar import (
    BREAKS,
    ESCAPED,
    Analysis,
    analyze,
    compiled,
    has_break,
    has_escaped,
    has_non_newline_break,
)
from .yamlstyle import scalar_text, sort_keys

BEST_INDENT = 2
BEST_WIDTH = 80
# The folding writers go token by token: a space, a break (or a character to escape),
# or a run of characters written as they are.
_PLAIN_TOKENS = r"( )|([\r\n\x85\u2028\u2029])|([^ \r\n\x85\u2028\u2029]+)"
_SINGLE_TOKENS = r"( )|([\r\n\x85\u2028\u2029])|(')|([^ '\r\n\x85\u2028\u2029]+)"
_DOUBLE_TOKENS = rf"( )|([{ESCAPED}])|([^ {ESCAPED}]+)"
_ESCAPES = {
    "\x00": "0",
    "\x07": "a",
    "\x08": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\xa0": "_",
    "\u2028": "L",
    "\u2029": "P",
}


class Emitter:
    """Emitter state: output, column, indent stack and the whitespace/indention flags."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.indent = -1
        self.indents: list[int] = []
        self.whitespace = True
        self.indention = True

    # -- low-level writers -------------------------------------------------------
    def put(self, c: str) -> None:
        """Write one character."""
        self.out.append(c)
        self.column += 1

    def put_break(self) -> None:
        """Write a line break."""
        self.out.append("\n")
        self.column = 0

    def write_break(self, c: str) -> None:
        """Write a break character from the value."""
        if c == "\n":
            self.put_break()
        else:
            self.out.append(c)
            self.column = 0

    def write_indent(self) -> None:
        """Port of ``yaml_emitter_write_indent``."""
        indent = max(self.indent, 0)
        if (
            not self.indention
            or self.column > indent
            or (self.column == indent and not self.whitespace)
        ):
            self.put_break()
        if self.column < indent:
            self.out.append(" " * (indent - self.column))
            self.column = indent
        self.whitespace = True
        self.indention = True

    def indicator(self, text: str, need_ws: bool, is_ws: bool, is_indention: bool) -> None:
        """Port of ``yaml_emitter_write_indicator``."""
        if need_ws and not self.whitespace:
            self.put(" ")
        self.out.append(text)
        self.column += len(text)
        self.whitespace = is_ws
        self.indention = self.indention and is_indention

    def increase_indent(self, flow: bool, indentless: bool) -> None:
        """Port of ``yaml_emitter_increase_indent``."""
        self.indents.append(self.indent)
        if self.indent < 0:
            self.indent = BEST_INDENT if flow else 0
        elif not indentless:
            self.indent += BEST_INDENT

    def pop_indent(self) -> None:
        """Restore the enclosing indentation."""
        self.indent = self.indents.pop()

    # -- nodes -------------------------------------------------------------------
    def document(self, tree: Any) -> str:
        """Emit one implicit document and return the text."""
        self.node(tree, mapping=False, simple_key=False)
        self.indent = -1
        self.write_indent()
        return "".join(self.out)

    def node(self, v: Any, mapping: bool, simple_key: bool) -> None:
        """Emit any node."""
        if isinstance(v, dict) and v:
            self.block_mapping(v)
        elif isinstance(v, list) and v:
            self.block_sequence(v, mapping)
        elif isinstance(v, (dict, list)):
            open_, close = ("{", "}") if isinstance(v, dict) else ("[", "]")
            self.indicator(open_, True, True, False)
            self.indicator(close, False, False, False)
        else:
            text, style = scalar_text(v)
            self.scalar(text, style, simple_key)

    def block_sequence(self, items: list[Any], mapping: bool) -> None:
        """Emit a non-empty block sequence."""
        self.increase_indent(False, mapping and not self.indention)
        for item in items:
            self.write_indent()
            self.indicator("-", True, False, True)
            self.node(item, mapping=False, simple_key=False)
        self.pop_indent()

    def block_mapping(self, d: dict[str, Any]) -> None:
        """Emit a non-empty block mapping with yaml.v2 key order."""
        self.increase_indent(False, False)
        for key in sort_keys(tuple(d)):
            self.write_indent()
            text, style = scalar_text(key)
            info = analyze(text)
            if not info.multiline and (len(text) <= 32 or len(to_bytes(text)) <= 128):
                self.scalar(text, style, simple_key=True, info=info)
                self.indicator(":", False, False, False)
            else:
                self.indicator("?", True, False, True)
                self.scalar(text, style, simple_key=False, info=info)
                self.write_indent()
                self.indicator(":", True, False, True)
            self.node(d[key], mapping=True, simple_key=False)
        self.pop_indent()

    def scalar(self, text: str, style: str, simple_key: bool, info: Analysis | None = None) -> None:
        """Select the final style (``yaml_emitter_select_scalar_style``) and write."""
        info = info or analyze(text)
        if simple_key and info.multiline:
            style = "double"
        if style == "plain" and (not info.block_plain or (not text and simple_key)):
            style = "single"
        if style == "single" and not info.single_quoted:
            style = "double"
        if style == "literal" and (not info.block or simple_key):
            style = "double"
        self.increase_indent(True, False)
        allow_breaks = not simple_key
        if style == "plain":
            self.write_plain(text, allow_breaks)
        elif style == "single":
            self.write_single(text, allow_breaks)
        elif style == "double":
            self.write_double(text, allow_breaks)
        else:
            self.write_literal(text)
        self.pop_indent()

    def _fits(self, value: str, allow_breaks: bool) -> bool:
        # True when writing value char by char could not fold a line: no break in it,
        # and no space (where folding happens) past the best width.
        return not has_break(value) and (
            not allow_breaks or self.column + value.rfind(" ") <= BEST_WIDTH
        )

    def _write_as_is(self, value: str) -> None:
        self.out.append(value)
        self.column += len(value)

    def write_plain(self, value: str, allow_breaks: bool) -> None:
        """Plain scalar writer."""
        if not self.whitespace:
            self.put(" ")
        if self._fits(value, allow_breaks):
            self._write_as_is(value)
        else:
            self._write_plain_folding(value, allow_breaks)
        self.whitespace = False
        self.indention = False

    def _write_plain_folding(self, value: str, allow_breaks: bool) -> None:
        spaces = breaks = False
        n = len(value)
        for m in compiled(_PLAIN_TOKENS).finditer(value):
            kind = m.lastindex
            if kind == 1:  # a space: where a line may fold
                i = m.start()
                nxt_space = i + 1 < n and value[i + 1] == " "
                if allow_breaks and not spaces and self.column > BEST_WIDTH and not nxt_space:
                    self.write_indent()
                else:
                    self.put(" ")
                spaces = True
            elif kind == 2:  # a break
                c = m[2]
                if not breaks and c == "\n":
                    self.put_break()
                self.write_break(c)
                self.indention = True
                breaks = True
            else:  # a run of other characters, written as they are
                if breaks:
                    self.write_indent()
                self._write_as_is(m[3])
                self.indention = False
                spaces = breaks = False

    def write_single(self, value: str, allow_breaks: bool) -> None:
        """Single-quoted scalar writer."""
        self.indicator("'", True, False, False)
        if "'" not in value and self._fits(value, allow_breaks):
            self._write_as_is(value)
        else:
            self._write_single_folding(value, allow_breaks)
        self.indicator("'", False, False, False)
        self.whitespace = False
        self.indention = False

    def _write_single_folding(self, value: str, allow_breaks: bool) -> None:
        spaces = breaks = False
        n = len(value)
        for m in compiled(_SINGLE_TOKENS).finditer(value):
            kind = m.lastindex
            if kind == 1:  # a space
                i = m.start()
                nxt_space = i + 1 < n and value[i + 1] == " "
                if (
                    allow_breaks
                    and not spaces
                    and self.column > BEST_WIDTH
                    and 0 < i < n - 1
                    and not nxt_space
                ):
                    self.write_indent()
                else:
                    self.put(" ")
                spaces = True
            elif kind == 2:  # a break
                c = m[2]
                if not breaks and c == "\n":
                    self.put_break()
                self.write_break(c)
                self.indention = True
                breaks = True
            else:  # a quote (doubled) or a run of other characters
                if breaks:
                    self.write_indent()
                self._write_as_is("''" if kind == 3 else m[4])
                self.indention = False
                spaces = breaks = False

    def write_double(self, value: str, allow_breaks: bool) -> None:
        """Double-quoted scalar writer (Go-style escapes, folding at spaces)."""
        self.indicator('"', True, False, False)
        if not has_escaped(value) and self._fits(value, allow_breaks):
            self._write_as_is(value)
        else:
            self._write_double_escaping(value, allow_breaks)
        self.indicator('"', False, False, False)
        self.whitespace = False
        self.indention = False

    def _write_double_escaping(self, value: str, allow_breaks: bool) -> None:
        spaces = False
        n = len(value)
        for m in compiled(_DOUBLE_TOKENS).finditer(value):
            kind = m.lastindex
            if kind == 3:  # a run written as it is
                self._write_as_is(m[3])
                spaces = False
            elif kind == 1:  # a space
                i = m.start()
                if allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < n - 1:
                    self.write_indent()
                    if i + 1 < n and value[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(" ")
                spaces = True
            else:  # a character to escape
                c = m[2]
                esc = _ESCAPES.get(c)
                if esc is None:
                    o = ord(c)
                    wide = f"u{o:04X}" if o <= 0xFFFF else f"U{o:08X}"
                    esc = f"x{o:02X}" if o <= 0xFF else wide
                self._write_as_is("\\" + esc)
                spaces = False

    def write_literal(self, value: str) -> None:
        """Literal block scalar writer with indentation and chomping hints."""
        self.indicator("|", True, False, False)
        if value[:1] in (" ",) or (value and value[0] in BREAKS):
            self.indicator(str(BEST_INDENT), False, False, False)
        if not value or value[-1] not in BREAKS:
            chomp = "-"
        elif len(value) == 1 or value[-2] in BREAKS:
            chomp = "+"
        else:
            chomp = ""
        if chomp:
            self.indicator(chomp, False, False, False)
        self.put_break()
        self.indention = True
        self.whitespace = True
        if not has_non_newline_break(value):
            self._write_literal_lines(value)
            return
        breaks = True
        for c in value:
            if c in BREAKS:
                self.write_break(c)
                self.indention = True
                breaks = True
            else:
                if breaks:
                    self.write_indent()
                self.put(c)
                self.indention = False
                breaks = False

    def _write_literal_lines(self, value: str) -> None:
        # What the loop above writes when "\n" is the only break: every non-empty line
        # indented, empty lines left empty (whitespace stays set throughout).
        pad = " " * max(self.indent, 0)
        lines = value.split("\n")
        self.out.append("\n".join(pad + line if line else line for line in lines))
        last = lines[-1]
        self.column = len(pad) + len(last) if last else 0
        self.indention = not last
