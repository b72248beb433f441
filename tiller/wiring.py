"""Build Tiller's collaborators (storage, Kubernetes) from its configuration."""

from __future__ import annotations

from typing import Any

from tiller.config import TillerConfig
from tiller.errors import KubeUnavailableError
from tiller.kube.connection import KubeConnection
from tiller.kube.real import RealKubeClient
from tiller.releases.env import Env
from tiller.storage.configmaps import ConfigMapsDriver
from tiller.storage.driver import Driver
from tiller.storage.memory import MemoryDriver
from tiller.storage.secrets import SecretsDriver
from tiller.storage.storage import Storage
from tiller.version import current


class _LazyCoreV1:
    """A CoreV1Api created on first call, so Tiller starts even while the API is down.

    Each attribute access resolves the real method; a missing cluster configuration
    surfaces as :class:`KubeUnavailableError` from the call that needed it.
    """

    def __init__(self, connection: KubeConnection) -> None:
        self._connection = connection
        self._api: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._api is None:
            from kubernetes import client

            self._api = client.CoreV1Api(self._connection.api_client())
        return getattr(self._api, name)


def open_driver(kind: str, connection: KubeConnection, namespace: str) -> Driver:
    """The storage driver named by ``--storage``.

    Raises:
        KubeUnavailableError: for a cluster driver when no cluster is configured.
    """
    if kind == "memory":
        return MemoryDriver()
    if not connection.configured:
        raise KubeUnavailableError(
            f"--storage {kind} needs a Kubernetes cluster: set KUBECONFIG or --kubeconfig "
            "(or use --storage memory)"
        )
    api = _LazyCoreV1(connection)
    if kind == "secret":
        return SecretsDriver(api, namespace)
    return ConfigMapsDriver(api, namespace)


def build_env(config: TillerConfig) -> Env:
    """Wire storage and Kubernetes from the configuration."""
    connection = KubeConnection(config.kubeconfig)
    driver = open_driver(config.storage, connection, config.namespace)
    return Env(
        storage=Storage(driver, config.history_max),
        kube=RealKubeClient(connection),
        version=current(),
    )
