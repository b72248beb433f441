"""Shared pytest fixtures for helm-tui's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.cluster import KubeCluster, require_cluster
from tiller.engine import parse_cache, render


@pytest.fixture(scope="session", autouse=True)
def _private_template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the suite's parse cache out of the user's cache directory.

    Subprocesses (``helm-tui template`` run as a program) inherit the variable, so a
    run never reads entries an earlier run left behind, nor leaves any.
    """
    saved = os.environ.get(parse_cache.ENV_VAR)
    os.environ[parse_cache.ENV_VAR] = str(tmp_path_factory.mktemp("template-cache"))
    yield
    if saved is None:
        os.environ.pop(parse_cache.ENV_VAR, None)
    else:
        os.environ[parse_cache.ENV_VAR] = saved


@pytest.fixture(autouse=True)
def _engine_without_disk_cache() -> Iterator[None]:
    """Undo a disk cache an in-process ``helm-tui template`` switched on.

    The setting is process-global; left on, a later test that counts parses would be
    served from disk and see none.
    """
    yield
    render.set_disk_cache(None)


@pytest.fixture(scope="session")
def kube_cluster() -> KubeCluster:
    """The local Kubernetes control plane (scripts/local-cluster.sh), started if needed.

    Fails in CI if it cannot start; skipped outside CI with HELM_TUI_SKIP_CLUSTER=1.
    Mark tests using it with ``@pytest.mark.cluster``.
    """
    return require_cluster()
