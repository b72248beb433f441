"""Lay out an ``app.ops`` preview as display lines: unified or side by side.

Pure functions over the preview's items: the user-supplied values' ``ValuesDiff`` (when
they changed) and ``ResourceDiff``s, so a 20,000-line diff is laid out once (fast, plain
strings) and the view draws only the visible lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.ops.diff import Change, ResourceDiff
from app.ops.values_diff import VALUES_TITLE, ValuesDiff

SIGNS = {Change.ADDED: "+", Change.REMOVED: "-", Change.CHANGED: "~", Change.UNCHANGED: "="}

DiffItem = ResourceDiff | ValuesDiff  # one group of lines: a resource, or the values


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One display line.

    Attributes:
        kind: ``header``, ``hunk``, ``ctx``, ``add``, ``del`` (unified) or ``pair``.
        left: the text (unified), or the old side (side by side).
        right: the new side (side by side).
        left_kind: ``ctx``/``del``/``blank`` for the old side of a pair.
        right_kind: ``ctx``/``add``/``blank`` for the new side of a pair.
        resource: index of the item (values or resource) the line belongs to.
    """

    kind: str
    left: str
    right: str = ""
    left_kind: str = ""
    right_kind: str = ""
    resource: int = -1


def counts(diff: Sequence[str]) -> tuple[int, int]:
    """Lines added and removed in one resource's unified diff."""
    added = sum(1 for line in diff if line.startswith("+"))
    removed = sum(1 for line in diff if line.startswith("-"))
    return added, removed


def header(index: int, item: DiffItem, revealed: bool) -> DiffLine:
    """The line that opens an item: change, what (kind, name, namespace), counts."""
    added, removed = counts(item.diff)
    if isinstance(item, ValuesDiff):
        what = VALUES_TITLE
    else:
        key = item.key
        group = f" ({key.group})" if key.group else ""
        what = f"{key.kind}{group} {key.name}  ns {key.namespace or '-'}"
    shown = "  [secrets shown]" if revealed else ""
    text = f"{SIGNS[item.change]} {item.change.value:<8} {what}  +{added} -{removed}{shown}"
    return DiffLine("header", text, resource=index)


def unified(resources: Sequence[DiffItem], revealed: frozenset[int]) -> list[DiffLine]:
    """Every item: its header, then its diff lines as ops produced them."""
    out: list[DiffLine] = []
    for index, res in enumerate(resources):
        out.append(header(index, res, index in revealed))
        for line in res.diff:
            kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "ctx")
            out.append(DiffLine(kind, line, resource=index))
    return out


def _pairs(removed: list[str], added: list[str], index: int) -> list[DiffLine]:
    """A run of removals beside the run of additions that replaced it."""
    out = []
    for n in range(max(len(removed), len(added))):
        left = removed[n] if n < len(removed) else None
        right = added[n] if n < len(added) else None
        out.append(
            DiffLine(
                "pair",
                left or "",
                right or "",
                "del" if left is not None else "blank",
                "add" if right is not None else "blank",
                index,
            )
        )
    return out


def side_by_side(resources: Sequence[DiffItem], revealed: frozenset[int]) -> list[DiffLine]:
    """Old on the left, new on the right; runs of removals and additions are paired."""
    out: list[DiffLine] = []
    for index, res in enumerate(resources):
        out.append(header(index, res, index in revealed))
        removed: list[str] = []
        added: list[str] = []
        for line in res.diff:
            if line.startswith("-"):
                removed.append(line[1:])
            elif line.startswith("+"):
                added.append(line[1:])
                continue
            else:
                out.extend(_pairs(removed, added, index))
                removed, added = [], []
                if line.startswith("@"):
                    out.append(DiffLine("hunk", line, resource=index))
                else:
                    text = line[1:]
                    out.append(DiffLine("pair", text, text, "ctx", "ctx", index))
        out.extend(_pairs(removed, added, index))
    return out
