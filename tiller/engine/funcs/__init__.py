"""Sprig v2.22.0 and Helm v2.17 template functions for the Go template engine.

``sprig_funcs()`` is Sprig's text function map minus ``env``/``expandenv`` (which Helm
removes); ``helm_funcs()`` adds Helm's engine functions.
"""

from __future__ import annotations

from . import (  # noqa: F401  (imported for their registrations)
    crypto,
    dates,
    defaults,
    dicts,
    encoding,
    jsonout,
    lists,
    network,
    numbers,
    paths,
    reflection,
    regex,
    semver,
    strings,
    textconv,
    urls,
    wording,
)
from ._go import GoFunc
from ._registry import SPRIG
from .helm import helm_funcs
from .yamlin import YAMLError, load_yaml_like_helm


def sprig_funcs() -> dict[str, GoFunc]:
    """Return a fresh Sprig v2.22.0 function map (without ``env``/``expandenv``).

    Returns:
        Mapping of template function name to its Go-declared implementation.
    """
    return {
        name: GoFunc(
            name=name,
            fn=spec.fn,
            params=spec.params,
            variadic=spec.variadic,
            result=spec.result,
            can_fail=spec.can_fail,
        )
        for name, spec in SPRIG.items()
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
