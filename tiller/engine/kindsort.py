"""Manifest kinds and Tiller's install order (``pkg/tiller/kind_sorter.go``, ``pkg/manifest``).

``helm template`` orders whole rendered files by the kind found in them; Tiller orders
the documents of a release the same way. Known kinds follow :data:`INSTALL_ORDER`, ties
broken by name; unknown kinds come last, ordered by kind and then name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

INSTALL_ORDER: tuple[str, ...] = (
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "Secret",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "ServiceAccount",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "Ingress",
    "APIService",
)
_RANK = {kind: i for i, kind in enumerate(INSTALL_ORDER)}

# Helm's regex: the first "kind:" anywhere (even mid-line), up to a newline.
_KIND = re.compile(r"kind:(.*)\n")


class Manifest:
    """A rendered file (or document) with the kind Helm detected in it."""

    __slots__ = ("content", "kind", "name")

    def __init__(self, name: str, content: str, kind: str) -> None:
        self.name = name
        self.content = content
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        if type(other) is not Manifest:
            return NotImplemented
        return (self.name, self.content, self.kind) == (other.name, other.content, other.kind)

    def __hash__(self) -> int:
        return hash((self.name, self.content, self.kind))

    def __repr__(self) -> str:
        return f"Manifest(name={self.name!r}, content={self.content!r}, kind={self.kind!r})"


def detect_kind(content: str) -> str:
    """The kind ``manifest.SplitManifests`` reads from a rendered file (``Unknown`` if none)."""
    m = _KIND.search(content)
    return m.group(1).strip() if m else "Unknown"


def split_manifests(templates: dict[str, str]) -> list[Manifest]:
    """One Manifest per rendered file, with its detected kind."""
    return [Manifest(name, content, detect_kind(content)) for name, content in templates.items()]


def _sort_key(m: Manifest) -> tuple[int, str, str]:
    rank = _RANK.get(m.kind)
    if rank is None:
        return (len(INSTALL_ORDER), m.kind, m.name)
    return (rank, "", m.name)


def sort_by_kind(manifests: Iterable[Manifest]) -> list[Manifest]:
    """Order manifests as ``tiller.SortByKind`` does (InstallOrder)."""
    return sorted(manifests, key=_sort_key)
