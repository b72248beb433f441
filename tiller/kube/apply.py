"""Creating a release's objects and moving them from one manifest to another (spec §3.9)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from tiller.errors import TillerError
from tiller.hooks import RESOURCE_POLICY_ANNOTATION
from tiller.kube.client import UpdateOptions
from tiller.kube.cluster import Cluster
from tiller.kube.discovery import UnknownKindError
from tiller.kube.objects import KubeObject, index
from tiller.kube.rest import KubeApiError
from tiller.kube.wait import wait_deleted, wait_ready
from tiller.ordering import UNINSTALL_ORDER, sort_by_kind

log = logging.getLogger(__name__)

# A forced replacement waits this long for the old object to go before recreating it.
REPLACE_DELETE_TIMEOUT_S = 60.0


def kept_by_policy(annotations: dict[str, str]) -> bool:
    """``helm.sh/resource-policy`` with any value but ``delete`` keeps an object."""
    policy = annotations.get(RESOURCE_POLICY_ANNOTATION)
    return policy is not None and policy != "delete"


def create_all(
    cluster: Cluster, namespace: str, manifest: str, *, wait: bool, timeout: float
) -> list[KubeObject]:
    """Create every object of ``manifest`` in order, then optionally wait for them.

    Returns:
        The objects created.

    Raises:
        TillerError: the first failure (the API's own message).
    """
    cluster.ensure_namespace(namespace)
    objects = cluster.build(namespace, manifest)
    for obj in objects:
        log.info("creating %s", obj)
        cluster.create(obj)
    if wait:
        wait_ready(cluster, objects, timeout)
    return objects


def _build_previous(cluster: Cluster, namespace: str, manifest: str) -> list[KubeObject]:
    """The previous release's objects; documents of kinds no longer served are skipped."""
    objects = []
    for doc in manifest.split("\n---\n"):
        try:
            objects.extend(cluster.build(namespace, doc))
        except UnknownKindError as err:
            log.warning("previous release object skipped: %s", err)
    return objects


def _recreate_pods(cluster: Cluster, obj: KubeObject) -> None:
    for pod in cluster.pods_of(obj):
        name = str((pod.get("metadata") or {}).get("name", ""))
        log.info("recreating pod %s of %s", name, obj)
        try:
            cluster.rest.request("DELETE", f"/api/v1/namespaces/{obj.namespace}/pods/{name}")
        except KubeApiError as err:
            if not err.not_found:
                raise


def _update_one(
    cluster: Cluster, previous: KubeObject, target: KubeObject, options: UpdateOptions
) -> None:
    try:
        cluster.patch(previous, target)
    except KubeApiError as err:
        log.warning("cannot patch %s: %s", target, err)
        if not options.force:
            raise
        cluster.delete(target)
        wait_deleted(cluster, [target], REPLACE_DELETE_TIMEOUT_S)
        try:
            cluster.create(target)
        except KubeApiError as create_err:
            raise TillerError(f"Failed to recreate resource: {create_err}") from create_err
        log.info("replaced %s (--force)", target)
    if options.recreate:
        _recreate_pods(cluster, target)


def _already_exists(obj: KubeObject) -> TillerError:
    return TillerError(
        f'kind {obj.kind} with the name "{obj.name}" in "{obj.namespace or ""}" already exists '
        "in the cluster and wasn't defined in the previous release. Before upgrading, please "
        "either delete the resource from the cluster or remove it from the chart"
    )


def _delete_removed(cluster: Cluster, removed: Sequence[KubeObject]) -> None:
    for obj in sort_by_kind(removed, UNINSTALL_ORDER, lambda o: o.kind, lambda o: o.name):
        live = cluster.get(obj)
        if live is None:
            continue
        live_annotations = (live.get("metadata") or {}).get("annotations") or {}
        if kept_by_policy(obj.annotations) or kept_by_policy(live_annotations):
            log.info("keeping %s (resource policy)", obj)
            continue
        try:
            log.info("deleting %s (not in the new release)", obj)
            cluster.delete(obj)
        except TillerError as err:  # Helm only logs these
            log.warning("failed to delete %s: %s", obj, err)


def update(
    cluster: Cluster, namespace: str, original: str, target: str, options: UpdateOptions
) -> None:
    """Move the cluster from ``original`` to ``target``.

    Objects missing from the cluster are created, objects of the previous manifest are
    patched with the two-way patch previous → target, objects no longer in the
    manifest are deleted (unless kept by policy); then, optionally, wait.

    Raises:
        TillerError: creation, patch or wait failed (after cleanup when asked).
    """
    cluster.ensure_namespace(namespace)
    previous = index(_build_previous(cluster, namespace, original))
    targets = cluster.build(namespace, target)
    created: list[KubeObject] = []
    try:
        errors = []
        for obj in targets:
            if cluster.get(obj) is None:
                log.info("creating %s", obj)
                try:
                    cluster.create(obj)
                except KubeApiError as err:
                    raise TillerError(f"failed to create resource: {err}") from err
                created.append(obj)
                continue
            before = previous.get(obj.key)
            if before is None:
                raise _already_exists(obj)
            try:
                _update_one(cluster, before, obj, options)
            except TillerError as err:
                errors.append(str(err))
        if errors:
            raise TillerError(" && ".join(errors))
        wanted = {obj.key for obj in targets}
        _delete_removed(cluster, [o for k, o in previous.items() if k not in wanted])
        if options.wait:
            wait_ready(cluster, targets, options.timeout)
    except TillerError:
        if options.cleanup_on_fail and created:
            _cleanup(cluster, created)
        raise


def _cleanup(cluster: Cluster, created: Sequence[KubeObject]) -> None:
    log.info("cleanup on fail: deleting %d object(s) created by this operation", len(created))
    for obj in created:
        try:
            cluster.delete(obj)
        except TillerError as err:
            log.warning("cleanup: cannot delete %s: %s", obj, err)
