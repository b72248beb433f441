"""What yaml.v2's emitter needs to know about a scalar's characters.

Which characters are breaks, which must be escaped in double quotes, and
``yaml_emitter_analyze_scalar``'s verdict on which styles can hold a value (flow
context never occurs in ``toYaml``).
"""

from __future__ import annotations

import functools
import re

BREAKS = "\r\n\x85\u2028\u2029"
_WS_OR_BREAK = " \t" + BREAKS
_FIRST_INDICATORS = "#,[]{}&*!|>'\"%@`"
# Pairs the scalar analysis looks for (substring tests: no regular expression to build).
_COLON_THEN_WS = tuple(":" + c for c in _WS_OR_BREAK)
_WS_THEN_HASH = tuple(c + "#" for c in _WS_OR_BREAK)
_BREAK_THEN_SPACE = tuple(c + " " for c in BREAKS)
_SPACE_THEN_BREAK = tuple(" " + c for c in BREAKS)
# Escaped in double quotes: what yaml.v2's is_printable rejects (it accepts LF, ASCII
# but DEL, the BMP but surrogates and BOM), breaks, the quote and the backslash.
ESCAPED = r"\x00-\x1f\"\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff"
ESCAPED_CLASS = f"[{ESCAPED}]"
_NOT_PRINTABLE = (
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]"
)


@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """Return ``pattern`` compiled, compiling it when first asked for.

    Classes over wide Unicode ranges take a millisecond or more to compile, which a
    one-shot ``helm-tui template`` should pay only if it needs them.
    """
    return re.compile(pattern)


def has_break(value: str) -> bool:
    """Whether ``value`` holds a YAML line break (LF, CR, NEL, LS or PS)."""
    return (
        "\n" in value
        or "\r" in value
        or (not value.isascii() and ("\x85" in value or "\u2028" in value or "\u2029" in value))
    )


def has_non_newline_break(value: str) -> bool:
    """Whether ``value`` holds a line break other than LF."""
    return "\r" in value or (
        not value.isascii() and ("\x85" in value or "\u2028" in value or "\u2029" in value)
    )


def _has_special(value: str) -> bool:
    # A character yaml.v2 does not print as it is (ASCII: Python's printable set is its).
    if value.isascii():
        return not value.replace("\n", " ").isprintable()
    return compiled(_NOT_PRINTABLE).search(value) is not None


def has_escaped(value: str) -> bool:
    """Whether a double-quoted ``value`` needs an escape (see ``ESCAPED``)."""
    if value.isascii():
        return '"' in value or "\\" in value or not value.isprintable()
    return compiled(ESCAPED_CLASS).search(value) is not None


def _has_any(value: str, pairs: tuple[str, ...]) -> bool:
    return any(pair in value for pair in pairs)


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
    return scan(value)


def scan(value: str) -> Analysis:
    """The full analysis of a non-empty value (:func:`analyze` short-cuts simple ones).

    yaml_emitter_analyze_scalar's character loop, as searches over the value.
    """
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
    line_breaks = has_break(value)
    leading_space, trailing_space = first == " ", last == " "
    leading_break, trailing_break = first in BREAKS, last in BREAKS
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
