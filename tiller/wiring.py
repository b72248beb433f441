"""Build Tiller's collaborators (storage, Kubernetes) from its configuration."""

from __future__ import annotations

from tiller.config import TillerConfig
from tiller.errors import KubeUnavailableError
from tiller.kube.connection import KubeConnection
from tiller.kube.real import RealKubeClient
from tiller.releases.env import Env
from tiller.storage.factory import open_storage
from tiller.version import current


def build_env(config: TillerConfig) -> Env:
    """Wire storage and Kubernetes from the configuration.

    Raises:
        KubeUnavailableError: a cluster storage driver was asked for and no cluster is
            configured at all (an unreachable one is reported per operation instead).
    """
    connection = KubeConnection(config.kubeconfig)
    if config.storage != "memory" and not connection.configured:
        raise KubeUnavailableError(
            f"--storage {config.storage} needs a Kubernetes cluster: set KUBECONFIG or "
            "--kubeconfig (or use --storage memory)"
        )
    storage = open_storage(
        config.storage,
        connection,
        config.namespace,
        config.history_max,
        cache=config.storage_cache,
    )
    return Env(storage=storage, kube=RealKubeClient(connection), version=current())
