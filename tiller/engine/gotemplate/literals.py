"""Go literal syntax: string unquoting and number classification.

Covers ``strconv.Unquote``, ``UnquoteChar`` and the number rules ``parse.newNumber``
applies (``ParseUint``/``ParseInt`` with base 0, ``ParseFloat``).
"""

from __future__ import annotations

import math

from .nodes import NumberNode

_SIMPLE_ESCAPES = {
    "a": 7,
    "b": 8,
    "f": 12,
    "n": 10,
    "r": 13,
    "t": 9,
    "v": 11,
    "\\": 92,
}

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1


class LiteralError(Exception):
    """A literal Go would reject; ``str()`` is Go's error text."""


def unquote_char(s: str, i: int, quote: str) -> tuple[int | bytes, int]:
    r"""Decode one (possibly escaped) character of a Go literal at ``s[i]``.

    Returns:
        (code point, or a raw byte as ``bytes`` for ``\\x``/octal escapes, next index).

    Raises:
        LiteralError: ``invalid syntax``.
    """
    c = s[i]
    if c == quote and quote in "'\"":
        raise LiteralError("invalid syntax")
    if c != "\\":
        return ord(c), i + 1
    if i + 1 >= len(s):
        raise LiteralError("invalid syntax")
    c = s[i + 1]
    i += 2
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], i
    if c in "xuU":
        n = {"x": 2, "u": 4, "U": 8}[c]
        digits = s[i : i + n]
        if len(digits) < n or any(d not in "0123456789abcdefABCDEF" for d in digits):
            raise LiteralError("invalid syntax")
        v = int(digits, 16)
        if c == "x":
            return bytes([v]), i + n
        if v > 0x10FFFF or 0xD800 <= v <= 0xDFFF:
            raise LiteralError("invalid syntax")
        return v, i + n
    if "0" <= c <= "7":
        digits = s[i - 1 : i + 2]
        if len(digits) < 3 or any(d not in "01234567" for d in digits):
            raise LiteralError("invalid syntax")
        v = int(digits, 8)
        if v > 255:
            raise LiteralError("invalid syntax")
        return bytes([v]), i + 2
    if c in "'\"":
        if c != quote:
            raise LiteralError("invalid syntax")
        return ord(c), i
    raise LiteralError("invalid syntax")


def unquote(s: str) -> str:
    """Go ``strconv.Unquote`` for the string literals the lexer produces."""
    if len(s) < 2 or s[0] != s[-1]:
        raise LiteralError("invalid syntax")
    q = s[0]
    body = s[1:-1]
    if q == "`":
        if "`" in body:
            raise LiteralError("invalid syntax")
        return body.replace("\r", "")
    if q != '"':
        raise LiteralError("invalid syntax")
    if "\n" in body:
        raise LiteralError("invalid syntax")
    if "\\" not in body and '"' not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        v, i = unquote_char(body, i, '"')
        if isinstance(v, bytes):
            out += v
        else:
            out += chr(v).encode("utf-8", "surrogatepass")
    return out.decode("utf-8", "surrogateescape")


def _underscore_ok(s: str) -> bool:
    saw = "^"
    i = 0
    if s[:1] in ("-", "+"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9" or (hexa and "a" <= c.lower() <= "f"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_int(text: str, unsigned: bool) -> int | None:
    """Go ``ParseInt``/``ParseUint`` with base 0; None on any error."""
    s = text
    neg = False
    if s[:1] in ("+", "-"):
        if unsigned:
            return None
        neg = s[0] == "-"
        s = s[1:]
    if not s:
        return None
    base = 10
    body = s
    if s[0] == "0" and len(s) > 1:
        p = s[1].lower()
        if p == "x":
            base, body = 16, s[2:]
        elif p == "o":
            base, body = 8, s[2:]
        elif p == "b":
            base, body = 2, s[2:]
        else:
            base, body = 8, s[1:]
    if "_" in body or "_" in s:
        if not _underscore_ok(s):
            return None
        body = body.replace("_", "")
    if not body:
        return None
    digits = "0123456789abcdef"[:base]
    if any(c.lower() not in digits for c in body):
        return None
    v = int(body, base)
    if neg:
        v = -v
    if unsigned:
        return v if v <= UINT64_MAX else None
    return v if INT64_MIN <= v <= INT64_MAX else None


def parse_float(text: str) -> float | None:
    """Go ``ParseFloat(text, 64)`` for number-literal syntax; None on error."""
    s = text
    if "_" in s:
        if not _underscore_ok(s):
            return None
        s = s.replace("_", "")
    body = s.lstrip("+-")
    if len(s) - len(body) > 1 or not body:
        return None
    try:
        if body[:2].lower() == "0x":
            if "p" not in body.lower():
                return None
            f = float.fromhex(body)
        else:
            if any(c not in "0123456789.eE+-" for c in body):
                return None
            f = float(body)
    except ValueError:
        return None
    if math.isinf(f):
        return None
    return -f if s.startswith("-") else f


def _simplify_complex(n: NumberNode) -> None:
    n.is_float = n.complex128.imag == 0
    if n.is_float:
        n.float64 = n.complex128.real
        f = n.float64
        n.is_int = math.isfinite(f) and f == int(f) and INT64_MIN <= f <= INT64_MAX
        if n.is_int:
            n.int64 = int(f)
        n.is_uint = math.isfinite(f) and f == int(f) and 0 <= f <= UINT64_MAX
        if n.is_uint:
            n.uint64 = int(f)


def fill_number(n: NumberNode, is_char: bool, is_complex: bool) -> None:
    """Classify a number literal exactly as Go's ``newNumber`` does.

    Raises:
        LiteralError: Go's error (``illegal number syntax: "-"`` ...).
    """
    text = n.text
    if is_char:
        v, i = unquote_char(text, 1, "'")
        if isinstance(v, bytes):
            v = v[0]
        if text[i:] != "'":
            raise LiteralError(f"malformed character constant: {text}")
        n.int64 = n.uint64 = v
        n.float64 = float(v)
        n.is_int = n.is_uint = n.is_float = True
        return
    if is_complex:
        try:
            n.complex128 = complex(text.replace("i", "j"))
        except ValueError as exc:
            raise LiteralError("expected integer") from exc
        n.is_complex = True
        _simplify_complex(n)
        return
    if text.endswith("i"):
        f = parse_float(text[:-1])
        if f is not None:
            n.is_complex = True
            n.complex128 = complex(0, f)
            _simplify_complex(n)
            return
    u = parse_int(text, unsigned=True)
    if u is not None:
        n.is_uint = True
        n.uint64 = u
    si = parse_int(text, unsigned=False)
    if si is not None:
        n.is_int = True
        n.int64 = si
        if si == 0:
            n.is_uint = True
            n.uint64 = u or 0
    if n.is_int:
        n.is_float = True
        n.float64 = float(n.int64)
    elif n.is_uint:
        n.is_float = True
        n.float64 = float(n.uint64)
    else:
        f = parse_float(text)
        if f is not None:
            if not any(c in text for c in ".eEpP"):
                raise LiteralError(f"integer overflow: {text}")
            n.is_float = True
            n.float64 = f
            if f == int(f) and INT64_MIN <= f <= INT64_MAX:
                n.is_int = True
                n.int64 = int(f)
            if f == int(f) and 0 <= f <= UINT64_MAX:
                n.is_uint = True
                n.uint64 = int(f)
    if not (n.is_int or n.is_uint or n.is_float):
        from .gostrconv import quote

        raise LiteralError(f"illegal number syntax: {quote(text)}")
