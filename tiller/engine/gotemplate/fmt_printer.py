"""Go ``fmt``'s printer: walking values (maps, slices, structs, methods) and Printf.

Mirrors ``fmt/print.go`` on top of :class:`.fmt_scalars.FmtScalars`.
"""

from __future__ import annotations

from typing import Any

from .fmt_scalars import LDIGITS, UDIGITS, FmtScalars
from .gofunc import GoFuncError, go_methods
from .gostrconv import can_backquote, quote_bytes
from .govalues import NO_VALUE, GoInt, GoStruct, go_type_name, is_pointer


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


def string_method(v: Any) -> Any:
    """Return the Go ``Error``/``String`` method of a value, if it has one."""
    methods = go_methods(type(v))
    if not methods:
        return None
    m = methods.get("Error") or methods.get("String")
    if m is None or m.params or m.variadic:
        return None
    return m


class Printer(FmtScalars):
    """State of one formatting call (Go's ``pp``)."""

    def __init__(self) -> None:
        super().__init__()
        self.erroring = False
        self.panicking = False

    def fmt_bytes(self, v: bytes, verb: str, type_name: str) -> None:
        """Go's ``fmtBytes``: ``[]byte`` under each verb."""
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
                    self.fmt_integer(c, 10, verb, LDIGITS)
                self.buf.append("]")
        elif verb == "s":
            self.pad(self.truncate(v.decode("utf-8", "replace")))
        elif verb == "x":
            self.fmt_sbx(v, LDIGITS)
        elif verb == "X":
            self.fmt_sbx(v, UDIGITS)
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
        """Write Go's ``%!verb(type=value)`` (or ``%!verb(<nil>)``)."""
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
        """Use a value's ``Error``/``String`` method for string verbs, as Go does."""
        if self.erroring or self.sharp_v or verb not in "vsxXq":
            return False
        method = string_method(arg)
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
        """Go's ``printArg``: format one operand (``%T``/``%p`` handled first)."""
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
        """Go's ``fmtPointer`` (addresses are synthetic but stable per object)."""
        if not (isinstance(v, (dict, list, GoStruct)) or callable(v)):
            self.bad_verb(verb, v)
            return
        addr = 0xC000010000 + (id(v) & 0xFFFFFF) * 8
        if verb == "v":
            if self.sharp_v:
                self.buf.append("(" + go_type_name(v) + ")(")
                self.fmt_integer(addr, 16, "v", LDIGITS)
                self.buf.append(")")
            else:
                old = self.sharp
                self.sharp = True
                self.fmt_integer(addr, 16, "v", LDIGITS)
                self.sharp = old
        elif verb == "p":
            old = self.sharp
            self.sharp = not self.sharp
            self.fmt_integer(addr, 16, "v", LDIGITS)
            self.sharp = old
        elif verb in "bodxX":
            self.fmt_int_verb(addr, True, verb)
        else:
            self.bad_verb(verb, v)

    def print_value(self, v: Any, verb: str, depth: int, elem_uint8: bool = False) -> None:
        """Go's ``printValue``: dispatch on the value's kind, recursing into containers."""
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
        """``map[k:v ...]`` with keys sorted like Go's fmtsort."""
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
        """``[a b]`` (or ``[]T{...}`` for ``%#v``); byte slices as strings for s/q/x."""
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
        """``{a b}``, ``{Name:a ...}`` with ``%+v``, ``T{...}`` with ``%#v``."""
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
        """A container element: a nil interface prints ``<nil>``."""
        if e is None:
            if self.sharp_v:
                self.buf.append("interface {}(nil)")
            else:
                self.buf.append("<nil>")
            return
        self.print_value(e, verb, depth + 1)

    # -- Printf --------------------------------------------------------------

    def do_printf(self, fmt: str, args: tuple[Any, ...]) -> None:
        """Go's ``doPrintf``: parse the format and print the operands."""
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
