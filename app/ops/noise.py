"""Diff noise: labels that change with every chart version, and checksum annotations.

``helm-tui diff`` hides them by default (on the resource and on its pod template), so an
upgrade that only bumps the chart version shows no changes. Two helpers:

* :func:`without_noise` drops the noise from a parsed resource;
* :func:`noise_changes` and :func:`noise_line_numbers` prove, from the texts and one
  side's parse, that two documents differ only in noise values, so that the other side
  need not be parsed at all (the common case of an upgrade: every document differs from
  the old one only in its ``chart`` label).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

NOISE_LABELS = frozenset({"chart", "helm.sh/chart", "app.kubernetes.io/version"})
NOISE_ANNOTATION_PREFIXES = ("checksum/",)

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"

_NOISE_KEY = "|".join(
    [re.escape(label) for label in sorted(NOISE_LABELS)]
    + [re.escape(prefix) + r"[\w./-]*" for prefix in NOISE_ANNOTATION_PREFIXES]
)
# A noise entry written as one indented ``key: value`` line whose value is a single
# scalar that cannot change the structure around it: no anchor, alias, tag, flow
# collection, block scalar, comment or continuation. Two documents whose lines differ
# only on such lines have the same shape, so only those scalars can differ.
_SAFE_SCALAR = r"""(?:[\w.][\w.+/=-]*|"[\w.+/=: -]*"|'[\w.+/=: -]*')"""
_NOISE_LINE = re.compile(
    rf"""^(?P<head>[ ]+(?:{_NOISE_KEY}|"(?:{_NOISE_KEY})"|'(?:{_NOISE_KEY})'):)[ ]+"""
    rf"{_SAFE_SCALAR}[ ]*$",
    re.MULTILINE,
)
# Anchors and aliases could copy a noise value somewhere it is not noise.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s]")
# libyaml also breaks lines on these; the line numbers compared must be the same.
_OTHER_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _strip(meta: dict[Any, Any]) -> dict[Any, Any]:
    """``meta`` without noise labels and annotations (``meta`` itself if there are none)."""
    out = meta
    labels = meta.get("labels")
    if isinstance(labels, dict):
        kept = {k: v for k, v in labels.items() if k not in NOISE_LABELS}
        if len(kept) != len(labels) or not kept:
            out = dict(out)
            if kept:
                out["labels"] = kept
            else:
                del out["labels"]
    annotations = meta.get("annotations")
    if isinstance(annotations, dict):
        kept = {
            k: v for k, v in annotations.items() if not str(k).startswith(NOISE_ANNOTATION_PREFIXES)
        }
        if len(kept) != len(annotations) or not kept:
            out = dict(out) if out is meta else out
            if kept:
                out["annotations"] = kept
            else:
                del out["annotations"]
    return out


def without_noise(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` without version labels and checksum annotations (resource and pod template).

    Empty ``labels``/``annotations`` mappings go too. ``obj`` is not modified: only the
    mappings on the way to the noise are copied, the rest is shared with ``obj``.
    """
    out = dict(obj)
    meta = out.get("metadata")
    if isinstance(meta, dict):
        out["metadata"] = _strip(meta)
    spec = out.get("spec")
    template = spec.get("template") if isinstance(spec, dict) else None
    template_meta = template.get("metadata") if isinstance(template, dict) else None
    if isinstance(template_meta, dict):
        stripped = _strip(template_meta)
        if stripped is not template_meta:
            assert isinstance(spec, dict) and isinstance(template, dict)
            out["spec"] = {**spec, "template": {**template, "metadata": stripped}}
    return out


def noise_blind(text: str) -> str:
    """``text`` with the values of one-line noise entries blanked (to pair documents)."""
    return _NOISE_LINE.sub(r"\g<head> ~", text)


def _noise_lines(meta: yaml.Node, into: set[int]) -> None:
    """Add the lines of ``meta``'s one-line noise labels and annotations to ``into``."""
    if not isinstance(meta, yaml.MappingNode) or meta.tag != _MAP:
        return
    for key, value in meta.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
            continue
        if key.value not in ("labels", "annotations"):
            continue
        if not isinstance(value, yaml.MappingNode) or value.tag != _MAP:
            continue
        for name, entry in value.value:
            if not isinstance(name, yaml.ScalarNode) or name.tag != _STR:
                continue
            if not isinstance(entry, yaml.ScalarNode):
                continue
            if key.value == "labels":
                noise = name.value in NOISE_LABELS
            else:
                noise = str(name.value).startswith(NOISE_ANNOTATION_PREFIXES)
            line = name.start_mark.line
            if noise and entry.start_mark.line == line == entry.end_mark.line:
                into.add(line)


def _children(node: yaml.Node, name: str) -> list[yaml.Node]:
    """The values of ``name`` in a mapping node (all of them: keys may repeat)."""
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
        return []
    return [
        value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and key.tag == _STR and key.value == name
    ]


def noise_line_numbers(root: yaml.Node | None) -> frozenset[int]:
    """Lines (0-based) holding a one-line noise entry where ``without_noise`` drops it."""
    lines: set[int] = set()
    if root is None:
        return frozenset()
    for meta in _children(root, "metadata"):
        _noise_lines(meta, lines)
    for spec in _children(root, "spec"):
        for template in _children(spec, "template"):
            for meta in _children(template, "metadata"):
                _noise_lines(meta, lines)
    return frozenset(lines)


def noise_changes(old: str, new: str) -> list[int] | None:
    """The lines where two document texts differ, if they differ only in noise values.

    A list (0-based line numbers, never empty) when the texts differ only on lines that
    are one-line noise entries with the same key and indentation on both sides, so that
    both parse to the same shape with only those scalars different; ``None`` otherwise
    (also for equal texts, and for texts with anchors or aliases).

    The caller must still check that each line is, in one of the parsed documents, an
    entry that ``without_noise`` drops (:func:`noise_line_numbers`); then ``without_noise``
    of both documents are equal, and only one needed parsing.
    """
    old_lines, new_lines = old.split("\n"), new.split("\n")
    if len(old_lines) != len(new_lines):
        return None
    changed = [n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    if not changed:
        return None
    for number in changed:
        old_entry = _NOISE_LINE.match(old_lines[number])
        new_entry = _NOISE_LINE.match(new_lines[number])
        if old_entry is None or new_entry is None or old_entry["head"] != new_entry["head"]:
            return None
    for text in (old, new):
        if ("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text):
            return None
        if _OTHER_LINE_BREAKS.search(text):
            return None
    return changed
