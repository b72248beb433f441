"""Per-resource diff of two release manifests (``helm-tui diff``).

Both sides are split into resources (``manifests``), matched by identity (group, kind,
namespace, name), normalised and compared: formatting and key order do not count as
changes (parsed values are compared; changed resources are re-dumped with sorted keys for
their diff lines). Before comparing:

* noise is dropped unless ``show_noise`` (``app.ops.noise``): labels that change with
  every chart version and ``checksum/*`` annotations, on the resource and its pod template;
* Secret data is masked unless ``show_secrets``; a value that changed is masked
  differently on the new side, so the change still shows without its content.

Parsing is most of the cost of a big diff, so a document that is byte-identical to one
on the other side, or (noise hidden) provably differs from it only in noise values, is
parsed once for both and only as far as its key: the pair is unchanged
(``app.ops.diff_sides``). Changed resources alone are re-dumped and diffed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from app.ops.diff_sides import Side, sides
from app.ops.manifests import ResourceKey, dump
from app.ops.noise import without_noise
from app.ops.redact import is_secret, mask_secret

__all__ = [
    "Change",
    "ManifestDiff",
    "ResourceDiff",
    "changes_lines",
    "diff_document",
    "diff_manifests",
    "diff_text",
    "summary_line",
    "unified_lines",
    "without_noise",
]


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


def _normalised(
    side: Side | None, before: Side | None, *, show_noise: bool, show_secrets: bool
) -> Any:
    """What is compared of ``side``; ``before`` is its old version when ``side`` is new.

    A parsed resource gives its value (noise dropped, secrets masked as asked), an
    unparsed one its text; a missing one ``None``.
    """
    if side is None:
        return None
    obj = side.value()
    if obj is None:
        return side.resource.text + "\n"
    if not show_noise:
        obj = without_noise(obj)
    if not show_secrets and is_secret(obj):
        # The old side is masked plainly; on the new side values that differ from the
        # old ones are masked differently, so a changed secret still shows as changed.
        old = before.value() if before is not None else None
        obj = mask_secret(obj, (old if is_secret(old) else {}) if before is not None else None)
    return obj


def _text(value: Any) -> str:
    """The text a normalised value is diffed as."""
    if value is None:
        return ""
    return value if isinstance(value, str) else dump(value)


_EXACT_SCALARS = (str, int, bool, bytes, type(None))


def _same(a: Any, b: Any) -> bool:
    """Whether two parsed values certainly dump to the same text (False: not sure).

    Stricter than ``==``, which calls ``1``, ``1.0`` and ``True`` equal. Anything
    unusual (non-string keys, dates, sets...) answers False, and the texts decide.
    """
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        if len(a) != len(b):
            return False
        for key, value in a.items():
            if type(key) is not str or key not in b or not _same(value, b[key]):
                return False
        return True
    if kind is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if kind is float:
        return repr(a) == repr(b)  # -0.0 == 0.0, but they are written differently
    return kind in _EXACT_SCALARS and bool(a == b)


def _compare(
    old_side: Side | None,
    new_side: Side | None,
    *,
    context: int,
    show_noise: bool,
    show_secrets: bool,
) -> tuple[Change, tuple[str, ...]]:
    """The change between two versions of a resource, and its unified diff lines."""
    both = old_side is not None and new_side is not None
    if old_side is not None and new_side is not None and old_side.parsed is new_side.parsed:
        return Change.UNCHANGED, ()  # identical, or (noise hidden) differs only in noise
    options = {"show_noise": show_noise, "show_secrets": show_secrets}
    old_value = _normalised(old_side, None, **options)
    new_value = _normalised(new_side, old_side, **options)
    if both and _same(old_value, new_value):
        return Change.UNCHANGED, ()
    old_text, new_text = _text(old_value), _text(new_value)
    if old_side is None:
        change = Change.ADDED
    elif new_side is None:
        change = Change.REMOVED
    elif old_text == new_text:
        return Change.UNCHANGED, ()
    else:
        change = Change.CHANGED
    return change, unified_lines(old_text, new_text, context)


def unified_lines(old_text: str, new_text: str, context: int) -> tuple[str, ...]:
    """Unified diff lines (``@@``, ``+``, ``-``, `` ``) without the file header lines.

    Args:
        old_text: the old side.
        new_text: the new side.
        context: lines of context around each change (negative: all lines).
    """
    width = context if context >= 0 else max(old_text.count("\n"), new_text.count("\n"))
    unified = difflib.unified_diff(
        old_text.splitlines(), new_text.splitlines(), lineterm="", n=width
    )
    return tuple(line for line in unified if not line.startswith(("---", "+++")))


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
    before, after = sides(old, new, namespace, show_noise=show_noise)
    results: list[ResourceDiff] = []
    for key in sorted(before.keys() | after.keys(), key=str):
        old_side, new_side = before.get(key), after.get(key)
        change, lines = _compare(
            old_side, new_side, context=context, show_noise=show_noise, show_secrets=show_secrets
        )
        shown = new_side or old_side
        version = shown.resource.api_version if shown is not None else ""
        results.append(ResourceDiff(key, version, change, lines))
    return ManifestDiff(tuple(results))


def changes_lines(result: ManifestDiff) -> list[str]:
    """The text lines of every changed resource: a title, its diff lines, a blank line."""
    out: list[str] = []
    verbs = {Change.ADDED: "has been added", Change.REMOVED: "has been removed"}
    for res in result.resources:
        if res.change is Change.UNCHANGED:
            continue
        out.append(f"{res.key} {verbs.get(res.change, 'has changed')}:")
        out.extend(res.diff)
        out.append("")
    return out


def summary_line(result: ManifestDiff, note: str = "") -> str:
    """The closing line: ``Summary: N added, N changed, N removed, N unchanged{note}.``."""
    counts = result.summary()
    return (
        f"Summary: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['removed']} removed, {counts['unchanged']} unchanged{note}."
    )


def diff_text(result: ManifestDiff) -> str:
    """The table (text) rendering of a diff, with a summary line."""
    return "\n".join([*changes_lines(result), summary_line(result)]) + "\n"


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
