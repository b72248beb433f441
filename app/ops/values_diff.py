"""The user-supplied values part of a preview: how a release's ``config`` changes.

Each revision stores the values the user supplied (``-f``/``--set``, merged by the client,
or by Tiller for ``--reuse-values``). Both sides are parsed and compared as values, so
formatting, comments and key order do not count; a change is shown as unified diff lines
of the two trees re-dumped with sorted keys.

Values under a sensitive key (``app.ops.redact.is_sensitive_key``) are masked unless
``show_secrets``. A masked value that differs from the old side's value at the same place
is masked as ``MASK_CHANGED`` on the new side, so the change shows without its content,
as Secret data does in manifest diffs.

Configs are small, and identical texts (the common case of a chart-only upgrade) are
not parsed at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from app.ops import fastyaml
from app.ops.diff import Change, unified_lines
from app.ops.manifests import dump
from app.ops.redact import MASK, MASK_CHANGED, is_sensitive_key

__all__ = ["VALUES_TITLE", "ValuesDiff", "diff_values", "values_lines"]

VALUES_TITLE = "Values (user-supplied)"

_ABSENT = object()  # no peer value at this place


@dataclass(frozen=True)
class ValuesDiff:
    """The difference between two revisions' user-supplied values.

    Attributes:
        change: added (no values before), removed (none after), changed or unchanged.
        diff: unified diff lines (``+``/``-``/`` ``/``@@``), empty when unchanged.
    """

    change: Change = Change.UNCHANGED
    diff: tuple[str, ...] = ()

    @property
    def has_changes(self) -> bool:
        """Whether the values differ."""
        return self.change is not Change.UNCHANGED

    def document(self) -> dict[str, str]:
        """The JSON/YAML form: ``{"change", "diff"}`` (documented in ``app.script``)."""
        return {
            "change": self.change.value,
            "diff": "\n".join(self.diff) + "\n" if self.diff else "",
        }


def _parse(config: str | None) -> Any:
    """The values tree of a config; ``{}`` for none, the text itself if it does not parse.

    Tiller refuses values that do not parse, so the text fallback is only for robustness:
    it is compared (and masked) as one opaque value.
    """
    if config is None or not config.strip():
        return {}
    try:
        tree = fastyaml.load(config)
    except yaml.YAMLError:
        return config
    return {} if tree is None else tree


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type (``1``, ``1.0`` and ``True`` are written differently)."""
    return type(a) is type(b) and bool(a == b)


def _prepared(tree: Any, peer: Any, *, mask: bool) -> Any:
    """``tree`` ready to dump: keys as strings (as Helm reads them), sensitive values masked.

    Args:
        tree: a values (sub)tree of one side.
        peer: the old side's value at the same place (``_ABSENT``: none, or ``tree`` is
            the old side); a masked value that differs from it becomes ``MASK_CHANGED``.
        mask: whether to mask sensitive values at all.
    """
    if isinstance(tree, dict):
        peers = peer if isinstance(peer, dict) else {}
        out: dict[str, Any] = {}
        for key, value in tree.items():
            name = str(key)
            other = peers.get(key, peers.get(name, _ABSENT)) if peers else _ABSENT
            if mask and is_sensitive_key(name) and _maskable(value):
                changed = other is not _ABSENT and not _same(other, value)
                out[name] = MASK_CHANGED if changed else MASK
            else:
                out[name] = _prepared(value, other, mask=mask)
        return out
    if isinstance(tree, list):
        others = peer if isinstance(peer, list) else []
        return [
            _prepared(item, others[i] if i < len(others) else _ABSENT, mask=mask)
            for i, item in enumerate(tree)
        ]
    return tree


def _maskable(value: Any) -> bool:
    # The rule of app.ops.redact: strings and numbers carry secrets, booleans and nulls not.
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _text(tree: Any, *, mask: bool, peer: Any = _ABSENT) -> str:
    """The text a side is diffed as ("" for no values)."""
    if isinstance(tree, str):  # values that did not parse (or a lone string): opaque
        if mask:
            changed = peer is not _ABSENT and not _same(peer, tree)
            return (MASK_CHANGED if changed else MASK) + "\n"
        return tree if tree.endswith("\n") else tree + "\n"
    if tree == {}:
        return ""
    return dump(_prepared(tree, peer, mask=mask))


def diff_values(
    old: str | None, new: str | None, *, context: int = 3, show_secrets: bool = False
) -> ValuesDiff:
    """Compare two revisions' user-supplied values (``None``: no release on that side).

    Args:
        old: the current values YAML (``None`` before an install).
        new: the proposed values YAML.
        context: lines of context around each change (negative: all the values).
        show_secrets: show sensitive values instead of masking them.
    """
    if (old or "") == (new or ""):
        return ValuesDiff()  # identical texts: nothing to parse
    old_tree, new_tree = _parse(old), _parse(new)
    mask = not show_secrets
    old_text = _text(old_tree, mask=mask)
    new_text = _text(new_tree, mask=mask, peer=old_tree)
    if old_text == new_text:
        return ValuesDiff()
    if not old_text:
        change = Change.ADDED
    elif not new_text:
        change = Change.REMOVED
    else:
        change = Change.CHANGED
    return ValuesDiff(change, unified_lines(old_text, new_text, context))


def values_lines(values: ValuesDiff) -> list[str]:
    """The text lines of a values change: a title, the diff lines, a blank line (none if same)."""
    if not values.has_changes:
        return []
    verbs = {Change.ADDED: "have been added", Change.REMOVED: "have been removed"}
    return [f"{VALUES_TITLE} {verbs.get(values.change, 'have changed')}:", *values.diff, ""]
