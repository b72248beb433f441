"""The real KubeClient, on the ``kubernetes`` Python client's dynamic (discovery) API."""

from __future__ import annotations

import logging
from typing import Any

from tiller.errors import KubeUnavailableError, TillerError
from tiller.kube.connection import KubeConnection
from tiller.kube.manifests import ObjectRef, parse_objects
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


def _api_message(err: Exception) -> str:
    """The Kubernetes API's own message from an ApiException (its body is JSON Status)."""
    import json

    body = getattr(err, "body", None)
    if body:
        try:
            return str(json.loads(body).get("message", body))
        except ValueError:
            return str(body)
    return str(err)


class RealKubeClient:
    """KubeClient backed by a live API server."""

    def __init__(self, connection: KubeConnection) -> None:
        self._connection = connection
        self._dynamic: Any = None

    def _client(self) -> Any:
        if self._dynamic is None:
            from kubernetes.dynamic import DynamicClient

            try:
                self._dynamic = DynamicClient(self._connection.api_client())
            except KubeUnavailableError:
                raise
            except Exception as err:  # discovery failure: API unreachable or refusing us
                raise KubeUnavailableError(f"Kubernetes API unavailable: {err}") from err
        return self._dynamic

    def _resource(self, ref: ObjectRef) -> Any:
        from kubernetes.dynamic.exceptions import ResourceNotFoundError

        try:
            return self._client().resources.get(api_version=ref.api_version, kind=ref.kind)
        except ResourceNotFoundError as err:
            raise TillerError(
                f'unable to recognize "": no matches for kind "{ref.kind}" in version '
                f'"{ref.api_version}"'
            ) from err

    def resources_table(self, namespace: str, manifest: str) -> str:
        """See :meth:`tiller.kube.client.KubeClient.resources_table`."""
        from kubernetes.client.exceptions import ApiException

        objects = parse_objects(manifest)

        def fetch(ref: ObjectRef) -> Obj | None:
            resource = self._resource(ref)
            ns = (ref.namespace or namespace) if resource.namespaced else None
            try:
                return dict(resource.get(name=ref.name, namespace=ns).to_dict())
            except ApiException as err:
                if err.status == 404:
                    return None
                raise TillerError(_api_message(err)) from err

        def related(ref: ObjectRef, live: Obj) -> list[Obj]:
            if ref.kind not in _WORKLOADS:
                return []
            selector = ((live.get("spec") or {}).get("selector") or {}).get("matchLabels")
            if not selector:
                return []
            pods = self._client().resources.get(api_version="v1", kind="Pod")
            label_selector = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
            found = pods.get(
                namespace=(live.get("metadata") or {}).get("namespace") or namespace,
                label_selector=label_selector,
            )
            return [dict(item.to_dict()) for item in found.items]

        def plural(ref: ObjectRef) -> str:
            try:
                return str(self._resource(ref).name)
            except TillerError:
                return f"{ref.kind.lower()}s"

        try:
            return resources_text(objects, fetch, related, plural)
        except TillerError:
            raise
        except Exception as err:  # urllib3 connection errors and friends
            raise KubeUnavailableError(f"Kubernetes API unavailable: {err}") from err
