"""`helm-tui version` and `helm-tui list` against a real tiller process on the local cluster."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kubernetes import client

from tests.cluster import KubeCluster
from tests.e2e.tiller_process import REPO_ROOT, run_tiller
from tests.releases_factory import make_release
from tiller.storage.configmaps import ConfigMapsDriver
from tiller.storage.storage import Storage

pytestmark = pytest.mark.cluster


@pytest.fixture
def namespace(kube_cluster: KubeCluster) -> Iterator[str]:
    name = f"cli-{uuid.uuid4().hex[:8]}"
    core = client.CoreV1Api(kube_cluster.api_client())
    core.create_namespace({"metadata": {"name": name}})
    yield name
    core.delete_namespace(name)


def _helm_tui(host: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--host", host, *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version_and_list(kube_cluster: KubeCluster, namespace: str, tmp_path: Path) -> None:
    storage = Storage(ConfigMapsDriver(client.CoreV1Api(kube_cluster.api_client()), namespace))
    storage.create(make_release("web", 1, "SUPERSEDED", namespace="apps", chart="nginx"))
    storage.create(
        make_release(
            "web",
            2,
            "DEPLOYED",
            namespace="apps",
            chart="nginx",
            chart_version="1.2.3",
            app_version="1.19",
        )
    )
    storage.create(make_release("db", 1, "FAILED", namespace="data", chart="postgres"))
    storage.create(make_release("old", 1, "DELETED", chart="nginx"))
    env = {**kube_cluster.env, "TILLER_NAMESPACE": namespace}
    with run_tiller(tmp_path, "--storage", "configmap", env=env) as tiller:
        version = _helm_tui(tiller.address, "version")
        assert version.returncode == 0, version.stderr
        lines = version.stdout.splitlines()
        assert lines[0].startswith('Client: &version.Version{SemVer:"v2.17.0"')
        assert lines[1].startswith('Server: &version.Version{SemVer:"v2.17.0"')

        listed = _helm_tui(tiller.address, "list")
        assert listed.returncode == 0, listed.stderr
        rows = [line.split() for line in listed.stdout.splitlines()]
        assert rows[0][:4] == ["NAME", "REVISION", "UPDATED", "STATUS"]
        # Default: DEPLOYED and FAILED, sorted by name.
        assert [r[0] for r in rows[1:]] == ["db", "web"]
        web = listed.stdout.splitlines()[2]
        assert "DEPLOYED" in web and "nginx-1.2.3" in web and "1.19" in web and "apps" in web

        everything = _helm_tui(tiller.address, "list", "--all", "-q")
        assert everything.stdout.split() == ["db", "old", "web"]

        as_json = _helm_tui(tiller.address, "list", "--output", "json", "--deleted")
        assert '"Name":"old"' in as_json.stdout and '"Status":"DELETED"' in as_json.stdout

        nothing = _helm_tui(tiller.address, "list", "zzz-no-match")
        assert (nothing.returncode, nothing.stdout) == (0, "")


def test_unreachable_tiller_is_a_clear_error() -> None:
    proc = _helm_tui("127.0.0.1:1", "list")
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: ")
    assert "127.0.0.1:1" in proc.stderr and "Traceback" not in proc.stderr
