"""Pilot tests of the repository browser and the install wizard, over a file:// repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from app.tui.app import HelmTuiApp
from app.tui.backend import ConnectionInfo
from app.tui.config import TuiConfig
from app.tui.screens.confirm import ConfirmScreen
from app.tui.screens.diff import DiffScreen
from app.tui.screens.install import AddRepoScreen, InstallWizardScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.screens.repos import RepositoriesScreen
from app.tui.themes import BUNDLED_THEMES
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.yaml_editor import YamlEditor
from tests.tui.fakes import FakeTiller
from tests.tui.helpers import settle

ROOT = Path(__file__).resolve().parents[2]


def helm(home: Path, *args: str, cwd: Path | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "app.cli", "--home", str(home), *args],
        cwd=cwd or ROOT,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="module")
def helm_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A $HELM_HOME with one file:// repository holding chart "demo" (with a README)."""
    base = tmp_path_factory.mktemp("repos")
    home, repo = base / "home", base / "repo"
    repo.mkdir()
    helm(home, "init", "--client-only")
    helm(home, "create", str(base / "demo"))
    (base / "demo" / "README.md").write_text("# demo\n\nA demo chart.\n")
    helm(home, "package", str(base / "demo"), "-d", str(repo))
    helm(home, "repo", "index", str(repo), "--url", repo.as_uri())
    helm(home, "repo", "add", "files", repo.as_uri())
    helm(home, "repo", "remove", "local")  # served over HTTP only by `helm-tui serve`
    return home


def app_with(home: Path, tiller: FakeTiller) -> HelmTuiApp:
    return HelmTuiApp(
        tiller,
        ConnectionInfo("127.0.0.1:44134", helm_home=str(home)),
        TuiConfig(),
        theme_dirs=[BUNDLED_THEMES],
    )


async def test_browse_repo_chart_versions_readme_and_values(helm_home: Path) -> None:
    app = app_with(helm_home, FakeTiller())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        charts = screen.query_one("#chart-list", OptionList)
        assert [o.id for o in charts._options] == ["files/demo"]
        charts.focus()
        await pilot.press("down")
        await settle(pilot)
        doc = screen.query_one("#chart-doc", CodeView)
        assert doc.lines[0] == "# demo"
        await pilot.press("v")
        assert any(line.startswith("replicaCount") for line in doc.lines)
        await pilot.press("slash", *"nothing-like-this")
        assert charts.option_count == 0
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)


async def test_install_wizard_previews_then_installs(helm_home: Path) -> None:
    tiller = FakeTiller()
    app = app_with(helm_home, tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#chart-list", OptionList).focus()
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("i")
        wizard = app.screen
        assert isinstance(wizard, InstallWizardScreen)
        await pilot.press(*"shop")
        wizard.query_one("#install-namespace", Input).value = "shop-ns"
        wizard.query_one(YamlEditor).load_text("replicaCount: [broken\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InstallWizardScreen)  # invalid YAML: no preview
        wizard.query_one(YamlEditor).load_text("replicaCount: 3\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert app.screen.masked is not None and app.screen.masked.diff.summary()["added"] == 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert any("shop-ns" in line for line in app.screen.lines)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RepositoriesScreen)
        installed = [r for r in tiller.releases if r.name == "shop"]
        assert installed and installed[0].namespace == "shop-ns"
        assert installed[0].config == "replicaCount: 3\n"
        await pilot.press("escape")
        await settle(pilot)
        assert "shop" in [r.name for r in app.screen.table.rows]  # type: ignore[attr-defined]


async def test_add_and_remove_repository(helm_home: Path, tmp_path: Path) -> None:
    app = app_with(helm_home, FakeTiller())
    other = helm_home.parent / "repo"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AddRepoScreen)
        dialog.query_one("#repo-name", Input).value = "second"
        dialog.query_one("#repo-url", Input).value = other.as_uri()
        await pilot.click("#confirm")
        await settle(pilot)
        repos = app.screen.query_one("#repo-list", OptionList)
        assert "second" in [o.id for o in repos._options]
        repos.focus()
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("R")
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert "second" not in [o.id for o in repos._options]
        await pilot.press("U")
        await settle(pilot)
        assert any("files: updated" in n.message for n in app._notifications)


@pytest.fixture(scope="module")
def two_chart_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with charts "alpha" and "beta", both at version 0.1.0."""
    base = tmp_path_factory.mktemp("two-charts")
    home, repo = base / "home", base / "repo"
    repo.mkdir()
    helm(home, "init", "--client-only")
    for name in ("alpha", "beta"):
        helm(home, "create", str(base / name))
        (base / name / "README.md").write_text(f"# {name}\n")
        helm(home, "package", str(base / name), "-d", str(repo))
    helm(home, "repo", "index", str(repo), "--url", repo.as_uri())
    helm(home, "repo", "add", "files", repo.as_uri())
    helm(home, "repo", "remove", "local")
    return home


async def test_versions_and_docs_follow_the_chart_without_cursor_moves(
    two_chart_home: Path,
) -> None:
    # Regression: versions loaded only after a cursor move, and a second chart with the
    # same version string kept showing the first chart's README.
    app = app_with(two_chart_home, FakeTiller())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RepositoriesScreen)
        versions = screen.query_one("#version-list", OptionList)
        doc = screen.query_one("#chart-doc", CodeView)
        assert [o.id for o in versions._options] == ["0.1.0"]
        assert doc.lines[0] == "# alpha"
        await pilot.press("slash", "b", "e", "t", "a", "enter")
        await settle(pilot)
        assert doc.lines[0] == "# beta"
