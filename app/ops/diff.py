"""Per-resource diff of two release manifests (``helm-tui diff``).

Both sides are split into resources (``manifests``), matched by identity (group, kind,
namespace, name), normalised (parsed and re-dumped with sorted keys, so formatting and
key order do not count as changes) and compared. Before comparing:

* noise is dropped unless ``show_noise``: labels that change with every chart version
  (``chart``, ``helm.sh/chart``, ``app.kubernetes.io/version``) and ``checksum/*``
  annotations, on the resource and on its pod template;
* Secret data is masked unless ``show_secrets``; a value that changed is masked
  differently on the new side, so the change still shows without its content.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from app.ops.manifests import Resource, ResourceKey, dump, parse_resources
from app.ops.redact import is_secret, mask_secret

NOISE_LABELS = frozenset({"chart", "helm.sh/chart", "app.kubernetes.io/version"})
NOISE_ANNOTATION_PREFIXES = ("checksum/",)


class Change(Enum):
    """What happened to a resource between the two sides."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ResourceDiff:
    """The diff of one resource.

    Attributes:
        key: the resource's identity.
        api_version: its API version (the new side's when both exist).
        change: added, removed, changed or unchanged.
        diff: unified diff lines (``+``/``-``/`` ``/``@@``), empty when unchanged.
    """

    key: ResourceKey
    api_version: str
    change: Change
    diff: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManifestDiff:
    """All resource diffs between two manifests, in a stable order."""

    resources: tuple[ResourceDiff, ...] = field(default_factory=tuple)

    def count(self, change: Change) -> int:
        """How many resources had ``change``."""
        return sum(1 for r in self.resources if r.change is change)

    @property
    def has_changes(self) -> bool:
        """Whether anything was added, removed or changed."""
        return any(r.change is not Change.UNCHANGED for r in self.resources)

    def summary(self) -> dict[str, int]:
        """Counts per kind of change (``added``, ``changed``, ``removed``, ``unchanged``)."""
        order = (Change.ADDED, Change.CHANGED, Change.REMOVED, Change.UNCHANGED)
        return {c.value: self.count(c) for c in order}


def _strip_noise(meta: Any) -> None:
    if not isinstance(meta, dict):
        return
    labels = meta.get("labels")
    if isinstance(labels, dict):
        for label in NOISE_LABELS & labels.keys():
            del labels[label]
        if not labels:
            del meta["labels"]
    annotations = meta.get("annotations")
    if isinstance(annotations, dict):
        for name in [a for a in annotations if str(a).startswith(NOISE_ANNOTATION_PREFIXES)]:
            del annotations[name]
        if not annotations:
            del meta["annotations"]


def without_noise(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy of a resource without version labels and checksum annotations."""
    out = copy.deepcopy(obj)
    _strip_noise(out.get("metadata"))
    spec = out.get("spec")
    template = spec.get("template") if isinstance(spec, dict) else None
    if isinstance(template, dict):
        _strip_noise(template.get("metadata"))
    return out


def _text(
    res: Resource | None, before: Resource | None, *, show_noise: bool, show_secrets: bool
) -> str:
    """The normalised text of ``res``; ``before`` is its old version when ``res`` is new."""
    if res is None:
        return ""
    if res.obj is None:
        return res.text + "\n"
    obj = res.obj if show_noise else without_noise(res.obj)
    if not show_secrets and is_secret(obj):
        # The old side is masked plainly; on the new side values that differ from the
        # old ones are masked differently, so a changed secret still shows as changed.
        old = before.obj if before is not None else None
        obj = mask_secret(obj, (old if is_secret(old) else {}) if before is not None else None)
    return dump(obj)


def diff_manifests(
    old: str,
    new: str,
    *,
    namespace: str = "",
    context: int = 3,
    show_noise: bool = False,
    show_secrets: bool = False,
) -> ManifestDiff:
    """Compare two manifests resource by resource.

    Args:
        old: the current manifest.
        new: the proposed manifest.
        namespace: the release namespace (for resources that do not name one).
        context: lines of context around each change (negative: the whole resource).
        show_noise: keep version labels and checksum annotations.
        show_secrets: show Secret data instead of masking it.
    """
    before = {r.key: r for r in parse_resources(old, namespace)}
    after = {r.key: r for r in parse_resources(new, namespace)}
    results: list[ResourceDiff] = []
    for key in sorted(before.keys() | after.keys(), key=str):
        old_res, new_res = before.get(key), after.get(key)
        old_text = _text(old_res, None, show_noise=show_noise, show_secrets=show_secrets)
        new_text = _text(new_res, old_res, show_noise=show_noise, show_secrets=show_secrets)
        if old_res is None:
            change = Change.ADDED
        elif new_res is None:
            change = Change.REMOVED
        else:
            change = Change.CHANGED if old_text != new_text else Change.UNCHANGED
        lines: tuple[str, ...] = ()
        if change is not Change.UNCHANGED:
            width = context if context >= 0 else max(old_text.count("\n"), new_text.count("\n"))
            unified = difflib.unified_diff(
                old_text.splitlines(), new_text.splitlines(), lineterm="", n=width
            )
            lines = tuple(line for line in unified if not line.startswith(("---", "+++")))
        shown = new_res or old_res
        version = shown.api_version if shown is not None else ""
        results.append(ResourceDiff(key, version, change, lines))
    return ManifestDiff(tuple(results))


def diff_text(result: ManifestDiff) -> str:
    """The table (text) rendering of a diff, with a summary line."""
    out: list[str] = []
    verbs = {Change.ADDED: "has been added", Change.REMOVED: "has been removed"}
    for res in result.resources:
        if res.change is Change.UNCHANGED:
            continue
        out.append(f"{res.key} {verbs.get(res.change, 'has changed')}:")
        out.extend(res.diff)
        out.append("")
    counts = result.summary()
    out.append(
        f"Summary: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['removed']} removed, {counts['unchanged']} unchanged."
    )
    return "\n".join(out) + "\n"


def diff_document(result: ManifestDiff, **about: Any) -> dict[str, Any]:
    """The JSON/YAML rendering of a diff (schema in ``app.script``'s documentation)."""
    return {
        **about,
        "summary": result.summary(),
        "changes": [
            {
                "kind": r.key.kind,
                "apiVersion": r.api_version,
                "namespace": r.key.namespace,
                "name": r.key.name,
                "change": r.change.value,
                "diff": "\n".join(r.diff) + "\n" if r.diff else "",
            }
            for r in result.resources
            if r.change is not Change.UNCHANGED
        ],
    }
