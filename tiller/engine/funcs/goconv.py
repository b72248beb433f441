"""Go standard-library primitives Sprig relies on.

strconv parsing, float formatting, byte-oriented string slicing and unicode predicates.

Go strings are byte sequences while Python strings are code points; functions that
slice by byte offset go through :func:`to_bytes`/:func:`from_bytes`, which keep bytes
that are not valid UTF-8 as surrogate escapes so nothing is lost.
"""

from __future__ import annotations

import math
import re
import unicodedata

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


class GoSyntaxError(ValueError):
    """strconv reported ErrSyntax or ErrRange."""


def to_bytes(s: str) -> bytes:
    """Encode a Python string as the Go byte string it stands for."""
    return s.encode("utf-8", "surrogateescape")


def from_bytes(b: bytes) -> str:
    """Decode Go string bytes, keeping invalid UTF-8 bytes as surrogate escapes."""
    return b.decode("utf-8", "surrogateescape")


def wrap_int64(v: int) -> int:
    """Two's-complement wrap-around of Go int64 arithmetic."""
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= (1 << 63) else v


def float_to_int64(f: float) -> int:
    """Go's ``int64(f)`` conversion as amd64 performs it (NaN/overflow give MinInt64)."""
    if math.isnan(f) or math.isinf(f) or not (-(2.0**63) <= f < 2.0**63):
        return INT64_MIN
    return int(f)


