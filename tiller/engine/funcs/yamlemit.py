"""A port of the parts of yaml.v2's emitter (emitterc.go) that ``toYaml`` exercises.

Block mappings and sequences, flow ``[]``/``{}`` for empty collections, and scalars in
plain, single-quoted, double-quoted or literal style, with libyaml's column/indent
bookkeeping so that line folding (best width 80) and indentation match byte for byte.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .goconv import to_bytes
from .yamlstyle import scalar_text, sort_keys

BEST_INDENT = 2
BEST_WIDTH = 80
_BREAKS = "\r\n\x85\u2028\u2029"
_WS_OR_BREAK = " \t" + _BREAKS
_FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`"
# Pairs the scalar analysis looks for (substring tests: no regular expression to build).
_COLON_THEN_WS = tuple(":" + c for c in _WS_OR_BREAK)
_WS_THEN_HASH = tuple(c + "#" for c in _WS_OR_BREAK)
_BREAK_THEN_SPACE = tuple(c + " " for c in _BREAKS)
_SPACE_THEN_BREAK = tuple(" " + c for c in _BREAKS)
# Escaped in double quotes: what yaml.v2's is_printable rejects (it accepts LF, ASCII
# but DEL, the BMP but surrogates and BOM), breaks, the quote and the backslash.
_ESCAPED = r"\x00-\x1f\"\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff"
_ESCAPED_CLASS = f"[{_ESCAPED}]"
_NOT_PRINTABLE = (
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]"
)
# The folding writers go token by token: a space, a break (or a character to escape),
# or a run of characters written as they are.
_PLAIN_TOKENS = r"( )|([\r\n\x85\u2028\u2029])|([^ \r\n\x85\u2028\u2029]+)"
_SINGLE_TOKENS = r"( )|([\r\n\x85\u2028\u2029])|(')|([^ '\r\n\x85\u2028\u2029]+)"
_DOUBLE_TOKENS = rf"( )|([{_ESCAPED}])|([^ {_ESCAPED}]+)"


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    # Compiled when first needed: classes over wide Unicode ranges take a millisecond
    # or more to compile, which a one-shot `helm-tui template` should pay only if used.
    return re.compile(pattern)


def _has_break(value: str) -> bool:
    return (
        "\n" in value
        or "\r" in value
        or (not value.isascii() and ("\x85" in value or "\u2028" in value or "\u2029" in value))
    )


def _has_non_newline_break(value: str) -> bool:
    return "\r" in value or (
        not value.isascii() and ("\x85" in value or "\u2028" in value or "\u2029" in value)
    )


def _has_special(value: str) -> bool:
    # A character yaml.v2 does not print as it is (ASCII: Python's printable set is its).
    if value.isascii():
        return not value.replace("\n", " ").isprintable()
    return _regex(_NOT_PRINTABLE).search(value) is not None


def _has_escaped(value: str) -> bool:
    if value.isascii():
        return '"' in value or "\\" in value or not value.isprintable()
    return _regex(_ESCAPED_CLASS).search(value) is not None


def _has_any(value: str, pairs: tuple[str, ...]) -> bool:
    return any(pair in value for pair in pairs)


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


class Analysis:
    """yaml_emitter_analyze_scalar's verdict."""

    __slots__ = ("block", "block_plain", "multiline", "single_quoted")

    def __init__(self, multiline: bool, block_plain: bool, single_quoted: bool, block: bool):
        self.multiline = multiline
        self.block_plain = block_plain
        self.single_quoted = single_quoted
        self.block = block


# Words, names, paths, versions: no indicator first, no space at either end, nothing
# special. Most scalars are like this, and for them the scan below finds nothing.
_SIMPLE = re.compile(r"[A-Za-z0-9_./=+](?:[A-Za-z0-9_./=+ -]*[A-Za-z0-9_./=+-])?\Z")
_SIMPLE_ANALYSIS = Analysis(False, True, True, True)


def analyze(value: str) -> Analysis:
    """Port of ``yaml_emitter_analyze_scalar`` (flow context never occurs here)."""
    if not value:
        return Analysis(False, True, True, False)
    if _SIMPLE.match(value) and not value.startswith("..."):
        return _SIMPLE_ANALYSIS
    return _scan(value)


def _scan(value: str) -> Analysis:
    # The character loop of yaml_emitter_analyze_scalar, as searches over the value.
    first, last = value[0], value[-1]
    block_ind = (
        value.startswith(("---", "..."))
        or first in _FIRST_INDICATORS
        or (first in "?:-" and (len(value) == 1 or value[1] in _WS_OR_BREAK))
        # A ":" before whitespace or at the end, a "#" after whitespace (at the start,
        # the first-character rules above decide the same).
        or value.endswith(":")
        or _has_any(value, _COLON_THEN_WS)
        or _has_any(value, _WS_THEN_HASH)
    )
    special = _has_special(value)
    line_breaks = _has_break(value)
    leading_space, trailing_space = first == " ", last == " "
    leading_break, trailing_break = first in _BREAKS, last in _BREAKS
    break_space = _has_any(value, _BREAK_THEN_SPACE)
    space_break = _has_any(value, _SPACE_THEN_BREAK)
    block_plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        block_plain = False
    if trailing_space:
        block = False
    if break_space:
        block_plain = single = False
    if space_break or special:
        block_plain = single = block = False
    if line_breaks:
        block_plain = False
    if block_ind:
        block_plain = False
    return Analysis(line_breaks, block_plain, single, block)


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
        return not _has_break(value) and (
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
        for m in _regex(_PLAIN_TOKENS).finditer(value):
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
        for m in _regex(_SINGLE_TOKENS).finditer(value):
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
        if not _has_escaped(value) and self._fits(value, allow_breaks):
            self._write_as_is(value)
        else:
            self._write_double_escaping(value, allow_breaks)
        self.indicator('"', False, False, False)
        self.whitespace = False
        self.indention = False

    def _write_double_escaping(self, value: str, allow_breaks: bool) -> None:
        spaces = False
        n = len(value)
        for m in _regex(_DOUBLE_TOKENS).finditer(value):
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
        if value[:1] in (" ",) or (value and value[0] in _BREAKS):
            self.indicator(str(BEST_INDENT), False, False, False)
        if not value or value[-1] not in _BREAKS:
            chomp = "-"
        elif len(value) == 1 or value[-2] in _BREAKS:
            chomp = "+"
        else:
            chomp = ""
        if chomp:
            self.indicator(chomp, False, False, False)
        self.put_break()
        self.indention = True
        self.whitespace = True
        if not _has_non_newline_break(value):
            self._write_literal_lines(value)
            return
        breaks = True
        for c in value:
            if c in _BREAKS:
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
