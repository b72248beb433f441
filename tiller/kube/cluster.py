"""Object-level operations on the API server: get, create, patch, delete, list."""

from __future__ import annotations

import logging
from typing import Any

from tiller.kube.discovery import Discovery
from tiller.kube.objects import KubeObject, build
from tiller.kube.openapi import PatchSchemas
from tiller.kube.patch import json_merge_patch, strategic_merge_patch
from tiller.kube.rest import MERGE_PATCH, STRATEGIC_MERGE_PATCH, KubeApiError, Rest, Timeout

log = logging.getLogger(__name__)

Obj = dict[str, Any]


def _selector(labels: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


class Cluster:
    """The API server, seen as objects built from manifests."""

    def __init__(self, rest: Rest, discovery: Discovery, schemas: PatchSchemas) -> None:
        self.rest = rest
        self.discovery = discovery
        self.schemas = schemas

    def build(self, namespace: str, manifest: str) -> list[KubeObject]:
        """See :func:`tiller.kube.objects.build`."""
        return build(self.discovery, namespace, manifest)

    def get(self, obj: KubeObject, timeout: Timeout | None = None) -> Obj | None:
        """The live object, or None if it does not exist (``timeout``: see :class:`Rest`)."""
        try:
            return self.rest.request("GET", obj.path(), timeout=timeout)
        except KubeApiError as err:
            if err.not_found:
                return None
            raise

    def create(self, obj: KubeObject, *, dry_run: bool = False) -> Obj:
        """Create the object (server-side dry run only, if asked)."""
        query = [("dryRun", "All")] if dry_run else []
        created = self.rest.request("POST", obj.collection(), query=query, body=obj.body)
        if obj.kind == "CustomResourceDefinition" and not dry_run:
            self.discovery.invalidate()  # its kind is about to be served
        return created

    def patch(self, previous: KubeObject, target: KubeObject) -> bool:
        """Apply the two-way patch previous → target; False when there was nothing to do."""
        res = target.resource
        meta = self.schemas.for_kind(res.group, res.version, res.kind)
        if meta is None:
            patch, content_type = json_merge_patch(previous.body, target.body), MERGE_PATCH
        else:
            patch = strategic_merge_patch(previous.body, target.body, meta)
            content_type = STRATEGIC_MERGE_PATCH
        if not patch:
            log.info("no changes for %s", target)
            return False
        log.info("patching %s", target)
        self.rest.request("PATCH", target.path(), body=patch, content_type=content_type)
        return True

    def delete(self, obj: KubeObject) -> bool:
        """Delete with background propagation; False if it did not exist."""
        body = {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"}
        try:
            self.rest.request("DELETE", obj.path(), body=body)
        except KubeApiError as err:
            if err.not_found:
                return False
            raise
        if obj.kind == "CustomResourceDefinition":
            self.discovery.invalidate()
        return True

    def list_objects(
        self,
        prefix: str,
        plural: str,
        namespace: str,
        labels: dict[str, str],
        timeout: Timeout | None = None,
    ) -> list[Obj]:
        """Objects of a namespaced collection matching ``labels``."""
        path = f"{prefix}/namespaces/{namespace}/{plural}" if namespace else f"{prefix}/{plural}"
        query = [("labelSelector", _selector(labels))] if labels else []
        items = self.rest.request("GET", path, query=query, timeout=timeout).get("items") or []
        return [dict(i) for i in items]

    def ensure_namespace(self, namespace: str) -> None:
        """Create the namespace if it does not exist."""
        if not namespace:
            return
        try:
            self.rest.request("GET", f"/api/v1/namespaces/{namespace}")
            return
        except KubeApiError as err:
            if not err.not_found:
                raise
        try:
            body = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}}
            self.rest.request("POST", "/api/v1/namespaces", body=body)
            log.info("created namespace %s", namespace)
        except KubeApiError as err:
            if not err.conflict:  # created meanwhile by someone else: fine
                raise

    def pods_of(self, obj: KubeObject) -> list[Obj]:
        """Pods selected by a workload's selector (none for other kinds)."""
        spec = obj.body.get("spec") or {}
        selector = spec.get("selector") or {}
        labels = selector.get("matchLabels") if "matchLabels" in selector else selector
        if obj.kind == "Job" and not labels:
            labels = {"job-name": obj.name}
        if not isinstance(labels, dict) or not labels or not obj.namespace:
            return []
        labels = {str(k): str(v) for k, v in labels.items()}
        return self.list_objects("/api/v1", "pods", obj.namespace, labels)
