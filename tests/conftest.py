"""Shared pytest fixtures for helm-tui's tests."""

from __future__ import annotations

import pytest

from tests.cluster import KubeCluster, require_cluster


@pytest.fixture(scope="session")
def kube_cluster() -> KubeCluster:
    """The local Kubernetes control plane (scripts/local-cluster.sh), started if needed.

    Fails in CI if it cannot start; skipped outside CI with HELM_TUI_SKIP_CLUSTER=1.
    Mark tests using it with ``@pytest.mark.cluster``.
    """
    return require_cluster()
