"""The real KubeClient: discovery, object operations and waits against an API server."""

from __future__ import annotations

import logging
from typing import Any

from tiller.errors import KubeUnavailableError, TillerError
from tiller.kube import apply, wait
from tiller.kube.client import ClusterInfo, UpdateOptions
from tiller.kube.cluster import Cluster
from tiller.kube.connection import KubeConnection
from tiller.kube.discovery import Discovery
from tiller.kube.manifests import ObjectRef, parse_objects
from tiller.kube.objects import KubeObject
from tiller.kube.openapi import PatchSchemas
from tiller.kube.rest import KubeApiError, Rest
from tiller.kube.status_table import resources_text

log = logging.getLogger(__name__)

Obj = dict[str, Any]
# Workloads whose pods Helm lists as `v1/Pod(related)`.
_WORKLOADS = {
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
}


class RealKubeClient:
    """KubeClient backed by a live API server."""

    def __init__(self, connection: KubeConnection) -> None:
        rest = Rest(connection)
        self._cluster = Cluster(rest, Discovery(rest), PatchSchemas(rest))

    @property
    def cluster(self) -> Cluster:
        """The object-level API (for tools and tests)."""
        return self._cluster

    def _build(self, namespace: str, manifest: str) -> list[KubeObject]:
        return self._cluster.build(namespace, manifest)

    # -- capabilities and validation ------------------------------------------------
    def cluster_info(self) -> ClusterInfo:
        """See :meth:`tiller.kube.client.KubeClient.cluster_info`."""
        discovery = self._cluster.discovery
        return ClusterInfo(
            version=discovery.server_version(), api_versions=discovery.api_versions()
        )

    def validate(self, namespace: str, manifest: str) -> None:
        """See :meth:`tiller.kube.client.KubeClient.validate`."""
        for obj in self._build(namespace, manifest):
            try:
                self._cluster.create(obj, dry_run=True)
            except KubeApiError as err:
                # Existing objects and not-yet-created namespaces are not schema problems.
                if err.conflict or (err.not_found and err.message.startswith("namespaces ")):
                    continue
                raise

    # -- create, update, delete -------------------------------------------------------
    def create(self, namespace: str, manifest: str, *, wait: bool, timeout: float) -> None:
        """See :meth:`tiller.kube.client.KubeClient.create`."""
        apply.create_all(self._cluster, namespace, manifest, wait=wait, timeout=timeout)

    def update(self, namespace: str, original: str, target: str, options: UpdateOptions) -> None:
        """See :meth:`tiller.kube.client.KubeClient.update`."""
        apply.update(self._cluster, namespace, original, target, options)

    def delete(self, namespace: str, manifest: str, *, wait_timeout: float = 0) -> None:
        """See :meth:`tiller.kube.client.KubeClient.delete`."""
        objects = self._build(namespace, manifest)
        for obj in objects:
            if not self._cluster.delete(obj):
                log.info("%s not found, skipping delete", obj)
        if wait_timeout > 0:
            wait.wait_deleted(self._cluster, objects, wait_timeout)

    def exists(self, namespace: str, manifest: str) -> bool:
        """See :meth:`tiller.kube.client.KubeClient.exists`."""
        return all(self._cluster.get(o) is not None for o in self._build(namespace, manifest))

    # -- waits ------------------------------------------------------------------------
    def watch_until_ready(self, namespace: str, manifest: str, timeout: float) -> None:
        """See :meth:`tiller.kube.client.KubeClient.watch_until_ready`."""
        wait.wait_hook_ready(self._cluster, self._build(namespace, manifest), timeout)

    def wait_crds_established(self, manifest: str, timeout: float) -> None:
        """See :meth:`tiller.kube.client.KubeClient.wait_crds_established`."""
        wait.wait_established(self._cluster, self._build("", manifest), timeout)

    def wait_pod_completed(self, namespace: str, manifest: str, timeout: float) -> str:
        """See :meth:`tiller.kube.client.KubeClient.wait_pod_completed`."""
        pods = [o for o in self._build(namespace, manifest) if o.kind == "Pod"]
        if not pods:
            raise TillerError("no pod in the test manifest")
        return wait.wait_pod_done(self._cluster, pods[0], timeout)

    def pod_logs(self, namespace: str, name: str) -> str:
        """See :meth:`tiller.kube.client.KubeClient.pod_logs`."""
        path = f"/api/v1/namespaces/{namespace}/pods/{name}/log"
        return self._cluster.rest.raw("GET", path, accept="*/*").decode("utf-8", "replace")

    # -- status -----------------------------------------------------------------------
    def resources_table(self, namespace: str, manifest: str) -> str:
        """See :meth:`tiller.kube.client.KubeClient.resources_table`."""
        cluster = self._cluster

        def locate(ref: ObjectRef) -> KubeObject:
            resource = cluster.discovery.resource(ref.api_version, ref.kind)
            ns = (ref.namespace or namespace) if resource.namespaced else None
            return KubeObject(resource=resource, namespace=ns, name=ref.name, body=ref.body)

        def fetch(ref: ObjectRef) -> Obj | None:
            return cluster.get(locate(ref))

        def related(ref: ObjectRef, live: Obj) -> list[Obj]:
            if ref.kind not in _WORKLOADS:
                return []
            obj = locate(ref)
            return cluster.pods_of(KubeObject(obj.resource, obj.namespace, obj.name, live))

        def plural(ref: ObjectRef) -> str:
            try:
                return locate(ref).resource.plural
            except TillerError:
                return f"{ref.kind.lower()}s"

        try:
            return resources_text(parse_objects(manifest), fetch, related, plural)
        except TillerError:
            raise
        except Exception as err:  # malformed stored manifests and the like
            raise KubeUnavailableError(f"cannot read the release's resources: {err}") from err
