"""Splitting a release manifest into its Kubernetes objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# Documents are separated by lines of exactly `---` (optionally with trailing text), as in
# Helm's releaseutil.SplitManifests.
_SEPARATOR = re.compile(r"(?:^|\n)---.*?(?=\n|$)")


@dataclass(frozen=True)
class ObjectRef:
    """The identity of one object in a manifest."""

    api_version: str
    kind: str
    name: str
    namespace: str | None
    body: dict[str, Any]


class _ObjectLoader(yaml.SafeLoader):
    """YAML 1.1 like Kubernetes' decoder, but timestamps stay strings (JSON has none)."""


_ObjectLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_document(text: str) -> Any:
    """Parse one YAML document into JSON-compatible values."""
    return yaml.load(text, Loader=_ObjectLoader)  # noqa: S506 - a SafeLoader subclass


def split_documents(manifest: str) -> list[str]:
    """Split a multi-document manifest into non-blank documents."""
    return [doc for doc in _SEPARATOR.split(manifest) if doc.strip()]


def parse_objects(manifest: str) -> list[ObjectRef]:
    """Parse every document of ``manifest`` that is a Kubernetes object."""
    objects = []
    for doc in split_documents(manifest):
        body = load_document(doc)
        if not isinstance(body, dict) or "kind" not in body:
            continue
        meta = body.get("metadata") or {}
        objects.append(
            ObjectRef(
                api_version=str(body.get("apiVersion", "")),
                kind=str(body["kind"]),
                name=str(meta.get("name", "")),
                namespace=meta.get("namespace"),
                body=body,
            )
        )
    return objects
