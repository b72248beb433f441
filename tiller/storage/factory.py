"""Build the configured storage (``--storage``, ``--history-max``).

Cluster drivers get a lazily created ``CoreV1Api``: Tiller must start (and the
memory driver must work) even when no cluster is configured or reachable; the
problem then surfaces as a ``storage unavailable: ...`` error per operation.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from tiller.storage.configmaps import ConfigMapsDriver
from tiller.storage.driver import Driver
from tiller.storage.errors import StorageError, StorageUnavailableError
from tiller.storage.indexed import IndexedDriver
from tiller.storage.memory import MemoryDriver
from tiller.storage.secrets import SecretsDriver
from tiller.storage.storage import Storage


class ApiClientSource(Protocol):
    """Anything that yields a ``kubernetes.client.ApiClient`` on demand."""

    def api_client(self) -> Any:
        """Return the shared ApiClient (may raise if none is configured)."""
        ...


class LazyCoreV1Api:
    """A ``CoreV1Api`` stand-in created on first use from an ApiClientSource.

    Implements exactly the methods of :class:`~tiller.storage.configmaps.ConfigMapApi`
    and :class:`~tiller.storage.secrets.SecretApi`.
    """

    def __init__(self, source: ApiClientSource) -> None:
        """Remember where the client comes from.

        Args:
            source: e.g. ``tiller.kube.connection.KubeConnection``.
        """
        self._source = source
        self._api: Any = None
        self._lock = threading.Lock()

    def _core(self) -> Any:
        with self._lock:
            if self._api is None:
                try:
                    client = self._source.api_client()
                except StorageError:
                    raise
                except Exception as exc:  # the source raises its own error types
                    raise StorageUnavailableError(str(exc)) from None
                from kubernetes.client import CoreV1Api

                self._api = CoreV1Api(client)
            return self._api

    def list_namespaced_config_map(self, namespace: str, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().list_namespaced_config_map(namespace, **kwargs)

    def read_namespaced_config_map(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().read_namespaced_config_map(name, namespace, **kwargs)

    def create_namespaced_config_map(self, namespace: str, body: Any, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().create_namespaced_config_map(namespace, body, **kwargs)

    def replace_namespaced_config_map(
        self, name: str, namespace: str, body: Any, **kwargs: Any
    ) -> Any:
        """See ``CoreV1Api``."""
        return self._core().replace_namespaced_config_map(name, namespace, body, **kwargs)

    def delete_namespaced_config_map(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().delete_namespaced_config_map(name, namespace, **kwargs)

    def list_namespaced_secret(self, namespace: str, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().list_namespaced_secret(namespace, **kwargs)

    def read_namespaced_secret(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().read_namespaced_secret(name, namespace, **kwargs)

    def create_namespaced_secret(self, namespace: str, body: Any, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().create_namespaced_secret(namespace, body, **kwargs)

    def replace_namespaced_secret(self, name: str, namespace: str, body: Any, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().replace_namespaced_secret(name, namespace, body, **kwargs)

    def delete_namespaced_secret(self, name: str, namespace: str, **kwargs: Any) -> Any:
        """See ``CoreV1Api``."""
        return self._core().delete_namespaced_secret(name, namespace, **kwargs)


def open_driver(
    kind: str, source: ApiClientSource | None, namespace: str, *, cache: bool = False
) -> Driver:
    """Create the driver named by ``--storage``.

    Args:
        kind: ``configmap``, ``secret`` or ``memory``.
        source: Kubernetes client source (unused for memory).
        namespace: Storage namespace for cluster drivers.
        cache: Serve cluster-driver reads from a watch-kept index
            (:class:`~tiller.storage.indexed.IndexedDriver`), syncing in the background.

    Returns:
        The driver.

    Raises:
        ValueError: Unknown kind, or a cluster driver without a source.
    """
    if kind == "memory":
        return MemoryDriver()
    if kind not in ("configmap", "secret"):
        raise ValueError(f"unknown storage driver {kind!r}")
    if source is None:
        raise ValueError(f"storage driver {kind!r} needs a Kubernetes connection")
    api = LazyCoreV1Api(source)
    driver: ConfigMapsDriver | SecretsDriver
    if kind == "configmap":
        driver = ConfigMapsDriver(api, namespace)
    else:
        driver = SecretsDriver(api, namespace)
    if cache:
        return IndexedDriver(driver).start()
    return driver


def open_storage(
    kind: str,
    source: ApiClientSource | None,
    namespace: str,
    history_max: int = 0,
    *,
    cache: bool = False,
) -> Storage:
    """Create the :class:`Storage` Tiller serves from.

    Args:
        kind: ``configmap``, ``secret`` or ``memory``.
        source: Kubernetes client source (unused for memory).
        namespace: Storage namespace for cluster drivers.
        history_max: ``--history-max`` (0 = unlimited).
        cache: ``--storage-cache``: index cluster records in memory (see ``open_driver``).

    Returns:
        The storage facade.
    """
    return Storage(open_driver(kind, source, namespace, cache=cache), max_history=history_max)
