"""Sprig defaults and flow-control functions (defaults.go, ``fail``)."""

from __future__ import annotations

import copy
from typing import Any

from ._go import GoFuncError
from ._registry import sprig
from .reflection import go_empty


@sprig("default", params=("interface {}",), variadic="interface {}")
def default(d: Any, *given: Any) -> Any:
    """``given[0]`` unless it is missing or empty, else ``d``."""
    if not given or go_empty(given[0]):
        return d
    return given[0]


@sprig("empty", params=("interface {}",), result="bool")
def empty(v: Any) -> bool:
    """Sprig's emptiness rule."""
    return go_empty(v)


@sprig("coalesce", variadic="interface {}")
def coalesce(*vs: Any) -> Any:
    """First non-empty argument, else nil."""
    for v in vs:
        if not go_empty(v):
            return v
    return None


@sprig("ternary", params=("interface {}", "interface {}", "bool"))
def ternary(vt: Any, vf: Any, cond: bool) -> Any:
    """``vt`` if ``cond`` else ``vf``."""
    return vt if cond else vf


@sprig("deepCopy", params=("interface {}",))
def deep_copy(v: Any) -> Any:
    """Copystructure deep copy (structure is copied, scalars shared)."""
    return copy.deepcopy(v)


@sprig("fail", params=("string",), result="string", can_fail=True)
def fail(msg: str) -> str:
    """Always fails with ``msg``.

    Raises:
        GoFuncError: Always.
    """
    raise GoFuncError(msg)
