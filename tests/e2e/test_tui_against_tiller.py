"""The TUI against a real ``tiller`` process on the local cluster, driven by keyboard.

Install from a repository served by ``helm-tui serve``, edit values side by side, preview,
upgrade, then roll back by keyboard, asserting on the cluster (the Deployment's replicas)
after each step. The app runs headless under Pilot with the real gRPC ``TillerClient``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kubernetes import client
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from app.client.client import TillerClient
from app.client.settings import ConnectionSettings
from app.tui.app import HelmTuiApp
from app.tui.backend import ConnectionInfo
from app.tui.config import TuiConfig
from app.tui.screens.confirm import ConfirmScreen
from app.tui.screens.diff import DiffScreen
from app.tui.screens.install import InstallWizardScreen
from app.tui.screens.release import ReleaseScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.screens.repos import RepositoriesScreen
from app.tui.screens.values_editor import ValuesEditorScreen
from app.tui.themes import BUNDLED_THEMES
from app.tui.widgets.yaml_editor import YamlEditor
from tests.cluster import KubeCluster
from tests.e2e.tiller_process import REPO_ROOT, free_port, run_tiller

pytestmark = pytest.mark.cluster


def _cli(home: Path, cwd: Path, *args: str) -> str:
    env = {**os.environ, "HELM_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture
def namespace(kube_cluster: KubeCluster) -> Iterator[str]:
    name = f"tui-{uuid.uuid4().hex[:8]}"
    core = client.CoreV1Api(kube_cluster.api_client())
    core.create_namespace({"metadata": {"name": name}})
    yield name
    core.delete_namespace(name)


@pytest.fixture
def helm_home(tmp_path: Path) -> Iterator[Path]:
    """A home whose repository "local" is served by ``helm-tui serve`` with chart "web"."""
    home, repo = tmp_path / "home", tmp_path / "repo"
    repo.mkdir()
    _cli(home, tmp_path, "init", "--client-only")
    _cli(home, tmp_path, "create", "web")
    _cli(home, tmp_path, "package", "web", "-d", str(repo), "--save=false")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    _cli(home, tmp_path, "repo", "index", str(repo), "--url", url)
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--repo-path", str(repo),
         "--address", f"127.0.0.1:{port}"],
        cwd=tmp_path, env={**os.environ, "HELM_HOME": str(home), "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/index.yaml", timeout=2).close()  # noqa: S310
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        _cli(home, tmp_path, "repo", "remove", "local")
        _cli(home, tmp_path, "repo", "add", "local", url)
        yield home
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def settle(pilot: Pilot[int], seconds: float = 0.05) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(seconds)


async def confirm(pilot: Pilot[int]) -> None:
    """ctrl+s on a diff, then Confirm (tab away from the focused Cancel, enter)."""
    assert isinstance(pilot.app.screen, DiffScreen), pilot.app.screen
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("tab", "enter")
    await settle(pilot, 0.2)


def replicas(kube: KubeCluster, namespace: str, name: str) -> int:
    apps = client.AppsV1Api(kube.api_client())
    return int(apps.read_namespaced_deployment(name, namespace).spec.replicas)


async def test_install_edit_upgrade_and_roll_back_by_keyboard(
    kube_cluster: KubeCluster, namespace: str, helm_home: Path, tmp_path: Path
) -> None:
    env = {**kube_cluster.env, "TILLER_NAMESPACE": namespace}
    with run_tiller(tmp_path, "--storage", "configmap", env=env) as tiller:
        backend = TillerClient(ConnectionSettings(host=tiller.address))
        app = HelmTuiApp(
            backend,
            ConnectionInfo(tiller.address, helm_home=str(helm_home)),
            TuiConfig(),
            theme_dirs=[BUNDLED_THEMES],
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.tiller_version.startswith("v2.17")
            # Install from the local repository.
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, RepositoriesScreen)
            app.screen.query_one("#chart-list", OptionList).focus()
            await pilot.press("down")
            await settle(pilot)
            await pilot.press("i")
            assert isinstance(app.screen, InstallWizardScreen)
            await pilot.press(*"shop")
            app.screen.query_one("#install-namespace", Input).value = namespace
            app.screen.query_one(YamlEditor).load_text("replicaCount: 2\n")
            await pilot.press("ctrl+s")
            await settle(pilot, 0.2)
            await confirm(pilot)
            assert replicas(kube_cluster, namespace, "shop-web") == 2
            await pilot.press("escape")
            await settle(pilot)
            # Edit values, preview, upgrade.
            assert isinstance(app.screen, ReleasesScreen)
            await pilot.press("slash", *"shop", "enter", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ReleaseScreen)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, ValuesEditorScreen)
            app.screen.query_one(YamlEditor).load_text("replicaCount: 3\n")
            await pilot.press("ctrl+s")
            await settle(pilot, 0.2)
            diff = "\n".join(line.left for line in app.screen.query_one("DiffView").lines)  # type: ignore[attr-defined]
            assert "-  replicas: 2" in diff and "+  replicas: 3" in diff
            await confirm(pilot)
            assert isinstance(app.screen, ReleaseScreen)
            assert replicas(kube_cluster, namespace, "shop-web") == 3
            # Undo the upgrade: preview, confirm, back to 2 replicas.
            await pilot.press("u")
            await settle(pilot, 0.2)
            await confirm(pilot)
            assert replicas(kube_cluster, namespace, "shop-web") == 2
            history = await backend.history("shop")
            assert [r.revision for r in history][:1] == [3]
            assert history[0].info.description == "Rollback to 1"
