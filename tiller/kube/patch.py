"""Two-way merge patches from a previous release object to the new one (spec §3.9).

Helm v2 patches each object with the difference between the object *as the previous
release rendered it* and the object as the new release renders it, so fields set by
others in the live object (controllers, users) survive unless the chart changed them.

* :func:`strategic_merge_patch` — for built-in kinds. Maps are diffed recursively,
  removed keys become ``null``. Lists follow the field's patch strategy as published in
  the API server's OpenAPI (``x-kubernetes-patch-strategy``/``-merge-key``): merge
  lists are diffed item by item by merge key (``$patch: delete`` for removed items,
  ``$setElementOrder/<field>`` for order), primitive merge lists use
  ``$deleteFromPrimitiveList/<field>``, ``retainKeys`` maps carry ``$retainKeys``,
  and every other list is replaced whole.
* :func:`json_merge_patch` — RFC 7386, for custom resources and unknown kinds: maps
  are diffed, lists replaced whole.

Approximation: Helm derives strategies from client-go's compiled types (Kubernetes
1.16); we read them from the live server's OpenAPI, which is the same data for the
kinds both know and also covers kinds added later.
"""

from __future__ import annotations

from typing import Any, Protocol

Obj = dict[str, Any]


class PatchMeta(Protocol):
    """Patch metadata of one schema node (an object type)."""

    def field(self, name: str) -> tuple[PatchMeta | None, str, str]:
        """Metadata of a field: (child node, patch strategy, merge key)."""
        ...


class NoMeta:
    """Metadata of a node without schema: every list is atomic."""

    def field(self, name: str) -> tuple[PatchMeta | None, str, str]:
        """No child, no strategy."""
        return (None, "", "")


NO_META = NoMeta()


def json_merge_patch(old: Obj, new: Obj) -> Obj:
    """The RFC 7386 merge patch that turns ``old`` into ``new``."""
    patch: Obj = {}
    for key, value in new.items():
        if key not in old:
            patch[key] = value
        elif old[key] != value:
            before = old[key]
            if isinstance(before, dict) and isinstance(value, dict):
                patch[key] = json_merge_patch(before, value)
            else:
                patch[key] = value
    for key in old:
        if key not in new:
            patch[key] = None
    return patch


def strategic_merge_patch(old: Obj, new: Obj, meta: PatchMeta | None) -> Obj:
    """The strategic merge patch that turns ``old`` into ``new``."""
    meta = meta or NO_META
    patch: Obj = {}
    for key, value in new.items():
        before = old.get(key)
        if key in old and before == value:
            continue
        child, strategy, merge_key = meta.field(key)
        if key not in old:
            patch[key] = value
        elif isinstance(before, dict) and isinstance(value, dict):
            sub = strategic_merge_patch(before, value, child)
            if sub:
                if "retainKeys" in strategy.split(","):
                    sub["$retainKeys"] = sorted(value)
                patch[key] = sub
        elif isinstance(before, list) and isinstance(value, list) and _merges(strategy):
            patch.update(_list_patch(key, before, value, child, merge_key))
        else:
            patch[key] = value
    for key in old:
        if key not in new:
            patch[key] = None
    return patch


def _merges(strategy: str) -> bool:
    return "merge" in strategy.split(",")


def _list_patch(key: str, old: list[Any], new: list[Any], meta: PatchMeta | None, mk: str) -> Obj:
    if not mk:
        if any(isinstance(v, (dict, list)) for v in (*old, *new)):
            return {key: new}
        return _primitive_list_patch(key, old, new)
    keyed = all(isinstance(i, dict) and mk in i for i in (*old, *new))
    if not keyed:
        return {key: new}  # cannot be merged by key: replace it
    before = {item[mk]: item for item in old}
    after = {item[mk] for item in new}
    items: list[Any] = []
    for item in new:
        previous = before.get(item[mk])
        if previous is None:
            items.append(item)
            continue
        diff = strategic_merge_patch(previous, item, meta)
        if diff:
            items.append({mk: item[mk], **diff})
    items.extend({mk: k, "$patch": "delete"} for k in before if k not in after)
    patch: Obj = {f"$setElementOrder/{key}": [{mk: item[mk]} for item in new]}
    if items:
        patch[key] = items
    return patch


def _primitive_list_patch(key: str, old: list[Any], new: list[Any]) -> Obj:
    patch: Obj = {f"$setElementOrder/{key}": list(new)}
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    if added:
        patch[key] = added
    if removed:
        patch[f"$deleteFromPrimitiveList/{key}"] = removed
    return patch