def _underscore_ok(s: str) -> bool:
    # strconv.underscoreOK: underscores only between digits (or after a base prefix).
    saw = "^"
    i = 0
    if s[:1] in ("+", "-"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if c.isascii() and (c.isdigit() or (hexa and c.lower() in "abcdef")):
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


_DEC_INT = re.compile(r"[+-]?[0-9]+\Z")


def parse_int10(s: str) -> int:
    """``strconv.ParseInt(s, 10, 64)``.

    Raises:
        GoSyntaxError: On a syntax error or when the value overflows int64.
    """
    if not _DEC_INT.match(s):
        raise GoSyntaxError(s)
    v = int(s)
    if not INT64_MIN <= v <= INT64_MAX:
        raise GoSyntaxError(s)
    return v


def atoi(s: str) -> int:
    """``strconv.Atoi`` (base 10, int64 range on 64-bit Go).

    Raises:
        GoSyntaxError: On any parse failure.
    """
    return parse_int10(s)


_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?\Z")
_HEX_FLOAT = re.compile(
    r"([+-]?)0[xX]((?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+))[pP]([+-]?[0-9_]+)\Z"
)
_SPECIAL = {
    "inf": math.inf,
    "+inf": math.inf,
    "infinity": math.inf,
    "+infinity": math.inf,
    "-inf": -math.inf,
    "-infinity": -math.inf,
    "nan": math.nan,
}


def parse_float(s: str) -> float:
    """``strconv.ParseFloat(s, 64)`` including Go's special names and hex floats.

    Raises:
        GoSyntaxError: On a syntax error, or on overflow (Go returns ErrRange).
    """
    special = _SPECIAL.get(s.lower())
    if special is not None:
        return special
    if "_" in s and not _underscore_ok(s):
        raise GoSyntaxError(s)
    m = _HEX_FLOAT.match(s)
    if m:
        mant = m.group(2).replace("_", "")
        if mant in (".", ""):
            raise GoSyntaxError(s)
        try:
            v = float.fromhex(f"{m.group(1)}0x{mant}p{m.group(3).replace('_', '')}")
        except OverflowError:
            raise GoSyntaxError(s) from None
    elif _DEC_FLOAT.match(s) and any(c.isdigit() for c in s.split("e")[0].split("E")[0]):
        v = float(s.replace("_", ""))
    else:
        raise GoSyntaxError(s)
    if math.isinf(v):
        raise GoSyntaxError(s)
    return v


def shortest_digits(f: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of a finite non-zero ``|f|``.

    Python's repr and Go's strconv both produce the shortest digit string that
    reads back to the same float, so the digits agree.

    Returns:
        ``(digits, exp10)`` such that ``|f| == 0.digits * 10**exp10``.
    """
    r = repr(abs(f))
    mant, _, exp = r.partition("e")
    e = int(exp) if exp else 0
    intpart, _, frac = mant.partition(".")
    digits = (intpart + frac).lstrip("0")
    lead_zeros = len(intpart + frac) - len((intpart + frac).lstrip("0"))
    point = len(intpart) - lead_zeros + e
    return digits.rstrip("0") or "0", point


def format_float_g(f: float) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 64)``, which is also fmt's ``%v`` of a float64.

    Shortest digits; exponent form when the decimal exponent is < -4 or >= 6 (strconv
    uses precision 6 for that decision when formatting the shortest representation).
    """
    special = _special_float(f)
    if special is not None:
        return special
    sign = "-" if math.copysign(1.0, f) < 0 else ""
    if f == 0:
        return sign + "0"
    digits, point = shortest_digits(f)
    exp = point - 1
    if exp < -4 or exp >= 6:
        return sign + _exp_form(digits, exp)
    return sign + _plain_form(digits, point)


def format_float_json(f: float) -> str:
    """encoding/json's float64 text: plain decimal in [1e-6, 1e21), exponent otherwise.

    Raises:
        ValueError: For NaN and infinities, which encoding/json refuses.
    """
    if math.isnan(f) or math.isinf(f):
        raise ValueError(f"json: unsupported value: {format_float_g(f)}")
    sign = "-" if math.copysign(1.0, f) < 0 else ""
    if f == 0:
        return sign + "0"
    digits, point = shortest_digits(f)
    a = abs(f)
    if a < 1e-6 or a >= 1e21:
        text = _exp_form(digits, point - 1)
        # json drops the leading zero of a two-digit negative exponent: 1e-07 -> 1e-7.
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return sign + text
    return sign + _plain_form(digits, point)


def _special_float(f: float) -> str | None:
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    return None


def _exp_form(digits: str, exp: int) -> str:
    m = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{m}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _plain_form(digits: str, point: int) -> str:
    nd = len(digits)
    if point <= 0:
        return "0." + "0" * (-point) + digits
    if point >= nd:
        return digits + "0" * (point - nd)
    return digits[:point] + "." + digits[point:]


_GO_LATIN1_SPACE = frozenset("\t\n\v\f\r \x85\xa0")
_GO_UNICODE_SPACE = frozenset(
    "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def is_space(c: str) -> bool:
    """``unicode.IsSpace`` (Python's isspace also accepts U+001C..U+001F; Go does not)."""
    return c in _GO_LATIN1_SPACE or c in _GO_UNICODE_SPACE


def is_upper(c: str) -> bool:
    """``unicode.IsUpper``."""
    return unicodedata.category(c) == "Lu"


def is_lower(c: str) -> bool:
    """``unicode.IsLower``."""
    return unicodedata.category(c) == "Ll"


def is_title(c: str) -> bool:
    """``unicode.IsTitle``."""
    return unicodedata.category(c) == "Lt"


def is_letter(c: str) -> bool:
    """``unicode.IsLetter``."""
    return unicodedata.category(c).startswith("L")


def is_digit(c: str) -> bool:
    """``unicode.IsDigit`` (decimal digits only)."""
    return unicodedata.category(c) == "Nd"


def is_number(c: str) -> bool:
    """``unicode.IsNumber`` (any N category)."""
    return unicodedata.category(c).startswith("N")


# Go maps case with the simple (one rune to one rune) Unicode mappings, while Python's
# str.upper()/lower() use the full mappings ("ß".upper() == "SS").  A full mapping that
# yields several characters means there is no simple mapping, except for these.
_SIMPLE_LOWER = {"\u0130": "i"}


def to_upper(c: str) -> str:
    """``unicode.ToUpper`` of one character."""
    u = c.upper()
    return u if len(u) == 1 else c


def to_lower(c: str) -> str:
    """``unicode.ToLower`` of one character."""
    if c in _SIMPLE_LOWER:
        return _SIMPLE_LOWER[c]
    u = c.lower()
    return u if len(u) == 1 else c


def to_title(c: str) -> str:
    """``unicode.ToTitle`` of one character."""
    u = c.title()
    return u if len(u) == 1 else to_upper(c)


def str_upper(s: str) -> str:
    """``strings.ToUpper``."""
    return "".join(to_upper(c) for c in s)


def str_lower(s: str) -> str:
    """``strings.ToLower``."""
    return "".join(to_lower(c) for c in s)


def trim_space(s: str) -> str:
    """``strings.TrimSpace``."""
    i, j = 0, len(s)
    while i < j and is_space(s[i]):
        i += 1
    while j > i and is_space(s[j - 1]):
        j -= 1
    return s[i:j]


def slice_error(lo: int | None, hi: int | None, length: int) -> str:
    """Go's runtime message for a failing string slice ``s[lo:hi]``.

    Args:
        lo: Low bound as written (None when omitted).
        hi: High bound as written (None when omitted).
        length: Length of the string in bytes.

    Returns:
        The ``runtime error: slice bounds out of range ...`` text.
    """
    h = length if hi is None else hi
    lo_v = 0 if lo is None else lo
    if h < 0 or h > length:
        if h < 0:
            return f"runtime error: slice bounds out of range [:{h}]"
        return f"runtime error: slice bounds out of range [:{h}] with length {length}"
    if lo_v < 0:
        return f"runtime error: slice bounds out of range [{lo_v}:]"
    return f"runtime error: slice bounds out of range [{lo_v}:{h}]"


def go_slice(b: bytes, lo: int | None, hi: int | None) -> bytes:
    """Slice with Go's bounds checks.

    Raises:
        IndexError: With Go's runtime message when the bounds are invalid.
    """
    length = len(b)
    h = length if hi is None else hi
    lo_v = 0 if lo is None else lo
    if h < 0 or h > length or lo_v < 0 or lo_v > h:
        raise IndexError(slice_error(lo, hi, length))
    return b[lo_v:h]
