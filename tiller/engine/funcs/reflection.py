"""Sprig reflection helpers (reflect.go) plus Go's emptiness rule and reflect.DeepEqual."""

from __future__ import annotations

import math
from typing import Any

from ._go import GoStruct, go_kind, go_type_name
from ._registry import sprig
from .goslices import NilSlice


def go_empty(v: Any) -> bool:
    """Sprig ``empty``: nil, false, 0, "" and empty collections are empty; structs never."""
    if v is None:
        return True
    if isinstance(v, bool):
        return not v
    if isinstance(v, (int, float, complex)):
        return v == 0
    if isinstance(v, (str, bytes, bytearray, list, tuple, dict)):
        return len(v) == 0
    return False


def deep_equal(a: Any, b: Any) -> bool:
    """``reflect.DeepEqual``: identical Go types and recursively equal contents.

    Unlike Python ``==``, int 1 and float64 1 differ, as do int and int64, and a nil
    slice differs from an empty one.
    """
    if a is None or b is None:
        return a is None and b is None
    if go_type_name(a) != go_type_name(b):
        return False
    if isinstance(a, float):
        return not math.isnan(a) and a == b
    if isinstance(a, (list, tuple)):
        if isinstance(a, NilSlice) != isinstance(b, NilSlice):
            return False
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        if len(a) != len(b) or a.keys() != b.keys():
            return False
        return all(deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, GoStruct):
        return a is b or bool(a == b)
    return bool(a == b)


@sprig("typeOf", params=("interface {}",), result="string")
def type_of(v: Any) -> str:
    """Go ``%T`` of the value."""
    return go_type_name(v)


@sprig("typeIs", params=("string", "interface {}"), result="bool")
def type_is(target: str, v: Any) -> bool:
    """``typeOf v == target``."""
    return target == go_type_name(v)


@sprig("typeIsLike", params=("string", "interface {}"), result="bool")
def type_is_like(target: str, v: Any) -> bool:
    """``typeOf v`` is ``target`` or ``*target``."""
    t = go_type_name(v)
    return t in (target, "*" + target)


@sprig("kindOf", params=("interface {}",), result="string")
def kind_of(v: Any) -> str:
    """``reflect.ValueOf(v).Kind().String()`` (``invalid`` for nil)."""
    return go_kind(v)


@sprig("kindIs", params=("string", "interface {}"), result="bool")
def kind_is(target: str, v: Any) -> bool:
    """``kindOf v == target``."""
    return target == go_kind(v)


@sprig("deepEqual", params=("interface {}", "interface {}"), result="bool")
def deep_equal_(a: Any, b: Any) -> bool:
    """``reflect.DeepEqual``."""
    return deep_equal(a, b)
