"""Sprig v2.22.0 string functions (strings.go, goutils v1.1.0 word utilities)."""

from __future__ import annotations

from typing import Any

from ._go import format_value, panic, sprintf
from ._registry import sprig
from .goconv import (
    from_bytes,
    go_slice,
    is_digit,
    is_letter,
    is_lower,
    is_space,
    is_title,
    is_upper,
    str_lower,
    str_upper,
    to_bytes,
    to_lower,
    to_title,
    to_upper,
    trim_space,
)
from .textconv import strval


@sprig("hello", result="string")
def hello() -> str:
    """Sprig's smoke-test function."""
    return "Hello!"


@sprig("trim", params=("string",), result="string")
def trim(s: str) -> str:
    """``strings.TrimSpace``."""
    return trim_space(s)


@sprig("upper", params=("string",), result="string")
def upper(s: str) -> str:
    """``strings.ToUpper``."""
    return str_upper(s)


@sprig("lower", params=("string",), result="string")
def lower(s: str) -> str:
    """``strings.ToLower``."""
    return str_lower(s)


def _title_separator(c: str) -> bool:
    # strings.Title's isSeparator (Go 1.14).
    if c <= "\x7f":
        return not (c.isascii() and (c.isalnum() or c == "_"))
    if is_letter(c) or is_digit(c):
        return False
    return is_space(c)


@sprig("title", params=("string",), result="string")
def title(s: str) -> str:
    """``strings.Title``: title-case the first letter of each word, leave the rest."""
    out = []
    prev = " "
    for c in s:
        out.append(to_title(c) if _title_separator(prev) else c)
        prev = c
    return "".join(out)


@sprig("untitle", params=("string",), result="string")
def untitle(s: str) -> str:
    """Goutils ``Uncapitalize``: lower-case the first letter of every whitespace word."""
    out = []
    nxt = True
    for c in s:
        if is_space(c):
            nxt = True
            out.append(c)
        elif nxt:
            out.append(to_lower(c))
            nxt = False
        else:
            out.append(c)
    return "".join(out)


@sprig("swapcase", params=("string",), result="string")
def swapcase(s: str) -> str:
    """Goutils ``SwapCase``: word based; a lower-case letter starting a word becomes title case."""
    out = []
    ws = True
    for c in s:
        if is_upper(c) or is_title(c):
            out.append(to_lower(c))
            ws = False
        elif is_lower(c):
            out.append(to_title(c) if ws else to_upper(c))
            ws = False
        else:
            out.append(c)
            ws = is_space(c)
    return "".join(out)


@sprig("substr", params=("int", "int", "string"), result="string")
def substr(start: int, end: int, s: str) -> str:
    """Sprig ``substring``: byte slice with Sprig's clamping, Go panics otherwise."""
    b = to_bytes(s)
    try:
        if start < 0:
            return from_bytes(go_slice(b, None, end))
        if end < 0 or end > len(b):
            return from_bytes(go_slice(b, start, None))
        return from_bytes(go_slice(b, start, end))
    except IndexError as e:
        raise panic(str(e)) from None


@sprig("trunc", params=("int", "string"), result="string")
def trunc(c: int, s: str) -> str:
    """First ``c`` bytes; v2.22 has no negative support (Go panics on ``s[0:-2]``)."""
    b = to_bytes(s)
    if len(b) <= c:
        return s
    try:
        return from_bytes(go_slice(b, 0, c))
    except IndexError as e:
        raise panic(str(e)) from None


@sprig("repeat", params=("int", "string"), result="string")
def repeat(count: int, s: str) -> str:
    """``strings.Repeat`` with the template-friendly argument order."""
    if count < 0:
        raise panic("strings: negative Repeat count")
    if count and len(to_bytes(s)) * count // count != len(to_bytes(s)):
        raise panic("strings: Repeat count causes overflow")
    return s * count


def go_trim(s: str, cutset: str) -> str:
    """``strings.Trim``: drop leading/trailing runes contained in ``cutset``."""
    if not s or not cutset:
        return s
    cut = set(cutset)
    i, j = 0, len(s)
    while i < j and s[i] in cut:
        i += 1
    while j > i and s[j - 1] in cut:
        j -= 1
    return s[i:j]


