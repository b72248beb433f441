"""Go 1.14's comparison builtins: ``eq ne lt le gt ge``."""

from __future__ import annotations

from typing import Any

from .gofmt import sprint
from .gofunc import GoFuncError
from .govalues import NO_VALUE, GoInt, GoStruct, go_type_name, is_pointer


def _ind(v: Any) -> Any:
    """``indirectInterface``: a nil interface becomes "no value"."""
    return NO_VALUE if v is None else v


INVALID, BOOL, COMPLEX, INT, FLOAT, STRING, UINT = range(7)


def basic_kind(v: Any) -> int:
    """Go's ``basicKind``: the comparison class of a value (INVALID for others)."""
    if v is NO_VALUE:
        return INVALID
    t = type(v)
    if t is str:
        return STRING
    if t is bool:
        return BOOL
    if t is int:
        return INT
    if t is float:
        return FLOAT
    if isinstance(v, GoInt):
        return UINT if type(v)._go_unsigned else INT
    if isinstance(v, str):
        return STRING
    if isinstance(v, bool):
        return BOOL
    if isinstance(v, int):
        return INT
    if isinstance(v, float):
        return FLOAT
    if isinstance(v, complex):
        return COMPLEX
    return INVALID


def _comparable(v: Any) -> bool:
    if isinstance(v, (list, dict, bytes, bytearray)) or callable(v):
        return False
    if isinstance(v, GoStruct) and not is_pointer(v):
        return all(_comparable(getattr(v, f, None)) for f in type(v)._go_fields)
    return True


def _uncomparable(v: Any) -> GoFuncError:
    return GoFuncError(f"uncomparable type {go_type_name(v)}: {sprint(v)}")


def _go_equal(a: Any, b: Any) -> bool:
    """Go ``==`` on two comparable non-basic values."""
    if isinstance(a, GoStruct) and isinstance(b, GoStruct):
        if is_pointer(a) or is_pointer(b):
            return a is b
        if type(a) is not type(b):
            return False
        return all(getattr(a, f, None) == getattr(b, f, None) for f in type(a)._go_fields)
    return type(a) is type(b) and bool(a == b)


def eq(arg1: Any, *arg2: Any) -> bool:
    """``eq a b c...``: a equals any later argument (errors as in Go 1.14)."""
    v1 = _ind(arg1)
    if v1 is not NO_VALUE and not _comparable(v1):
        raise _uncomparable(v1)
    if not arg2:
        raise GoFuncError("missing argument for comparison")
    k1 = basic_kind(v1)
    for arg in arg2:
        v2 = _ind(arg)
        k2 = basic_kind(v2)
        if k1 != k2:
            if k1 == INT and k2 == UINT:
                truth = v1 >= 0 and v1 == v2
            elif k1 == UINT and k2 == INT:
                truth = v2 >= 0 and v1 == v2
            else:
                raise GoFuncError("incompatible types for comparison")
        elif k1 == INVALID:
            if v2 is NO_VALUE:
                truth = v1 is NO_VALUE
            else:
                if not _comparable(v2):
                    raise _uncomparable(v2)
                truth = v1 is not NO_VALUE and _go_equal(v1, v2)
        else:
            truth = v1 == v2
        if truth:
            return True
    return False


def ne(arg1: Any, arg2: Any) -> bool:
    """``ne a b``: not eq."""
    return not eq(arg1, arg2)


def lt(arg1: Any, arg2: Any) -> bool:
    """``lt a b``: ordered comparison of ints, uints, floats or strings."""
    v1 = _ind(arg1)
    k1 = basic_kind(v1)
    if k1 == INVALID:
        raise GoFuncError("invalid type for comparison")
    v2 = _ind(arg2)
    k2 = basic_kind(v2)
    if k2 == INVALID:
        raise GoFuncError("invalid type for comparison")
    if k1 != k2:
        if k1 == INT and k2 == UINT:
            return bool(v1 < 0 or v1 < v2)
        if k1 == UINT and k2 == INT:
            return bool(v2 >= 0 and v1 < v2)
        raise GoFuncError("incompatible types for comparison")
    if k1 in (BOOL, COMPLEX):
        raise GoFuncError("invalid type for comparison")
    if k1 == STRING:
        return bool(
            str(v1).encode("utf-8", "surrogateescape") < str(v2).encode("utf-8", "surrogateescape")
        )
    return bool(v1 < v2)


def le(arg1: Any, arg2: Any) -> bool:
    """``le a b``: lt or eq."""
    return lt(arg1, arg2) or eq(arg1, arg2)


def gt(arg1: Any, arg2: Any) -> bool:
    """``gt a b``: not le."""
    return not le(arg1, arg2)


def ge(arg1: Any, arg2: Any) -> bool:
    """``ge a b``: not lt."""
    return not lt(arg1, arg2)
