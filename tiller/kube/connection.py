"""Connecting to the Kubernetes API: kubeconfig, in-cluster, or (for memory storage) none."""

from __future__ import annotations

import os
import threading
from typing import Any

from tiller.errors import KubeUnavailableError

_IN_CLUSTER_HOST_ENV = "KUBERNETES_SERVICE_HOST"


class KubeConnection:
    """Creates the ``kubernetes`` ApiClient on first use, from kubeconfig or in-cluster.

    Tiller with ``--storage memory`` must start without any cluster configured, so nothing
    is loaded until an operation actually needs Kubernetes; then a missing configuration
    becomes a clear :class:`KubeUnavailableError` for that operation only.
    """

    def __init__(self, kubeconfig: str | None, context: str | None = None) -> None:
        self._kubeconfig = kubeconfig
        self._context = context
        self._client: Any = None
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        """Whether a kubeconfig or an in-cluster environment is available."""
        return bool(self._kubeconfig) or _IN_CLUSTER_HOST_ENV in os.environ

    def api_client(self) -> Any:
        """The shared ``kubernetes.client.ApiClient``.

        Raises:
            KubeUnavailableError: if no cluster is configured or the configuration is bad.
        """
        with self._lock:
            if self._client is None:
                self._client = self._load()
            return self._client

    def _load(self) -> Any:
        from kubernetes import client, config  # heavy import: only when Kubernetes is used

        configuration = client.Configuration()
        try:
            if self._kubeconfig:
                config.load_kube_config(
                    config_file=self._kubeconfig,
                    context=self._context,
                    client_configuration=configuration,
                )
            elif _IN_CLUSTER_HOST_ENV in os.environ:
                config.load_incluster_config(client_configuration=configuration)
            else:
                raise KubeUnavailableError(
                    "no Kubernetes cluster configured: set KUBECONFIG or --kubeconfig, "
                    "or run Tiller inside a cluster"
                )
        except KubeUnavailableError:
            raise
        except Exception as err:  # the loaders raise several unrelated types
            raise KubeUnavailableError(f"cannot load Kubernetes configuration: {err}") from err
        # Fail fast instead of the library's long default retries when the API is down.
        configuration.retries = 1
        return client.ApiClient(configuration)
