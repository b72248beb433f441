"""Go ``fmt``'s formatting of scalars: flags, padding, integers, floats, strings.

This is the ``fmt`` half of Go's printer (``fmt/format.go``); the value walker and
``Printf`` parsing live in :mod:`.fmt_printer`.
"""

from __future__ import annotations

from typing import Any

from .gostrconv import can_backquote, format_float, is_print, quote, quote_rune

LDIGITS = "0123456789abcdefx"
UDIGITS = "0123456789ABCDEFX"
_MAX_RUNE = 0x10FFFF


class FmtScalars:
    """Formatting state of one verb (Go's ``fmt``): flags, width, precision, output."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.clear_flags()

    def clear_flags(self) -> None:
        """Reset flags, width and precision."""
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False

    def flags(self) -> tuple[Any, ...]:
        """Snapshot of the flags (to restore after a nested print)."""
        return (
            self.plus, self.minus, self.sharp, self.space, self.zero, self.plus_v,
            self.sharp_v, self.wid, self.prec, self.wid_present, self.prec_present,
        )  # fmt: skip

    def set_flags(self, f: tuple[Any, ...]) -> None:
        """Restore a snapshot taken by :meth:`flags`."""
        (
            self.plus, self.minus, self.sharp, self.space, self.zero, self.plus_v,
            self.sharp_v, self.wid, self.prec, self.wid_present, self.prec_present,
        ) = f  # fmt: skip

    def bad_verb(self, verb: str, arg: Any) -> None:
        """Write Go's ``%!verb(type=value)``; provided by the printer."""
        raise NotImplementedError

    # -- padding -------------------------------------------------------------

    def write_padding(self, n: int) -> None:
        """Write ``n`` pad characters (zeros with the 0 flag)."""
        if n > 0:
            self.buf.append(("0" if self.zero else " ") * n)

    def pad(self, s: str) -> None:
        """Write ``s`` padded to the width (left, or right with the - flag)."""
        if not self.wid_present or self.wid == 0:
            self.buf.append(s)
            return
        width = self.wid - len(s)  # runes: Python str length
        if not self.minus:
            self.write_padding(width)
            self.buf.append(s)
        else:
            self.buf.append(s)
            self.write_padding(width)

    # -- scalars -------------------------------------------------------------

    def fmt_integer(self, u: int, base: int, verb: str, digits: str) -> None:
        """Go's ``fmtInteger``: digits, precision, prefixes, sign, padding."""
        negative = u < 0
        if negative:
            u = -u
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:
                old = self.zero
                self.zero = False
                self.write_padding(self.wid)
                self.zero = old
                return
        elif self.zero and self.wid_present:
            prec = self.wid
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            body = str(u)
        elif base == 16:
            body = format(u, "x") if digits is LDIGITS else format(u, "X")
        elif base == 8:
            body = format(u, "o")
        else:
            body = format(u, "b")
        if len(body) < prec:
            body = "0" * (prec - len(body)) + body
        if self.sharp:
            if base == 2:
                body = "0b" + body
            elif base == 8:
                if body[0] != "0":
                    body = "0" + body
            elif base == 16:
                body = "0" + digits[16] + body
        if verb == "O":
            body = "0o" + body
        if negative:
            body = "-" + body
        elif self.plus:
            body = "+" + body
        elif self.space:
            body = " " + body
        old = self.zero
        self.zero = False
        self.pad(body)
        self.zero = old

    def fmt_int_verb(self, v: int, unsigned: bool, verb: str, orig: Any = None) -> None:
        """Go's ``pp.fmtInteger``: integer under each verb (``orig`` is shown in errors)."""
        if verb == "v":
            if self.sharp_v and unsigned:
                old = self.sharp
                self.sharp = True
                self.fmt_integer(v, 16, "v", LDIGITS)
                self.sharp = old
            else:
                self.fmt_integer(v, 10, verb, LDIGITS)
        elif verb == "d":
            self.fmt_integer(v, 10, verb, LDIGITS)
        elif verb == "b":
            self.fmt_integer(v, 2, verb, LDIGITS)
        elif verb in ("o", "O"):
            self.fmt_integer(v, 8, verb, LDIGITS)
        elif verb == "x":
            self.fmt_integer(v, 16, verb, LDIGITS)
        elif verb == "X":
            self.fmt_integer(v, 16, verb, UDIGITS)
        elif verb == "c":
            r = v if 0 <= v <= _MAX_RUNE and not 0xD800 <= v <= 0xDFFF else 0xFFFD
            self.pad(chr(r))
        elif verb == "q":
            if 0 <= v <= _MAX_RUNE:
                r = v if not 0xD800 <= v <= 0xDFFF else 0xFFFD
                if self.sharp and is_print(chr(r)):
                    self.pad("'" + chr(r) + "'")
                else:
                    self.pad(quote_rune(r, ascii_only=self.plus))
            else:
                self.bad_verb(verb, v if orig is None else orig)
        elif verb == "U":
            prec = self.prec if self.prec_present and self.prec > 4 else 4
            body = "U+" + format(v & 0xFFFFFFFFFFFFFFFF, "X").rjust(prec, "0")
            if self.sharp and 0 <= v <= _MAX_RUNE and is_print(chr(v)):
                body += " '" + chr(v) + "'"
            old = self.zero
            self.zero = False
            self.pad(body)
            self.zero = old
        else:
            self.bad_verb(verb, v if orig is None else orig)

    def fmt_float(self, v: float, size: int, verb: str) -> None:
        """Go's ``pp.fmtFloat``: float under each verb."""
        if verb == "v":
            self._float(v, size, "g", -1)
        elif verb in "bgGxX":
            self._float(v, size, verb, -1)
        elif verb in "feEF":
            self._float(v, size, "f" if verb == "F" else verb, 6)
        else:
            self.bad_verb(verb, v)

    def _float(self, v: float, size: int, verb: str, prec: int) -> None:
        if self.prec_present:
            prec = self.prec
        if verb in "xX":
            num = _hex_float(v, prec, verb)
        elif verb == "b":
            num = _binary_float(v, size)
        else:
            num = format_float(v, verb, prec, size)
        if num[0] not in "+-":
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":
            old = self.zero
            self.zero = False
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad(num)
            self.zero = old
            return
        if self.sharp and verb != "b":
            digits = 0
            if verb in "vgGx":
                digits = prec if prec != -1 else 6
            tail = ""
            has_point = False
            body = num[1:]
            kept = []
            for i, ch in enumerate(body):
                if ch == ".":
                    has_point = True
                    kept.append(ch)
                elif ch in "pP" or (ch in "eE" and verb not in "xX"):
                    tail = body[i:]
                    break
                else:
                    digits -= 1
                    kept.append(ch)
            body = "".join(kept)
            if not has_point:
                body += "."
            body += "0" * max(digits, 0) + tail
            num = num[0] + body
        if self.plus or num[0] != "+":
            if self.zero and self.wid_present and self.wid > len(num):
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    def fmt_complex(self, v: complex, verb: str) -> None:
        """Go's ``fmtComplex``: ``(re+imi)``."""
        if verb not in "vbgGxXfFeE":
            self.bad_verb(verb, v)
            return
        old_plus = self.plus
        self.buf.append("(")
        self.fmt_float(v.real, 64, verb)
        self.plus = True
        self.fmt_float(v.imag, 64, verb)
        self.buf.append("i)")
        self.plus = old_plus

    def truncate(self, s: str) -> str:
        """Truncate to the precision, in runes."""
        if self.prec_present and self.prec < len(s):
            return s[: self.prec]
        return s

    def fmt_q(self, s: str) -> None:
        """Go-quote a string (backquoted with ``#`` when possible)."""
        s = self.truncate(s)
        if self.sharp and can_backquote(s):
            self.pad("`" + s + "`")
        else:
            self.pad(quote(s, ascii_only=self.plus))

    def fmt_sbx(self, data: bytes, digits: str) -> None:
        """Hex encoding of bytes (``%x``/``%X``, with ``#`` and space flags)."""
        length = len(data)
        if self.prec_present and self.prec < length:
            length = self.prec
        width = 2 * length
        if width > 0:
            if self.space:
                if self.sharp:
                    width *= 2
                width += length - 1
            elif self.sharp:
                width += 2
        else:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        out = []
        if self.sharp:
            out.append("0" + digits[16])
        for i in range(length):
            if self.space and i > 0:
                out.append(" ")
                if self.sharp:
                    out.append("0" + digits[16])
            c = data[i]
            out.append(digits[c >> 4] + digits[c & 0xF])
        self.buf.append("".join(out))
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_string(self, v: str, verb: str) -> None:
        """Go's ``fmtString``: string under each verb."""
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(v)
            else:
                self.pad(self.truncate(v))
        elif verb == "s":
            self.pad(self.truncate(v))
        elif verb == "x":
            self.fmt_sbx(v.encode("utf-8", "surrogateescape"), LDIGITS)
        elif verb == "X":
            self.fmt_sbx(v.encode("utf-8", "surrogateescape"), UDIGITS)
        elif verb == "q":
            self.fmt_q(v)
        else:
            self.bad_verb(verb, v)


