"""Go ``fmt`` emulation: ``Sprint``, ``Sprintln``, ``Sprintf`` over the Go value model.

Covers the verbs templates use (``%v %+v %#v %T %s %q %d %b %o %O %x %X %c %U %e
%E %f %F %g %G %t %%``), flags ``+ - # 0 space``, width and precision (also ``*``
and ``[n]`` argument indexes), and Go's error forms (``%!d(string=x)``,
``%!s(MISSING)``, ``%!(EXTRA string=b)``, ``%!(NOVERB)`` ...).
"""

from __future__ import annotations

from typing import Any

from .gofunc import GoFuncError, go_methods
from .gostrconv import (
    can_backquote,
    format_float,
    format_float_v,
    is_print,
    quote,
    quote_bytes,
    quote_rune,
)
from .govalues import NO_VALUE, GoInt, GoStruct, go_type_name, is_pointer

_LDIGITS = "0123456789abcdefx"
_UDIGITS = "0123456789ABCDEFX"
_MAX_RUNE = 0x10FFFF


def _rune_count(s: str) -> int:
    return len(s)


def sort_map_keys(keys: list[Any]) -> list[Any]:
    """Sort map keys the way Go's ``internal/fmtsort`` does for one key type.

    Strings compare byte-wise (code point order equals UTF-8 byte order), numbers
    numerically, ``false`` before ``true``; keys of mixed types group by type name.
    """

    def key(k: Any) -> tuple[Any, ...]:
        if isinstance(k, str):
            return (0, k)
        if isinstance(k, bool):
            return (1, int(k))
        if isinstance(k, (int, float)):
            if k != k:  # NaN sorts first
                return (2, float("-inf"), 0)
            return (2, k, 1)
        return (3, go_type_name(k), str(k))

    return sorted(keys, key=key)


def _string_method(v: Any) -> Any:
    """Return the Go ``Error``/``String`` method of a value, if it has one."""
    methods = go_methods(type(v))
    if not methods:
        return None
    m = methods.get("Error") or methods.get("String")
    if m is None or m.params or m.variadic:
        return None
    return m


