"""Secret driver (``--storage=secret``).

Helm v2 stores the same base64 text as the ConfigMap driver, but as the
*bytes* of a Secret data value (type left to default, ``Opaque``). Secret data
is base64-encoded again on the wire, so ``kubectl get secret -o yaml`` shows
base64(base64(gzip(protobuf))). We send and receive JSON directly, hence we
apply and strip that outer layer ourselves.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any, Protocol

from tiller.storage.driver import Record
from tiller.storage.kube import KubeDriver
from tiller.storage.kubeapi import JsonObj

DATA_KEY = "release"


class SecretApi(Protocol):
    """The subset of ``kubernetes.client.CoreV1Api`` this driver uses."""

    def list_namespaced_secret(self, namespace: str, **kwargs: Any) -> Any:
        """List Secrets."""
        ...

    def read_namespaced_secret(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """Read one Secret."""
        ...

    def create_namespaced_secret(self, namespace: str, body: Any, **kwargs: Any) -> Any:
        """Create a Secret."""
        ...

    def replace_namespaced_secret(self, name: str, namespace: str, body: Any, **kwargs: Any) -> Any:
        """Replace a Secret."""
        ...

    def delete_namespaced_secret(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """Delete a Secret."""
        ...


class SecretsDriver(KubeDriver):
    """Stores each revision as an Opaque Secret in Tiller's namespace."""

    name = "Secret"

    def __init__(self, api: SecretApi, namespace: str, **kwargs: Any) -> None:
        """Bind the driver to an API client and namespace.

        Args:
            api: A ``CoreV1Api`` (or a fake with the same methods).
            namespace: Storage namespace.
            **kwargs: Passed to :class:`~tiller.storage.kube.KubeDriver`.
        """
        super().__init__(namespace, **kwargs)
        self._api = api

    def _api_list(self, **kw: Any) -> Any:
        return self._api.list_namespaced_secret(self.namespace, **kw)

    def _api_read(self, name: str, **kw: Any) -> Any:
        return self._api.read_namespaced_secret(name, self.namespace, **kw)

    def _api_create(self, body: JsonObj, **kw: Any) -> Any:
        return self._api.create_namespaced_secret(self.namespace, body, **kw)

    def _api_replace(self, name: str, body: JsonObj, **kw: Any) -> Any:
        return self._api.replace_namespaced_secret(name, self.namespace, body, **kw)

    def _api_delete(self, name: str, **kw: Any) -> Any:
        return self._api.delete_namespaced_secret(name, self.namespace, **kw)

    def _body(self, key: str, labels: Mapping[str, str], payload: str) -> JsonObj:
        # No "type": the API server defaults it to Opaque, as for Helm.
        return {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": key, "labels": dict(labels)},
            "data": {DATA_KEY: base64.b64encode(payload.encode("ascii")).decode("ascii")},
        }

    def _record(self, obj: JsonObj) -> Record:
        meta = obj.get("metadata") or {}
        key = str(meta.get("name", ""))
        labels = meta.get("labels") or {}
        wire = (obj.get("data") or {}).get(DATA_KEY)
        if not isinstance(wire, str):
            return Record(key, labels)
        try:
            payload = base64.b64decode(wire, validate=True).decode("ascii")
        except (binascii.Error, ValueError) as exc:
            return Record(key, labels, error=f"invalid secret data encoding: {exc}")
        return Record(key, labels, payload=payload)
