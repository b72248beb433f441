"""Declaration table for Sprig/Helm functions.

Each Python implementation is registered together with the exact Go signature Sprig
v2.22.0 (or Helm v2.17) gives it.  The Go template executor uses that signature to
convert arguments with Go's reflect rules and to produce Go's error texts, so the
declarations here matter as much as the implementations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class FuncSpec:
    """A Go function declaration: name, implementation and Go signature.

    Attributes:
        name: Name in the template function map.
        fn: Python implementation receiving already-converted arguments.
        params: Go types of the fixed parameters (e.g. ``("int", "string")``).
        variadic: Go element type of a trailing ``...T`` parameter, if any.
        result: Go type of the first result.
        can_fail: True when the Go function returns ``(T, error)``.
    """

    __slots__ = ("can_fail", "fn", "name", "params", "result", "variadic")

    def __init__(
        self,
        name: str,
        fn: Callable[..., Any],
        params: tuple[str, ...],
        variadic: str | None,
        result: str,
        can_fail: bool,
    ) -> None:
        self.name = name
        self.fn = fn
        self.params = params
        self.variadic = variadic
        self.result = result
        self.can_fail = can_fail


SPRIG: dict[str, FuncSpec] = {}
"""All Sprig v2.22.0 functions (minus ``env``/``expandenv``), filled at import time."""


def sprig(
    *names: str,
    params: tuple[str, ...] = (),
    variadic: str | None = None,
    result: str = "interface {}",
    can_fail: bool = False,
) -> Callable[[F], F]:
    """Register a Python function under one or more Sprig names.

    Args:
        *names: Function-map names (aliases share one implementation).
        params: Go parameter types.
        variadic: Go element type of the variadic tail, if any.
        result: Go result type.
        can_fail: Whether the Go function also returns an error.

    Returns:
        A decorator returning the function unchanged, so it stays directly callable.
    """

    def deco(fn: F) -> F:
        for name in names:
            if name in SPRIG:
                raise ValueError(f"duplicate Sprig function {name!r}")
            SPRIG[name] = FuncSpec(name, fn, params, variadic, result, can_fail)
        return fn

    return deco