class _Printer:
    """State of one formatting call (Go's ``pp`` plus ``fmt``)."""

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.erroring = False
        self.panicking = False
        self.clear_flags()

    def clear_flags(self) -> None:
        self.plus = self.minus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False

    def flags(self) -> tuple[Any, ...]:
        return (
            self.plus, self.minus, self.sharp, self.space, self.zero, self.plus_v,
            self.sharp_v, self.wid, self.prec, self.wid_present, self.prec_present,
        )  # fmt: skip

    def set_flags(self, f: tuple[Any, ...]) -> None:
        (
            self.plus, self.minus, self.sharp, self.space, self.zero, self.plus_v,
            self.sharp_v, self.wid, self.prec, self.wid_present, self.prec_present,
        ) = f  # fmt: skip

    # -- padding -------------------------------------------------------------

    def write_padding(self, n: int) -> None:
        if n > 0:
            self.buf.append(("0" if self.zero else " ") * n)

    def pad(self, s: str) -> None:
        if not self.wid_present or self.wid == 0:
            self.buf.append(s)
            return
        width = self.wid - _rune_count(s)
        if not self.minus:
            self.write_padding(width)
            self.buf.append(s)
        else:
            self.buf.append(s)
            self.write_padding(width)

    # -- scalars -------------------------------------------------------------

    def fmt_integer(self, u: int, base: int, verb: str, digits: str) -> None:
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
            body = format(u, "x") if digits is _LDIGITS else format(u, "X")
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
        if verb == "v":
            if self.sharp_v and unsigned:
                old = self.sharp
                self.sharp = True
                self.fmt_integer(v, 16, "v", _LDIGITS)
                self.sharp = old
            else:
                self.fmt_integer(v, 10, verb, _LDIGITS)
        elif verb == "d":
            self.fmt_integer(v, 10, verb, _LDIGITS)
        elif verb == "b":
            self.fmt_integer(v, 2, verb, _LDIGITS)
        elif verb in ("o", "O"):
            self.fmt_integer(v, 8, verb, _LDIGITS)
        elif verb == "x":
            self.fmt_integer(v, 16, verb, _LDIGITS)
        elif verb == "X":
            self.fmt_integer(v, 16, verb, _UDIGITS)
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
        if self.prec_present and self.prec < len(s):
            return s[: self.prec]
        return s

    def fmt_q(self, s: str) -> None:
        s = self.truncate(s)
        if self.sharp and can_backquote(s):
            self.pad("`" + s + "`")
        else:
            self.pad(quote(s, ascii_only=self.plus))

    def fmt_sbx(self, data: bytes, digits: str) -> None:
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
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(v)
            else:
                self.pad(self.truncate(v))
        elif verb == "s":
            self.pad(self.truncate(v))
        elif verb == "x":
            self.fmt_sbx(v.encode("utf-8", "surrogateescape"), _LDIGITS)
        elif verb == "X":
            self.fmt_sbx(v.encode("utf-8", "surrogateescape"), _UDIGITS)
        elif verb == "q":
            self.fmt_q(v)
        else:
            self.bad_verb(verb, v)

    def fmt_bytes(self, v: bytes, verb: str, type_name: str) -> None:
        if verb in ("v", "d"):
            if self.sharp_v:
                self.buf.append(type_name + "{")
                self.buf.append(", ".join(f"0x{c:x}" for c in v))
                self.buf.append("}")
            else:
                self.buf.append("[")
                for i, c in enumerate(v):
                    if i:
                        self.buf.append(" ")
                    self.fmt_integer(c, 10, verb, _LDIGITS)
                self.buf.append("]")
        elif verb == "s":
            self.pad(self.truncate(v.decode("utf-8", "replace")))
        elif verb == "x":
            self.fmt_sbx(v, _LDIGITS)
        elif verb == "X":
            self.fmt_sbx(v, _UDIGITS)
        elif verb == "q":
            s = v.decode("utf-8", "surrogateescape")
            s = self.truncate(s)
            if self.sharp and can_backquote(s):
                self.pad("`" + s + "`")
            else:
                self.pad(quote_bytes(s.encode("utf-8", "surrogateescape"), self.plus))
        else:
            self.print_value([int(c) for c in v], verb, 0, elem_uint8=True)

    # -- errors --------------------------------------------------------------

    def bad_verb(self, verb: str, arg: Any) -> None:
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if arg is None or arg is NO_VALUE:
            self.buf.append("<nil>")
        else:
            self.buf.append(go_type_name(arg) + "=")
            self.print_arg(arg, "v")
        self.buf.append(")")
        self.erroring = False

    # -- dispatch ------------------------------------------------------------

    def handle_methods(self, arg: Any, verb: str) -> bool:
        if self.erroring or self.sharp_v or verb not in "vsxXq":
            return False
        method = _string_method(arg)
        if method is None:
            return False
        try:
            text = method.fn(arg)
        except Exception as exc:  # a panic inside String() is printed, not raised
            if self.panicking:
                raise
            saved = self.flags()
            self.clear_flags()
            self.buf.append(f"%!{verb}(PANIC={method.name} method: ")
            self.panicking = True
            self.print_arg(str(exc) if isinstance(exc, GoFuncError) else repr(exc), "v")
            self.panicking = False
            self.buf.append(")")
            self.set_flags(saved)
            return True
        self.fmt_string(str(text), verb)
        return True

    def print_arg(self, arg: Any, verb: str) -> None:
        if arg is None or arg is NO_VALUE:
            if verb in ("T", "v"):
                self.pad("<nil>")
            else:
                self.bad_verb(verb, None)
            return
        if verb == "T":
            self.pad(self.truncate(go_type_name(arg)))
            return
        if verb == "p":
            self.fmt_pointer(arg, verb)
            return
        self.print_value(arg, verb, 0)

    def fmt_pointer(self, v: Any, verb: str) -> None:
        if not (isinstance(v, (dict, list, GoStruct)) or callable(v)):
            self.bad_verb(verb, v)
            return
        addr = 0xC000010000 + (id(v) & 0xFFFFFF) * 8
        if verb == "v":
            if self.sharp_v:
                self.buf.append("(" + go_type_name(v) + ")(")
                self.fmt_integer(addr, 16, "v", _LDIGITS)
                self.buf.append(")")
            else:
                old = self.sharp
                self.sharp = True
                self.fmt_integer(addr, 16, "v", _LDIGITS)
                self.sharp = old
        elif verb == "p":
            old = self.sharp
            self.sharp = not self.sharp
            self.fmt_integer(addr, 16, "v", _LDIGITS)
            self.sharp = old
        elif verb in "bodxX":
            self.fmt_int_verb(addr, True, verb)
        else:
            self.bad_verb(verb, v)

    def print_value(self, v: Any, verb: str, depth: int, elem_uint8: bool = False) -> None:
        t = type(v)
        if t is str:
            self.fmt_string(v, verb)
            return
        if t is bool:
            if verb in ("t", "v"):
                self.pad("true" if v else "false")
            else:
                self.bad_verb(verb, v)
            return
        if t is int:
            self.fmt_int_verb(v, False, verb)
            return
        if t is float:
            self.fmt_float(v, 64, verb)
            return
        if v is None or v is NO_VALUE:
            if depth == 0:
                self.buf.append("<invalid reflect.Value>")
            else:
                self.print_elem(None, verb, depth)
            return
        if self.handle_methods(v, verb):
            return
        if isinstance(v, GoInt):
            self.fmt_int_verb(int(v), type(v)._go_unsigned, verb, v)
        elif isinstance(v, float):
            self.fmt_float(float(v), 32 if go_type_name(v) == "float32" else 64, verb)
        elif isinstance(v, complex):
            self.fmt_complex(v, verb)
        elif isinstance(v, str):
            self.fmt_string(str(v), verb)
        elif isinstance(v, bool):
            self.print_value(bool(v), verb, depth)
        elif isinstance(v, int):
            self.fmt_int_verb(int(v), False, verb)
        elif isinstance(v, (bytes, bytearray)):
            self.fmt_bytes(bytes(v), verb, "[]byte" if depth == 0 else go_type_name(v))
        elif isinstance(v, dict):
            self.print_map(v, verb, depth)
        elif isinstance(v, (list, tuple)):
            self.print_list(v, verb, depth, elem_uint8)
        elif isinstance(v, GoStruct):
            if is_pointer(v):
                if depth == 0:
                    self.buf.append("&")
                    self.print_struct(v, verb, depth)
                else:
                    self.fmt_pointer(v, verb)
            else:
                self.print_struct(v, verb, depth)
        else:
            self.fmt_string(str(v), verb)

    def print_map(self, m: dict[Any, Any], verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(go_type_name(m) + "{")
        else:
            self.buf.append("map[")
        for i, k in enumerate(sort_map_keys(list(m))):
            if i:
                self.buf.append(", " if self.sharp_v else " ")
            self.print_elem(k, verb, depth)
            self.buf.append(":")
            self.print_elem(m[k], verb, depth)
        self.buf.append("}" if self.sharp_v else "]")

    def print_list(self, v: Any, verb: str, depth: int, elem_uint8: bool) -> None:
        if verb in "sqxX" and (elem_uint8 or go_type_name(v) == "[]uint8"):
            self.fmt_bytes(bytes(v), verb, go_type_name(v))
            return
        if self.sharp_v:
            self.buf.append(go_type_name(v) + "{")
            for i, e in enumerate(v):
                if i:
                    self.buf.append(", ")
                self.print_elem(e, verb, depth)
            self.buf.append("}")
            return
        self.buf.append("[")
        for i, e in enumerate(v):
            if i:
                self.buf.append(" ")
            if elem_uint8:
                self.fmt_int_verb(e, True, verb)
            else:
                self.print_elem(e, verb, depth)
        self.buf.append("]")

    def print_struct(self, s: GoStruct, verb: str, depth: int) -> None:
        if self.sharp_v:
            self.buf.append(go_type_name(s).lstrip("*"))
        self.buf.append("{")
        for i, name in enumerate(s._go_fields):
            if i:
                self.buf.append(", " if self.sharp_v else " ")
            if self.plus_v or self.sharp_v:
                self.buf.append(name + ":")
            self.print_elem(getattr(s, name, None), verb, depth)
        self.buf.append("}")

    def print_elem(self, e: Any, verb: str, depth: int) -> None:
        if e is None:
            if self.sharp_v:
                self.buf.append("interface {}(nil)")
            else:
                self.buf.append("<nil>")
            return
        self.print_value(e, verb, depth + 1)

    # -- Printf --------------------------------------------------------------

    def do_printf(self, fmt: str, args: tuple[Any, ...]) -> None:
        end = len(fmt)
        argnum = 0
        after_index = False
        reordered = False
        i = 0
        while i < end:
            good_argnum = True
            lasti = i
            j = fmt.find("%", i)
            i = end if j < 0 else j
            if i > lasti:
                self.buf.append(fmt[lasti:i])
            if i >= end:
                break
            i += 1
            self.clear_flags()
            simple = False
            while i < end:
                c = fmt[i]
                if c == "#":
                    self.sharp = True
                elif c == "0":
                    self.zero = not self.minus
                elif c == "+":
                    self.plus = True
                elif c == "-":
                    self.minus = True
                    self.zero = False
                elif c == " ":
                    self.space = True
                else:
                    if "a" <= c <= "z" and argnum < len(args):
                        if c == "v":
                            self.sharp_v, self.sharp = self.sharp, False
                            self.plus_v, self.plus = self.plus, False
                        self.print_arg(args[argnum], c)
                        argnum += 1
                        i += 1
                        simple = True
                    break
                i += 1
            if simple:
                continue

            argnum, i, after_index, ok, reord = _arg_number(argnum, fmt, i, len(args))
            reordered |= reord
            good_argnum &= ok
            if i < end and fmt[i] == "*":
                i += 1
                self.wid, self.wid_present, argnum = _int_from_arg(args, argnum)
                if not self.wid_present:
                    self.buf.append("%!(BADWIDTH)")
                if self.wid < 0:
                    self.wid = -self.wid
                    self.minus = True
                    self.zero = False
                after_index = False
            else:
                self.wid, self.wid_present, i = _parsenum(fmt, i, end)
                if after_index and self.wid_present:
                    good_argnum = False
            if i + 1 < end and fmt[i] == ".":
                i += 1
                if after_index:
                    good_argnum = False
                argnum, i, after_index, ok, reord = _arg_number(argnum, fmt, i, len(args))
                reordered |= reord
                good_argnum &= ok
                if i < end and fmt[i] == "*":
                    i += 1
                    self.prec, self.prec_present, argnum = _int_from_arg(args, argnum)
                    if self.prec < 0:
                        self.prec = 0
                        self.prec_present = False
                    if not self.prec_present:
                        self.buf.append("%!(BADPREC)")
                    after_index = False
                else:
                    self.prec, self.prec_present, i = _parsenum(fmt, i, end)
                    if not self.prec_present:
                        self.prec = 0
                        self.prec_present = True
            if not after_index:
                argnum, i, after_index, ok, reord = _arg_number(argnum, fmt, i, len(args))
                reordered |= reord
                good_argnum &= ok
            if i >= end:
                self.buf.append("%!(NOVERB)")
                break
            verb = fmt[i]
            i += 1
            if verb == "%":
                self.buf.append("%")
            elif not good_argnum:
                self.buf.append("%!" + verb + "(BADINDEX)")
            elif argnum >= len(args):
                self.buf.append("%!" + verb + "(MISSING)")
            else:
                if verb == "v":
                    self.sharp_v, self.sharp = self.sharp, False
                    self.plus_v, self.plus = self.plus, False
                self.print_arg(args[argnum], verb)
                argnum += 1
        if not reordered and argnum < len(args):
            self.clear_flags()
            self.buf.append("%!(EXTRA ")
            for k, arg in enumerate(args[argnum:]):
                if k:
                    self.buf.append(", ")
                if arg is None or arg is NO_VALUE:
                    self.buf.append("<nil>")
                else:
                    self.buf.append(go_type_name(arg) + "=")
                    self.print_arg(arg, "v")
            self.buf.append(")")


def _too_large(n: int) -> bool:
    return n > 1_000_000 or n < -1_000_000


def _parsenum(s: str, start: int, end: int) -> tuple[int, bool, int]:
    if start >= end:
        return 0, False, end
    num = 0
    isnum = False
    i = start
    while i < end and "0" <= s[i] <= "9":
        if _too_large(num):
            return 0, False, end
        num = num * 10 + ord(s[i]) - 48
        isnum = True
        i += 1
    return num, isnum, i


def _arg_number(argnum: int, fmt: str, i: int, nargs: int) -> tuple[int, int, bool, bool, bool]:
    """Parse an ``[n]`` argument index: (argnum, i, found, good, reordered)."""
    if len(fmt) <= i or fmt[i] != "[":
        return argnum, i, False, True, False
    sub = fmt[i:]
    index, wid, ok = 0, 1, False
    if len(sub) >= 3:
        for k in range(1, len(sub)):
            if sub[k] == "]":
                width, isnum, newi = _parsenum(sub, 1, k)
                if not isnum or newi != k:
                    index, wid, ok = 0, k + 1, False
                else:
                    index, wid, ok = width - 1, k + 1, True
                break
    if ok and 0 <= index < nargs:
        return index, i + wid, True, True, True
    return argnum, i + wid, ok, False, True


def _int_from_arg(args: tuple[Any, ...], argnum: int) -> tuple[int, bool, int]:
    num, is_int = 0, False
    if argnum < len(args):
        a = args[argnum]
        if isinstance(a, int) and not isinstance(a, bool):
            num, is_int = int(a), True
        argnum += 1
        if _too_large(num):
            num, is_int = 0, False
    return num, is_int, argnum


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


def sprint(*args: Any) -> str:
    """Go ``fmt.Sprint``: operands joined, with a space between two non-strings."""
    if len(args) == 1:
        return format_value(args[0])
    out = []
    prev_string = False
    for i, a in enumerate(args):
        is_string = isinstance(a, str)
        if i > 0 and not is_string and not prev_string:
            out.append(" ")
        out.append(format_value(a))
        prev_string = is_string
    return "".join(out)


def sprintln(*args: Any) -> str:
    """Go ``fmt.Sprintln``: operands space-separated, newline appended."""
    return " ".join(format_value(a) for a in args) + "\n"


def sprintf(fmt: str, *args: Any) -> str:
    """Go ``fmt.Sprintf``.

    Args:
        fmt: the Go format string.
        *args: operands (Go value model).

    Returns:
        The formatted text, with Go's ``%!`` error forms where Go would print them.
    """
    plan = _PLANS.get(fmt)
    if plan is None:
        plan = _simple_plan(fmt)
        if len(_PLANS) < 4096:
            _PLANS[fmt] = plan
    if plan and len(plan) // 2 == len(args):
        out = _fast_printf(plan, args)
        if out is not None:
            return out
    p = _Printer()
    p.do_printf(fmt, args)
    return "".join(p.buf)


_PLANS: dict[str, tuple[str, ...]] = {}


def _simple_plan(fmt: str) -> tuple[str, ...]:
    """Split a format using only bare ``%s %v %d %q`` (and ``%%``) into text/verb pairs.

    Returns ``(text0, verb0, text1, verb1, ..., tail)`` minus the tail's pairing, or
    ``()`` when the format needs the full printer.
    """
    parts: list[str] = []
    text: list[str] = []
    i = 0
    n = len(fmt)
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            text.append(fmt[i:])
            break
        text.append(fmt[i:j])
        if j + 1 >= n:
            return ()
        verb = fmt[j + 1]
        if verb == "%":
            text.append("%")
        elif verb in "svdq":
            parts.append("".join(text))
            parts.append(verb)
            text = []
        else:
            return ()
        i = j + 2
    if not parts:
        return ()
    parts.append("".join(text))
    return tuple(parts)


def _fast_printf(plan: tuple[str, ...], args: tuple[Any, ...]) -> str | None:
    """Format with a simple plan when every argument is a plain string/int/float."""
    out = [plan[0]]
    for k, a in enumerate(args):
        verb = plan[2 * k + 1]
        t = type(a)
        if t is str and verb != "d":
            out.append(quote(a) if verb == "q" else a)
        elif t is int and verb in "vd":
            out.append(str(a))
        elif t is float and verb == "v":
            out.append(format_float_v(a))
        else:
            return None
        out.append(plan[2 * k + 2])
    return "".join(out)


def format_value(v: Any) -> str:
    """Format one value as ``%v`` (``fmt.Sprint(v)``).

    Args:
        v: a value of the Go value model.

    Returns:
        e.g. ``map[a:1 b:2]``, ``[a b]``, ``<nil>``, ``1e+06``.
    """
    t = type(v)
    if t is str:
        return v  # type: ignore[no-any-return]
    if t is int:
        return str(v)
    if t is bool:
        return "true" if v else "false"
    if t is float:
        return format_float_v(v)
    if v is None or v is NO_VALUE:
        return "<nil>"
    p = _Printer()
    p.print_arg(v, "v")
    return "".join(p.buf)


def print_action_value(v: Any) -> str:
    """Text an action ``{{ x }}`` writes for its final value.

    Like ``fmt.Sprint`` except that no value prints ``<no value>`` and a pointer
    to a struct is dereferenced first (Go's ``printableValue``).
    """
    t = type(v)
    if t is str:
        return v  # type: ignore[no-any-return]
    if t is int:
        return str(v)
    if t is bool:
        return "true" if v else "false"
    if t is float:
        return format_float_v(v)
    if v is NO_VALUE or v is None:
        return "<no value>"
    if isinstance(v, GoStruct) and is_pointer(v) and _string_method(v) is None:
        p = _Printer()
        p.print_struct(v, "v", 0)
        return "".join(p.buf)
    return format_value(v)
