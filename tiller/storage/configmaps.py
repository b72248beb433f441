"""ConfigMap driver (``--storage=configmap``, Tiller's default).

Object layout, as Helm v2 writes it::

    metadata: {name: <release>.v<revision>, labels: {NAME, OWNER, STATUS, VERSION, ...}}
    data:     {release: base64(gzip(protobuf))}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from tiller.storage.driver import Record
from tiller.storage.kube import KubeDriver
from tiller.storage.kubeapi import JsonObj

DATA_KEY = "release"


class ConfigMapApi(Protocol):
    """The subset of ``kubernetes.client.CoreV1Api`` this driver uses."""

    def list_namespaced_config_map(self, namespace: str, **kwargs: Any) -> Any:
        """List ConfigMaps."""
        ...

    def read_namespaced_config_map(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """Read one ConfigMap."""
        ...

    def create_namespaced_config_map(self, namespace: str, body: Any, **kwargs: Any) -> Any:
        """Create a ConfigMap."""
        ...

    def replace_namespaced_config_map(
        self, name: str, namespace: str, body: Any, **kwargs: Any
    ) -> Any:
        """Replace a ConfigMap."""
        ...

    def delete_namespaced_config_map(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """Delete a ConfigMap."""
        ...


class ConfigMapsDriver(KubeDriver):
    """Stores each revision as a ConfigMap in Tiller's namespace."""

    name = "ConfigMap"

    def __init__(self, api: ConfigMapApi, namespace: str, **kwargs: Any) -> None:
        """Bind the driver to an API client and namespace.

        Args:
            api: A ``CoreV1Api`` (or a fake with the same methods).
            namespace: Storage namespace.
            **kwargs: Passed to :class:`~tiller.storage.kube.KubeDriver`.
        """
        super().__init__(namespace, **kwargs)
        self._api = api

    def _api_list(self, **kw: Any) -> Any:
        return self._api.list_namespaced_config_map(self.namespace, **kw)

    def _api_read(self, name: str, **kw: Any) -> Any:
        return self._api.read_namespaced_config_map(name, self.namespace, **kw)

    def _api_create(self, body: JsonObj, **kw: Any) -> Any:
        return self._api.create_namespaced_config_map(self.namespace, body, **kw)

    def _api_replace(self, name: str, body: JsonObj, **kw: Any) -> Any:
        return self._api.replace_namespaced_config_map(name, self.namespace, body, **kw)

    def _api_delete(self, name: str, **kw: Any) -> Any:
        return self._api.delete_namespaced_config_map(name, self.namespace, **kw)

    def _body(self, key: str, labels: Mapping[str, str], payload: str) -> JsonObj:
        return {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": key, "labels": dict(labels)},
            "data": {DATA_KEY: payload},
        }

    def _record(self, obj: JsonObj) -> Record:
        meta = obj.get("metadata") or {}
        payload = (obj.get("data") or {}).get(DATA_KEY)
        return Record(
            str(meta.get("name", "")),
            meta.get("labels") or {},
            payload=payload if isinstance(payload, str) else None,
        )
