"""Sprig v2.22.0 numeric functions (numeric.go) and their int64 conversion rules."""

from __future__ import annotations

import math
from typing import Any

from ._go import Int64, IntSlice, format_value, panic
from ._registry import sprig
from .goconv import (
    INT64_MAX,
    GoSyntaxError,
    float_to_int64,
    parse_float,
    parse_int10,
    wrap_int64,
)
from .goconv import (
    atoi as go_atoi,
)


def to_int64(v: Any) -> int:
    """Sprig ``toInt64``: strings base 10 (failure 0), floats truncated, bools 1/0, else 0."""
    if isinstance(v, str):
        try:
            return parse_int10(v)
        except GoSyntaxError:
            return 0
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, int):
        # Go uint/uint64 above MaxInt64 saturate in Sprig; signed ints pass unchanged.
        return min(v, INT64_MAX) if v > 0 else v
    if isinstance(v, float):
        return float_to_int64(v)
    return 0


def to_float64(v: Any) -> float:
    """Sprig ``toFloat64``: strings via ParseFloat (failure 0), numbers, bools 1/0, else 0."""
    if isinstance(v, str):
        try:
            return parse_float(v)
        except GoSyntaxError:
            return 0.0
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    return 0.0


@sprig("int64", params=("interface {}",), result="int64")
def int64_(v: Any) -> Int64:
    """Sprig ``toInt64``."""
    return Int64(to_int64(v))


@sprig("int", params=("interface {}",), result="int")
def int_(v: Any) -> int:
    """Sprig ``toInt`` (Go int is 64-bit)."""
    return to_int64(v)


@sprig("float64", params=("interface {}",), result="float64")
def float64_(v: Any) -> float:
    """Sprig ``toFloat64``."""
    return to_float64(v)


@sprig("atoi", params=("string",), result="int")
def atoi(s: str) -> int:
    """``strconv.Atoi`` with errors mapped to 0."""
    try:
        return go_atoi(s)
    except GoSyntaxError:
        return 0


@sprig("toDecimal", params=("interface {}",), result="int64")
def to_decimal(v: Any) -> Int64:
    """Parse ``fmt.Sprint(v)`` as an octal number (``"0777"`` -> 511); failure -> 0."""
    text = format_value(v) if not isinstance(v, str) else v
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body or any(c not in "01234567" for c in body):
        return Int64(0)
    n = int(text, 8)
    if not -(1 << 63) <= n <= INT64_MAX:
        return Int64(0)
    return Int64(n)


@sprig("add1", params=("interface {}",), result="int64")
def add1(v: Any) -> Int64:
    """``toInt64(v) + 1``."""
    return Int64(wrap_int64(to_int64(v) + 1))


@sprig("add", variadic="interface {}", result="int64")
def add(*vs: Any) -> Int64:
    """Sum of ``toInt64`` of every argument."""
    return Int64(wrap_int64(sum(to_int64(v) for v in vs)))


@sprig("sub", params=("interface {}", "interface {}"), result="int64")
def sub(a: Any, b: Any) -> Int64:
    """``toInt64(a) - toInt64(b)``."""
    return Int64(wrap_int64(to_int64(a) - to_int64(b)))


def _check_zero(d: int) -> None:
    if d == 0:
        raise panic("runtime error: integer divide by zero")


@sprig("div", params=("interface {}", "interface {}"), result="int64")
def div(a: Any, b: Any) -> Int64:
    """Go integer division (truncates toward zero); divide by zero panics."""
    x, y = to_int64(a), to_int64(b)
    _check_zero(y)
    q = abs(x) // abs(y)
    return Int64(wrap_int64(q if (x >= 0) == (y >= 0) else -q))


@sprig("mod", params=("interface {}", "interface {}"), result="int64")
def mod(a: Any, b: Any) -> Int64:
    """Go remainder (sign of the dividend); modulo by zero panics."""
    x, y = to_int64(a), to_int64(b)
    _check_zero(y)
    r = abs(x) % abs(y)
    return Int64(-r if x < 0 else r)


@sprig("mul", params=("interface {}",), variadic="interface {}", result="int64")
def mul(a: Any, *vs: Any) -> Int64:
    """Product of ``toInt64`` of every argument."""
    val = to_int64(a)
    for v in vs:
        val = wrap_int64(val * to_int64(v))
    return Int64(val)


@sprig("max", "biggest", params=("interface {}",), variadic="interface {}", result="int64")
def max_(a: Any, *vs: Any) -> Int64:
    """Largest ``toInt64`` of the arguments."""
    return Int64(max([to_int64(a)] + [to_int64(v) for v in vs]))


@sprig("min", params=("interface {}",), variadic="interface {}", result="int64")
def min_(a: Any, *vs: Any) -> Int64:
    """Smallest ``toInt64`` of the arguments."""
    return Int64(min([to_int64(a)] + [to_int64(v) for v in vs]))


def go_ceil(f: float) -> float:
    """``math.Ceil`` (keeps the sign of zero: Ceil(-0.5) is -0)."""
    if math.isinf(f) or math.isnan(f):
        return f
    return math.copysign(float(math.ceil(f)), f)


def go_floor(f: float) -> float:
    """``math.Floor``."""
    if math.isinf(f) or math.isnan(f):
        return f
    return math.copysign(float(math.floor(f)), f) if f != 0 else f


@sprig("ceil", params=("interface {}",), result="float64")
def ceil(a: Any) -> float:
    """``math.Ceil(toFloat64(a))``."""
    return go_ceil(to_float64(a))


@sprig("floor", params=("interface {}",), result="float64")
def floor(a: Any) -> float:
    """``math.Floor(toFloat64(a))``."""
    return go_floor(to_float64(a))


@sprig("round", params=("interface {}", "int"), variadic="float64", result="float64")
def round_(a: Any, places: int, *round_on: float) -> float:
    """Round to ``places`` decimals: ceil when the fraction is >= ``round_on`` (default .5).

    The fraction comes from ``math.Modf`` so it is negative for negative inputs, which
    therefore always round down (``round -2.5 0`` -> -3), as in Sprig.
    """
    on = round_on[0] if round_on else 0.5
    val = to_float64(a)
    pow_ = math.pow(10, float(places))
    digit = pow_ * val
    if math.isinf(digit) or math.isnan(digit):
        return digit / pow_
    frac = math.fmod(digit, 1.0)
    rounded = go_ceil(digit) if frac >= on else go_floor(digit)
    return rounded / pow_


def until_step(start: int, stop: int, step: int) -> IntSlice:
    """Sprig ``untilStep``: ``[start, stop)`` by ``step``; wrong direction gives []."""
    if stop < start:
        if step >= 0:
            return IntSlice()
        return IntSlice(range(start, stop, step))
    if step <= 0:
        return IntSlice()
    return IntSlice(range(start, stop, step))


@sprig("until", params=("int",), result="[]int")
def until(count: int) -> IntSlice:
    """``untilStep 0 count (±1)``."""
    return until_step(0, count, -1 if count < 0 else 1)


@sprig("untilStep", params=("int", "int", "int"), result="[]int")
def until_step_(start: int, stop: int, step: int) -> IntSlice:
    """Sprig ``untilStep``."""
    return until_step(start, stop, step)