@sprig("trimAll", "trimall", params=("string", "string"), result="string")
def trim_all(a: str, b: str) -> str:
    """``strings.Trim(b, a)``."""
    return go_trim(b, a)


@sprig("trimSuffix", params=("string", "string"), result="string")
def trim_suffix(a: str, b: str) -> str:
    """``strings.TrimSuffix(b, a)``."""
    return b[: -len(a)] if a and b.endswith(a) else b


@sprig("trimPrefix", params=("string", "string"), result="string")
def trim_prefix(a: str, b: str) -> str:
    """``strings.TrimPrefix(b, a)``."""
    return b[len(a) :] if b.startswith(a) else b


def _byte_runes(s: str, keep: Any) -> str:
    # goutils walks the string byte by byte and writes each byte back as the rune of the
    # same number, so non-ASCII text comes out re-encoded (mojibake) - Go does the same.
    return "".join(chr(x) for x in to_bytes(s) if keep(chr(x)))


@sprig("nospace", params=("string",), result="string")
def nospace(s: str) -> str:
    """Goutils ``DeleteWhiteSpace`` (byte oriented, like the original)."""
    b = to_bytes(s)
    if not any(is_space(chr(x)) for x in b):
        return s
    return _byte_runes(s, lambda c: not is_space(c))


@sprig("initials", params=("string",), result="string")
def initials(s: str) -> str:
    """Goutils ``Initials``: first byte of each whitespace-separated word."""
    out = []
    gap = True
    for x in to_bytes(s):
        c = chr(x)
        if is_space(c):
            gap = True
        elif gap:
            out.append(c)
            gap = False
    return "".join(out)


@sprig("contains", params=("string", "string"), result="bool")
def contains(substr_: str, s: str) -> bool:
    """``strings.Contains(s, substr)``."""
    return substr_ in s


@sprig("hasPrefix", params=("string", "string"), result="bool")
def has_prefix(p: str, s: str) -> bool:
    """``strings.HasPrefix(s, p)``."""
    return s.startswith(p)


@sprig("hasSuffix", params=("string", "string"), result="bool")
def has_suffix(x: str, s: str) -> bool:
    """``strings.HasSuffix(s, x)``."""
    return s.endswith(x)


@sprig("quote", variadic="interface {}", result="string")
def quote(*args: Any) -> str:
    """Go ``%q`` of each non-nil argument's string form, space separated."""
    return " ".join(sprintf("%q", strval(a)) for a in args if a is not None)


@sprig("squote", variadic="interface {}", result="string")
def squote(*args: Any) -> str:
    """``'%v'`` of each non-nil argument (no escaping), space separated."""
    return " ".join("'" + format_value(a) + "'" for a in args if a is not None)


@sprig("cat", variadic="interface {}", result="string")
def cat(*args: Any) -> str:
    """``%v`` of each non-nil argument, space separated."""
    return " ".join(format_value(a) for a in args if a is not None)


@sprig("indent", params=("int", "string"), result="string")
def indent(spaces: int, v: str) -> str:
    """Prefix every line (including after a trailing newline) with ``spaces`` spaces."""
    pad = repeat(spaces, " ")
    return pad + v.replace("\n", "\n" + pad)


@sprig("nindent", params=("int", "string"), result="string")
def nindent(spaces: int, v: str) -> str:
    """Newline followed by :func:`indent`."""
    return "\n" + indent(spaces, v)


@sprig("replace", params=("string", "string", "string"), result="string")
def replace(old: str, new: str, src: str) -> str:
    """``strings.Replace(src, old, new, -1)``."""
    # An empty `old` inserts `new` around every rune in both Go and Python.
    return src.replace(old, new)


@sprig("plural", params=("string", "string", "int"), result="string")
def plural(one: str, many: str, count: int) -> str:
    """``one`` when count is 1, else ``many``."""
    return one if count == 1 else many
