"""Chart round trip through real processes: create -> lint -> package -> repo index ->
serve (``helm-tui serve`` as its own process) -> repo add -> search -> fetch -> install.

Every helm-tui step runs as a separate ``python -m app.cli`` process, as a user would run
it; the install goes through a real ``tiller`` process on the local cluster.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from kubernetes import client

from tests.cluster import KubeCluster
from tests.e2e.tiller_process import run_tiller

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Env:
    work: Path
    home: Path

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "HELM_HOME": str(self.home), "PYTHONPATH": str(ROOT)}
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *args], cwd=self.work, env=env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if ok:
            assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
        return proc


@dataclass
class Server:
    url: str
    repo: Path
    proc: subprocess.Popen[str]


@pytest.fixture
def env(tmp_path: Path) -> Env:
    e = Env(tmp_path, tmp_path / "home")
    out = e.run("init", "--client-only").stdout
    assert "Not installing Tiller due to 'client-only' flag having been set" in out
    return e


@pytest.fixture
def server(env: Env) -> Iterator[Server]:
    """``helm-tui serve`` over a directory holding one packaged chart."""
    assert env.run("create", "roundtrip").stdout == "Creating roundtrip\n"
    lint = env.run("lint", "roundtrip").stdout
    assert lint.endswith("1 chart(s) linted, no failures\n")
    repo = env.work / "repo"
    repo.mkdir()
    out = env.run("package", "roundtrip", "-d", str(repo), "--save=false").stdout
    assert out == f"Successfully packaged chart and saved it to: {repo / 'roundtrip-0.1.0.tgz'}\n"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env.run("repo", "index", str(repo), "--url", url)
    assert "roundtrip-0.1.0.tgz" in (repo / "index.yaml").read_text()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--repo-path", str(repo),
         "--address", f"127.0.0.1:{port}"],
        cwd=env.work, env={**os.environ, "HELM_HOME": str(env.home), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/index.yaml", timeout=2).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.1)
        yield Server(url, repo, proc)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_create_package_serve_add_search_fetch(env: Env, server: Server) -> None:
    assert env.run("repo", "add", "rt", server.url).stdout == (
        '"rt" has been added to your repositories\n'
    )
    search = env.run("search", "roundtrip").stdout.splitlines()
    assert search[0].split("\t")[0].rstrip() == "NAME"
    assert [c.strip() for c in search[1].split("\t")] == [
        "rt/roundtrip",
        "0.1.0",
        "1.0",
        "A Helm chart for Kubernetes",
    ]
    dest = env.work / "fetched"
    dest.mkdir()
    env.run("fetch", "rt/roundtrip", "-d", str(dest))
    fetched = dest / "roundtrip-0.1.0.tgz"
    assert fetched.read_bytes() == (server.repo / "roundtrip-0.1.0.tgz").read_bytes()
    env.run("fetch", "rt/roundtrip", "--untar", "--untardir", "src", "-d", str(dest))
    assert (dest / "src/roundtrip/templates/deployment.yaml").exists()
    inspect = env.run("inspect", "chart", "rt/roundtrip").stdout
    assert "name: roundtrip\n" in inspect


def test_serve_regenerates_index_and_stays_inside_its_directory(env: Env, server: Server) -> None:
    env.run("create", "second")
    # The chart appears once copied in, without restarting serve.
    env.run("package", "second", "-d", str(server.repo), "--save=false", "--version", "2.0.0")
    with urllib.request.urlopen(server.url + "/index.yaml", timeout=5) as resp:  # noqa: S310
        index = resp.read().decode()
    assert "second-2.0.0.tgz" in index and "roundtrip-0.1.0.tgz" in index
    with urllib.request.urlopen(server.url + "/charts/", timeout=5) as resp:  # noqa: S310
        page = resp.read().decode()
    assert "<h1>Helm Charts Repository</h1>" in page and "second-2.0.0</a>" in page
    (env.work / "secret.txt").write_text("nope")
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/charts/../../secret.txt"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(server.url + path, timeout=5)  # noqa: S310
        assert err.value.code == 404
    env.run("repo", "add", "rt", server.url)
    assert "rt/second" in env.run("search", "second").stdout


def test_unreachable_repository_after_serve_stops(env: Env, server: Server) -> None:
    env.run("repo", "add", "rt", server.url)
    cache = env.home / "repository/cache/rt-index.yaml"
    before = cache.read_bytes()
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=10)
    out = env.run("repo", "update").stdout
    assert '...Unable to get an update from the "rt" chart repository' in out
    assert cache.read_bytes() == before
    fetch = env.run("fetch", "rt/roundtrip", ok=False)
    assert fetch.returncode == 1 and "connection refused" in fetch.stderr


@pytest.mark.cluster
def test_fetched_chart_installs_through_tiller(
    env: Env, server: Server, kube_cluster: KubeCluster, tmp_path: Path
) -> None:
    """The last leg: the fetched chart installs through a real Tiller on the local cluster."""
    ns = f"rt-{uuid.uuid4().hex[:8]}"
    core = client.CoreV1Api(kube_cluster.api_client())
    core.create_namespace({"metadata": {"name": ns}})
    try:
        tiller_env = {**kube_cluster.env, "TILLER_NAMESPACE": ns}
        with run_tiller(tmp_path, "--storage", "configmap", env=tiller_env) as tiller:
            env.run("repo", "add", "rt", server.url)
            out = env.run(
                "--host",
                tiller.address,
                "install",
                "rt/roundtrip",
                "--name",
                "rt",
                "--namespace",
                ns,
            ).stdout
            assert "STATUS: DEPLOYED" in out
            listed = env.run("--host", tiller.address, "list", "-q").stdout.split()
            assert listed == ["rt"]
            apps = client.AppsV1Api(kube_cluster.api_client())
            deployment = apps.read_namespaced_deployment("rt-roundtrip", ns)
            assert deployment.metadata.labels["app.kubernetes.io/instance"] == "rt"
            assert core.read_namespaced_service("rt-roundtrip", ns).spec.ports[0].port == 80
            stored = core.list_namespaced_config_map(ns, label_selector="OWNER=TILLER,NAME=rt")
            assert [cm.metadata.labels["STATUS"] for cm in stored.items] == ["DEPLOYED"]
    finally:
        core.delete_namespace(ns)
