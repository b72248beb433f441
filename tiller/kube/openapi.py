"""Patch strategies of built-in kinds, read once from the API server's ``/openapi/v2``.

The full document is several megabytes; only what :mod:`tiller.kube.patch` needs is kept:
for each definition, the fields that lead to another definition or carry a patch
strategy.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

from tiller.kube.patch import PatchMeta
from tiller.kube.rest import Rest

log = logging.getLogger(__name__)

_REF_PREFIX = "#/definitions/"

# Groups whose kinds are compiled into Kubernetes (Helm's client-go scheme knows them);
# they accept strategic merge patches. Everything else (CRDs, aggregated APIs) gets a
# JSON merge patch, which is what Helm v2 does for unstructured objects.
BUILTIN_GROUPS = frozenset(
    {
        "",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "apiregistration.k8s.io",
        "apps",
        "autoscaling",
        "batch",
        "certificates.k8s.io",
        "coordination.k8s.io",
        "discovery.k8s.io",
        "events.k8s.io",
        "extensions",
        "flowcontrol.apiserver.k8s.io",
        "networking.k8s.io",
        "node.k8s.io",
        "policy",
        "rbac.authorization.k8s.io",
        "scheduling.k8s.io",
        "storage.k8s.io",
    }
)

Field = tuple[str, str, str]  # (child definition or "", strategy, merge key)


@dataclass(frozen=True)
class SchemaIndex:
    """Patch-relevant facts of every definition."""

    fields: dict[str, dict[str, Field]]
    kinds: dict[tuple[str, str, str], str]


def _ref(node: dict[str, Any]) -> str:
    ref = node.get("$ref", "")
    return ref[len(_REF_PREFIX) :] if isinstance(ref, str) and ref.startswith(_REF_PREFIX) else ""


def build_index(document: dict[str, Any]) -> SchemaIndex:
    """Extract patch metadata from an OpenAPI v2 document."""
    fields: dict[str, dict[str, Field]] = {}
    kinds: dict[tuple[str, str, str], str] = {}
    for name, definition in (document.get("definitions") or {}).items():
        for gvk in definition.get("x-kubernetes-group-version-kind") or []:
            kinds[(gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", ""))] = name
        kept: dict[str, Field] = {}
        for prop, schema in (definition.get("properties") or {}).items():
            child = _ref(schema) or _ref(schema.get("items") or {})
            strategy = str(schema.get("x-kubernetes-patch-strategy", ""))
            merge_key = str(schema.get("x-kubernetes-patch-merge-key", ""))
            if child or strategy:
                kept[prop] = (child, strategy, merge_key)
        if kept:
            fields[name] = kept
    return SchemaIndex(fields=fields, kinds=kinds)


class DefinitionMeta:
    """:class:`~tiller.kube.patch.PatchMeta` of one OpenAPI definition."""

    def __init__(self, index: SchemaIndex, definition: str) -> None:
        self._index = index
        self._definition = definition

    def field(self, name: str) -> tuple[PatchMeta | None, str, str]:
        """See :meth:`tiller.kube.patch.PatchMeta.field`."""
        child, strategy, merge_key = self._index.fields.get(self._definition, {}).get(
            name, ("", "", "")
        )
        return (DefinitionMeta(self._index, child) if child else None, strategy, merge_key)


class PatchSchemas:
    """Loads the index on first use; thread-safe."""

    def __init__(self, rest: Rest) -> None:
        self._rest = rest
        self._lock = threading.Lock()
        self._index: SchemaIndex | None = None

    def _load(self) -> SchemaIndex:
        with self._lock:
            if self._index is None:
                raw = self._rest.raw("GET", "/openapi/v2", timeout=(10.0, 120.0))
                self._index = build_index(json.loads(raw))
            return self._index

    def for_kind(self, group: str, version: str, kind: str) -> PatchMeta | None:
        """Metadata for a built-in kind, or None when a JSON merge patch must be used."""
        if group not in BUILTIN_GROUPS:
            return None
        index = self._load()
        definition = index.kinds.get((group, version, kind))
        if definition is None:
            log.info("no OpenAPI schema for %s/%s %s: lists will be replaced", group, version, kind)
            return DefinitionMeta(index, "")
        return DefinitionMeta(index, definition)
