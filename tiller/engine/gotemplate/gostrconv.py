"""The parts of Go's ``strconv`` the engine needs: float formatting and quoting."""

from __future__ import annotations

import math
import re
import struct

_PLAIN = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII except " and \\

_SPECIAL = re.compile(r"[^ !#-\[\]-~]")  # everything but printable ASCII other than " and \\


def _escape_match(m: re.Match[str]) -> str:
    return _quote_rune_body(m.group(), '"', False)


_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _digits_of(text: str) -> tuple[str, int]:
    """Split a decimal float text into (significant digits, decimal point position).

    The value is ``0.DIGITS * 10**dp``; trailing zeros are dropped as Go's decimal
    type does, and zero has no digits. ``text`` is unsigned, as Python's float
    formatting writes it (``123.45``, ``1e+16``, ``5e-324``); read by hand rather than
    through ``decimal``, which a one-shot render would pay a few ms to import.
    """
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    all_digits = whole + fraction
    digits = all_digits.lstrip("0")
    dp = len(whole) + int(exponent or 0) - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    if not digits:
        return "", 0
    return digits, dp


def _shortest32(f: float) -> str:
    """Shortest decimal text that reads back as the same float32."""
    packed = struct.pack("<f", f)
    for prec in range(1, 18):
        text = f"{f:.{prec}e}"
        if struct.pack("<f", float(text)) == packed:
            return text
    return repr(f)


def _fmt_e(neg: bool, digits: str, dp: int, prec: int, e: str) -> str:
    first = digits[0] if digits else "0"
    rest = digits[1:]
    out = first
    if prec > 0:
        out += "." + (rest + "0" * prec)[:prec]
    exp = dp - 1 if digits else 0
    sign = "+" if exp >= 0 else "-"
    exp = abs(exp)
    out += e + sign + (f"{exp:02d}")
    return ("-" if neg else "") + out


def _fmt_f(neg: bool, digits: str, dp: int, prec: int) -> str:
    out = digits[:dp] + "0" * (dp - len(digits)) if dp > 0 else "0"
    if prec > 0:
        frac = []
        for i in range(prec):
            j = dp + i
            frac.append(digits[j] if 0 <= j < len(digits) else "0")
        out += "." + "".join(frac)
    return ("-" if neg else "") + out


def format_float(f: float, fmt: str, prec: int, bitsize: int = 64) -> str:
    """Go ``strconv.FormatFloat`` for the formats e, E, f, F, g, G.

    Args:
        f: the number.
        fmt: one of ``eEfFgG``.
        prec: precision, or -1 for the shortest representation that round-trips.
        bitsize: 64 or 32.

    Returns:
        The formatted text, e.g. ``format_float(1e6, 'g', -1) == '1e+06'``.
    """
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    neg = math.copysign(1.0, f) < 0
    a = abs(f)
    shortest = prec < 0
    if shortest:
        text = _shortest32(a) if bitsize == 32 else repr(a)
        digits, dp = _digits_of(text)
        if fmt in "eE":
            prec = max(len(digits) - 1, 0)
        elif fmt in "fF":
            prec = max(len(digits) - dp, 0)
        else:
            prec = len(digits)
    else:
        if fmt in "eE":
            digits, dp = _digits_of(f"{a:.{prec}e}")
        elif fmt in "fF":
            digits, dp = _digits_of(f"{a:.{prec}f}")
        else:
            if prec == 0:
                prec = 1
            digits, dp = _digits_of(f"{a:.{prec - 1}e}")
    if fmt in "eE":
        return _fmt_e(neg, digits, dp, prec, fmt)
    if fmt in "fF":
        return _fmt_f(neg, digits, dp, prec)
    # %g / %G
    eprec = prec
    nd = len(digits)
    if eprec > nd and nd >= dp:
        eprec = nd
    if shortest:
        eprec = 6
    exp = dp - 1
    if exp < -4 or exp >= eprec:
        if prec > nd:
            prec = nd
        return _fmt_e(neg, digits, dp, max(prec - 1, 0), "e" if fmt == "g" else "E")
    if prec > dp:
        prec = nd
    return _fmt_f(neg, digits, dp, max(prec - dp, 0))


def format_float_v(f: float, bitsize: int = 64) -> str:
    """Format a float the way ``%v`` does (``strconv 'g'``, shortest).

    Python's ``repr`` yields the same shortest digits; only the switch to exponent
    form differs (Go: exponent >= 6 or < -4), so the common cases are shortcuts.
    """
    if bitsize != 64 or f != f or f in (math.inf, -math.inf):
        return format_float(f, "g", -1, bitsize)
    a = -f if f < 0 else f
    if a < 1e6:
        if f.is_integer():
            if f == 0 and math.copysign(1.0, f) < 0:
                return "-0"
            return str(int(f))
        return repr(f)  # positional down to 1e-4, exponent form below, as in Go
    if a >= 1e16:
        return repr(f)  # Python's exponent form matches Go's here
    intpart, _, frac = repr(a).partition(".")
    digits = (intpart + frac).rstrip("0")
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return ("-" if f < 0 else "") + f"{mant}e+{len(intpart) - 1:02d}"


def is_print(ch: str) -> bool:
    """Go ``unicode.IsPrint`` (letters, marks, numbers, punctuation, symbols, space)."""
    return ch == " " or (ch.isprintable() and ch != "\u00a0")


def _quote_rune_body(ch: str, quote: str, ascii_only: bool) -> str:
    if ch == quote or ch == "\\":
        return "\\" + ch
    o = ord(ch)
    if ascii_only:
        if o < 0x80 and is_print(ch):
            return ch
    elif is_print(ch):
        return ch
    esc = _ESCAPES.get(ch)
    if esc is not None:
        return esc
    if o < 0x20 or o == 0x7F:
        return f"\\x{o:02x}"
    if 0xD800 <= o <= 0xDFFF:
        # a lone surrogate stands for an invalid UTF-8 byte sequence
        return "\\ufffd"
    if o < 0x10000:
        return f"\\u{o:04x}"
    return f"\\U{o:08x}"


def quote(s: str, ascii_only: bool = False) -> str:
    """Go ``strconv.Quote`` (or ``QuoteToASCII``)."""
    if _PLAIN.fullmatch(s):
        return '"' + s + '"'
    if not ascii_only:
        return '"' + _SPECIAL.sub(_escape_match, s) + '"'
    return '"' + "".join(_quote_rune_body(c, '"', ascii_only) for c in s) + '"'


def quote_bytes(b: bytes, ascii_only: bool = False) -> str:
    """Go ``strconv.Quote`` of a byte string that may hold invalid UTF-8."""
    out = []
    text = b.decode("utf-8", errors="surrogateescape")
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(f"\\x{o - 0xDC00:02x}")
        else:
            out.append(_quote_rune_body(ch, '"', ascii_only))
    return '"' + "".join(out) + '"'


def quote_rune(r: int, ascii_only: bool = False) -> str:
    """Go ``strconv.QuoteRune``; invalid code points become U+FFFD."""
    if r < 0 or r > 0x10FFFF or 0xD800 <= r <= 0xDFFF:
        r = 0xFFFD
    return "'" + _quote_rune_body(chr(r), "'", ascii_only) + "'"


def can_backquote(s: str) -> bool:
    """Go ``strconv.CanBackquote``."""
    for ch in s:
        o = ord(ch)
        if ch == "`" or ch == "\ufeff":
            return False
        if o < 0x20 and ch != "\t":
            return False
        if o == 0x7F:
            return False
    return True
