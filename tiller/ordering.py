"""The order in which Tiller creates and deletes kinds (spec §3.10).

Known kinds go by their index in the order list; documents of the same kind keep a
stable tie-break (template path on install, manifest key on uninstall); unknown kinds
come after every known kind, ordered by kind name and then the tie-break. Helm sorts
with Go's unstable sort; we use a stable, total order so that a release always applies
the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from tiller.engine.kindsort import INSTALL_ORDER

T = TypeVar("T")

# One list for both `helm template`'s file order and Tiller's apply order.
__all__ = ["INSTALL_ORDER", "UNINSTALL_ORDER", "sort_by_kind"]

# Not the exact reverse of INSTALL_ORDER: Service moves up to third place so traffic
# stops before its backends go away.
UNINSTALL_ORDER: tuple[str, ...] = (
    "APIService",
    "Ingress",
    "Service",
    "CronJob",
    "Job",
    "StatefulSet",
    "HorizontalPodAutoscaler",
    "Deployment",
    "ReplicaSet",
    "ReplicationController",
    "Pod",
    "DaemonSet",
    "RoleBindingList",
    "RoleBinding",
    "RoleList",
    "Role",
    "ClusterRoleBindingList",
    "ClusterRoleBinding",
    "ClusterRoleList",
    "ClusterRole",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "StorageClass",
    "ConfigMap",
    "Secret",
    "PodDisruptionBudget",
    "PodSecurityPolicy",
    "LimitRange",
    "ResourceQuota",
    "NetworkPolicy",
    "Namespace",
)


def sort_by_kind(
    items: Sequence[T],
    order: Sequence[str],
    kind: Callable[[T], str],
    tie: Callable[[T], str],
) -> list[T]:
    """Sort ``items`` by kind in ``order``.

    Args:
        items: What to sort (documents, hooks...).
        order: :data:`INSTALL_ORDER` or :data:`UNINSTALL_ORDER`.
        kind: The Kubernetes kind of an item.
        tie: The tie-break of an item with the same kind (path or manifest key).

    Returns:
        A new sorted list.
    """
    rank = {k: i for i, k in enumerate(order)}
    unknown = len(order)

    def key(item: T) -> tuple[int, str, str]:
        k = kind(item)
        if k in rank:
            return (rank[k], "", tie(item))
        return (unknown, k, tie(item))

    return sorted(items, key=key)
