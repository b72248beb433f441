"""Sprig v2.22.0 and Helm v2.17 template functions for the Go template engine.

``sprig_funcs()`` is Sprig's text function map minus ``env``/``expandenv`` (which Helm
removes); ``helm_funcs()`` adds Helm's engine functions.

The Sprig modules are imported when one of their functions is first called, not when
the map is built: parsing and compiling need only names and Go signatures, which
``_table.py`` holds, and a chart calls a few dozen of the 148 functions.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

from ._go import GoFunc
from ._table import SPRIG_TABLE
from .helm import helm_funcs
from .yamlin import YAMLError, load_yaml_like_helm

_implementations: dict[str, Callable[..., Any]] = {}
"""Per Sprig name: the function, or until its module is loaded a stand-in for it."""


def _deferred(name: str, module: str, attr: str) -> Callable[..., Any]:
    real: Callable[..., Any] | None = None

    def call(*args: Any) -> Any:
        nonlocal real
        if real is None:
            real = getattr(importlib.import_module(module), attr)
            _implementations[name] = real  # maps built from now on skip this stand-in
        return real(*args)

    call.__name__ = call.__qualname__ = attr
    return call


def _implementation(name: str) -> Callable[..., Any]:
    found = _implementations.get(name)
    if found is None:
        module, attr = SPRIG_TABLE[name][:2]
        module = f"{__name__}.{module}"
        loaded = sys.modules.get(module)
        found = getattr(loaded, attr) if loaded is not None else _deferred(name, module, attr)
        _implementations[name] = found
    return found


def sprig_funcs() -> dict[str, GoFunc]:
    """Return a fresh Sprig v2.22.0 function map (without ``env``/``expandenv``).

    Returns:
        Mapping of template function name to its Go-declared implementation.
    """
    return {
        name: GoFunc(
            name=name,
            fn=_implementation(name),
            params=params,
            variadic=variadic,
            result=result,
            can_fail=can_fail,
        )
        for name, (_, _, params, variadic, result, can_fail) in SPRIG_TABLE.items()
    }


def all_funcs(lint_mode: bool = False) -> dict[str, GoFunc]:
    """Sprig plus Helm's functions, as Helm v2's engine builds its function map.

    Args:
        lint_mode: Passed to :func:`helm_funcs`.

    Returns:
        A fresh map for one render.
    """
    funcs = sprig_funcs()
    funcs.update(helm_funcs(lint_mode))
    return funcs


__all__ = ["YAMLError", "all_funcs", "helm_funcs", "load_yaml_like_helm", "sprig_funcs"]
