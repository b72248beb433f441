"""A release manifest split into its resources, each identified as Kubernetes would.

Tiller stores a release's resources as one text: documents separated by ``---`` lines,
each starting with ``# Source: <template path>`` (spec §3.1). Diffs, redaction and the
TUI's resource views work per resource, keyed by API group, kind, namespace and name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.ops import fastyaml

SEPARATOR_LINE = r"^---[ \t]*(?:#.*)?$"  # a YAML document separator line
_SEPARATOR = re.compile(SEPARATOR_LINE, re.MULTILINE)
_SOURCE = re.compile(r"^# Source: (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class ResourceKey:
    """What identifies a resource in a cluster (the API version's group, not its version).

    Attributes:
        group: the API group (``apps``; empty for the core group).
        kind: e.g. ``Deployment``.
        namespace: the resource's namespace (the release's when the manifest sets none).
        name: ``metadata.name``.
    """

    group: str
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        group = f" ({self.group})" if self.group else ""
        return f"{self.namespace}, {self.name}, {self.kind}{group}"


@dataclass(frozen=True)
class Resource:
    """One document of a manifest.

    Attributes:
        key: the resource's identity.
        api_version: as written (``apps/v1``).
        source: the template it was rendered from (``# Source:``), if known.
        text: the document as rendered, without the separator line.
        obj: the parsed document, or ``None`` if it is not a YAML mapping.
    """

    key: ResourceKey
    api_version: str
    source: str
    text: str
    obj: dict[str, Any] | None


def split_documents(manifest: str) -> list[str]:
    """The non-blank documents of a multi-document YAML text."""
    return [doc.strip("\n") for doc in _SEPARATOR.split(manifest) if doc.strip()]


def has_content(doc: str) -> bool:
    """Whether a document holds more than comments."""
    return any(line.strip() for line in doc.split("\n") if not line.startswith("#"))


def load_mapping(text: str) -> dict[str, Any] | None:
    """The parsed document if it is a YAML mapping, else ``None`` (also when it does not parse)."""
    try:
        obj = fastyaml.load(text)
    except yaml.YAMLError:
        return None
    return obj if isinstance(obj, dict) else None


def resource(doc: str, index: int, namespace: str, obj: dict[str, Any] | None) -> Resource:
    """The resource for document ``doc`` (``index``-th of its manifest), parsed as ``obj``.

    A document that did not parse to a mapping (``obj`` is ``None``) gets a key made from
    its ``# Source:`` or its position, so that it still shows up in diffs.
    """
    source_match = _SOURCE.search(doc)
    source = source_match.group(1).strip() if source_match else ""
    if obj is None:
        key = ResourceKey("", "(unparsed)", namespace, source or f"document {index + 1}")
        return Resource(key, "", source, doc, None)
    api_version = str(obj.get("apiVersion") or "")
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    assert isinstance(meta, dict)
    key = ResourceKey(
        group=group,
        kind=str(obj.get("kind") or ""),
        namespace=str(meta.get("namespace") or namespace),
        name=str(meta.get("name") or ""),
    )
    return Resource(key, api_version, source, doc, obj)


def parse_resources(manifest: str, namespace: str = "") -> list[Resource]:
    """Split a release manifest into resources.

    Args:
        manifest: the release's manifest text.
        namespace: the release namespace, for resources that do not name one.

    Documents that are comments only are skipped; documents that do not parse (or are
    not mappings) are kept with a key made from their position, so that they still show
    up in diffs.
    """
    return [
        resource(doc, index, namespace, load_mapping(doc))
        for index, doc in enumerate(split_documents(manifest))
        if has_content(doc)
    ]


def dump(obj: Any) -> str:
    """A stable YAML rendering of a parsed resource (keys sorted), for comparisons."""
    text: str = fastyaml.dump(obj, default_flow_style=False, sort_keys=True, allow_unicode=True)
    return text
