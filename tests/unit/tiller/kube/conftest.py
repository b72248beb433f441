"""A ``Rest`` client for an API server on a local port (real or deliberately dead)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tiller.kube.connection import KubeConnection
from tiller.kube.rest import Rest

KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
users: [{name: u, user: {token: t0ken}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
"""

RestAt = Callable[..., Rest]
"""``rest_at(port, **rest_options)``: a client whose kubeconfig points at that port."""


@pytest.fixture
def rest_at(tmp_path: Path) -> RestAt:
    """Build clients for ``http://127.0.0.1:<port>`` (a kubeconfig in ``tmp_path``)."""

    def make(port: int, **rest_options: Any) -> Rest:
        kubeconfig = tmp_path / "kubeconfig"
        kubeconfig.write_text(KUBECONFIG % port)
        return Rest(KubeConnection(str(kubeconfig)), **rest_options)

    return make
