"""Go ``fmt`` emulation: ``Sprint``, ``Sprintln``, ``Sprintf`` over the Go value model.

Covers the verbs templates use (``%v %+v %#v %T %s %q %d %b %o %O %x %X %c %U %e
%E %f %F %g %G %t %%``), flags ``+ - # 0 space``, width and precision (also ``*``
and ``[n]`` argument indexes), and Go's error forms (``%!d(string=x)``,
``%!s(MISSING)``, ``%!(EXTRA string=b)``, ``%!(NOVERB)`` ...).
"""

from __future__ import annotations

from typing import Any

from .fmt_printer import Printer, sort_map_keys, string_method
from .gostrconv import format_float_v, quote
from .govalues import NO_VALUE, GoStruct, is_pointer

__all__ = [
    "format_value",
    "print_action_value",
    "sort_map_keys",
    "sprint",
    "sprintf",
    "sprintln",
]


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
    p = Printer()
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
    p = Printer()
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
    if isinstance(v, GoStruct) and is_pointer(v) and string_method(v) is None:
        p = Printer()
        p.print_struct(v, "v", 0)
        return "".join(p.buf)
    return format_value(v)