def _hex_float(v: float, prec: int, verb: str) -> str:
    """Go ``%x`` of a float: ``0x1.8p+00`` (shortest unless a precision is given)."""
    import math

    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    neg = math.copysign(1.0, v) < 0
    v = abs(v)
    if v == 0:
        mant, exp = ("0." + "0" * prec if prec > 0 else "0"), 0
    else:
        text = v.hex()  # 0x1.8000000000000p+0
        head, _, e = text.partition("p")
        exp = int(e)
        lead, _, frac = head[2:].partition(".")
        if lead == "0":  # subnormal: normalise to 1.xxx
            m, ex = math.frexp(v)
            text = (m * 2).hex()
            head, _, e = text.partition("p")
            exp = ex - 1
            lead, _, frac = head[2:].partition(".")
        frac = frac.rstrip("0")
        if prec >= 0:
            bits = int(lead + frac.ljust(13, "0"), 16)
            shift = 4 * (13 - prec) if prec < 13 else 0
            if shift:
                half = 1 << (shift - 1)
                rem = bits & ((1 << shift) - 1)
                bits >>= shift
                if rem > half or (rem == half and bits & 1):
                    bits += 1
                if bits >> (4 * prec) >= 2:
                    bits >>= 1
                    exp += 1
                frac = format(bits, "x")[1:].rjust(prec, "0") if prec else ""
            else:
                frac = frac.ljust(prec, "0")
        mant = "1" + ("." + frac if frac else "")
    out = ("-" if neg else "") + "0x" + mant + "p" + ("+" if exp >= 0 else "-") + f"{abs(exp):02d}"
    return out.upper().replace("0X", "0X") if verb == "X" else out


def _binary_float(v: float, size: int = 64) -> str:
    """Go ``%b`` of a float: ``mantissa p exponent`` in binary terms."""
    import math
    import struct

    if math.isnan(v) or math.isinf(v):
        return format_float(v, "g", -1)
    if size == 32:
        bits = struct.unpack("<I", struct.pack("<f", v))[0]
        neg, exp, mant, mbits, bias = bits >> 31, (bits >> 23) & 0xFF, bits & 0x7FFFFF, 23, 127
    else:
        bits = struct.unpack("<Q", struct.pack("<d", v))[0]
        neg, exp, mant, mbits, bias = (
            bits >> 63,
            (bits >> 52) & 0x7FF,
            bits & ((1 << 52) - 1),
            52,
            1023,
        )
    if exp == 0:
        exp = 1
    else:
        mant |= 1 << mbits
    exp -= bias + mbits
    return ("-" if neg else "") + f"{mant}p" + ("+" if exp >= 0 else "-") + str(abs(exp))
