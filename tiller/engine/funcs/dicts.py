"""Sprig v2.22.0 dict functions (dict.go) with mergo v0.3.5 merge semantics."""

from __future__ import annotations

from typing import Any

from ._go import StringSlice, panic
from ._registry import sprig
from .reflection import go_empty
from .textconv import strval

MAP = "map[string]interface {}"


@sprig("dict", variadic="interface {}", result=MAP)
def dict_(*vs: Any) -> dict[str, Any]:
    """Map from alternating keys (via toString) and values; a dangling key maps to ""."""
    d: dict[str, Any] = {}
    for i in range(0, len(vs), 2):
        d[strval(vs[i])] = vs[i + 1] if i + 1 < len(vs) else ""
    return d


@sprig("set", params=(MAP, "string", "interface {}"), result=MAP)
def set_(d: dict[str, Any] | None, key: str, value: Any) -> dict[str, Any]:
    """Mutate ``d[key] = value`` and return ``d``."""
    if d is None:
        raise panic("assignment to entry in nil map")
    d[key] = value
    return d


@sprig("unset", params=(MAP, "string"), result=MAP)
def unset(d: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """Mutate: delete ``key`` from ``d`` and return ``d``."""
    if d is not None:
        d.pop(key, None)
    return d


@sprig("hasKey", params=(MAP, "string"), result="bool")
def has_key(d: dict[str, Any] | None, key: str) -> bool:
    """Whether ``key`` is present (even with a nil value)."""
    return d is not None and key in d


@sprig("pluck", params=("string",), variadic=MAP, result="[]interface {}")
def pluck(key: str, *ds: dict[str, Any] | None) -> list[Any]:
    """Values of ``key`` in each dict that has it."""
    return [d[key] for d in ds if d is not None and key in d]


@sprig("keys", variadic=MAP, result="[]string")
def keys(*ds: dict[str, Any] | None) -> StringSlice:
    """All keys of all dicts (Go map order is unspecified; charts sort them)."""
    return StringSlice(k for d in ds if d is not None for k in d)


@sprig("pick", params=(MAP,), variadic="string", result=MAP)
def pick(d: dict[str, Any] | None, *names: str) -> dict[str, Any]:
    """New dict with only the given keys."""
    src = d or {}
    return {k: src[k] for k in names if k in src}


@sprig("omit", params=(MAP,), variadic="string", result=MAP)
def omit(d: dict[str, Any] | None, *names: str) -> dict[str, Any]:
    """New dict without the given keys."""
    drop = set(names)
    return {k: v for k, v in (d or {}).items() if k not in drop}


@sprig("values", params=(MAP,), result="[]interface {}")
def values(d: dict[str, Any] | None) -> list[Any]:
    """All values (unspecified order)."""
    return list((d or {}).values())


def _mergeable(v: Any) -> bool:
    # mergo recurses into maps; for structs/pointers its recursion cannot set anything
    # (the values are not addressable), so they behave like scalars here.
    return isinstance(v, dict)


def mergo_merge(dst: dict[str, Any], src: dict[str, Any], overwrite: bool) -> None:
    """Mergo v0.3.5 ``deepMerge`` of two ``map[string]interface{}`` values, in place.

    Facts reproduced: nil source values are skipped (never copied or overwritten
    with); nested maps merge recursively when the destination holds a map; a
    destination scalar is never replaced by a source map, and a destination key that
    holds nil stays nil when the source has a map; otherwise the source value is
    stored when overwriting, or when the destination key is missing or empty
    (nil, false, 0, "", empty collection).  Maps copied from src are shared, not cloned.

    Args:
        dst: Destination map, mutated.
        src: Source map.
        overwrite: ``MergeWithOverwrite`` semantics.
    """
    for key, sv in src.items():
        if sv is None:
            continue
        present = key in dst
        if _mergeable(sv) and present:
            dv = dst[key]
            if isinstance(dv, dict):
                mergo_merge(dv, sv, overwrite)
            continue
        if overwrite or not present or go_empty(dst[key]):
            dst[key] = sv


def _merge_all(dst: dict[str, Any] | None, srcs: tuple[Any, ...], overwrite: bool) -> Any:
    target = dst
    for src in srcs:
        if src is None:
            continue
        if target is None:
            target = {}
        mergo_merge(target, src, overwrite)
    # Go returns the (possibly nil) map; a nil map prints as map[] like an empty one.
    return {} if target is None else target


@sprig("merge", params=(MAP,), variadic=MAP)
def merge(dst: dict[str, Any] | None, *srcs: Any) -> Any:
    """Mergo ``Merge`` each src into ``dst`` (mutated and returned)."""
    return _merge_all(dst, srcs, overwrite=False)


@sprig("mergeOverwrite", params=(MAP,), variadic=MAP)
def merge_overwrite(dst: dict[str, Any] | None, *srcs: Any) -> Any:
    """Mergo ``MergeWithOverwrite`` each src into ``dst`` (mutated and returned)."""
    return _merge_all(dst, srcs, overwrite=True)
