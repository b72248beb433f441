"""Pilot tests of the release screen: tabs, values, manifest tree, hooks, history."""

from __future__ import annotations

from textual.widgets import Label, Static, TabbedContent, Tree

from app.tui.app import HelmTuiApp
from app.tui.screens.release import ReleaseScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.history_table import HistoryTable
from app.tui.widgets.resource_browser import ResourceBrowser
from tests.tui.conftest import AppFactory
from tests.tui.fakes import FakeTiller
from tests.tui.helpers import settle


async def open_web(app: HelmTuiApp, pilot: object) -> ReleaseScreen:
    """From the list, open "web" (the last row) and wait for its tabs to load."""
    await pilot.press("G", "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, ReleaseScreen)
    return app.screen


def active_tab(screen: ReleaseScreen) -> str:
    return str(screen.query_one(TabbedContent).active)


async def test_status_tab_shows_overview_and_resources(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        text = str(screen.query_one("#status-info", Static).render())
        assert "DEPLOYED" in text and "nginx-1.3.0" in text and "==> v1/Service" in text
        title = str(screen.query_one("#release-title", Static).render())
        assert "web · ns apps · rev 3" in title


async def test_number_keys_switch_tabs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        for key, tab in zip("234561", ("values", "manifest", "notes", "hooks", "history",
                                       "status"), strict=True):  # fmt: skip
            await pilot.press(key)
            assert active_tab(screen) == tab


async def test_values_user_supplied_and_computed_toggle(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        await pilot.press("2")
        view = screen.query_one("#values-view", CodeView)
        assert view.lines[0] == "replicaCount: 2"
        await pilot.press("a")
        mode = str(screen.query_one("#values-mode", Label).render())
        assert "Computed" in mode
        await pilot.press("a")
        assert "User-supplied" in str(screen.query_one("#values-mode", Label).render())


async def test_values_cursor_shows_yaml_path_and_copies_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        await pilot.press("2")
        view = screen.query_one("#values-view", CodeView)
        view.focus()
        await pilot.press("down", "down")
        assert str(screen.query_one("#values-path", Label).render()) == "path: image.tag"
        await pilot.press("c")
        assert app.clipboard == "image.tag"


async def test_manifest_tree_groups_resources_by_kind(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        await pilot.press("3")
        browser = screen.query_one("#manifest-browser", ResourceBrowser)
        tree = browser.query_one(Tree)
        kinds = [str(node.label) for node in tree.root.children]
        assert kinds == ["ConfigMap (1)", "Service (1)", "Deployment (1)"]
        assert "kind: Deployment" in browser.code.text  # everything until one is picked
        tree.focus()
        await pilot.press("down", "down")  # ConfigMap group -> its resource
        assert browser.code.text.startswith("# Source: nginx/templates/configmap.yaml")
        await pilot.press("c")
        assert app.clipboard.startswith("# Source: nginx/templates/configmap.yaml")


async def test_notes_and_hooks(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        await pilot.press("4")
        assert screen.query_one("#notes-view", CodeView).lines[0].startswith("Thank you")
        await pilot.press("5")
        hooks = screen.query_one("#hooks-browser", ResourceBrowser)
        assert "# hook: web-migrate (Job)" in hooks.code.text
        assert "pre-upgrade" in hooks.code.text


async def test_history_lists_revisions_and_marks(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        await pilot.press("6")
        history = screen.query_one(HistoryTable)
        history.focus()
        assert [r.revision for r in history.revisions] == [3, 2, 1]
        await pilot.press("down", "space")
        assert history.marked == 2
        await pilot.press("space")
        assert history.marked is None


async def test_history_diff_requests_marked_against_cursor(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_web(app, pilot)
        asked: list[tuple[str, int, int]] = []
        app.flows.diff_revisions = lambda n, a, b: asked.append((n, a, b))  # type: ignore[method-assign]
        await pilot.press("6")
        screen.query_one(HistoryTable).focus()
        await pilot.press("down", "down", "d")  # newest (3) vs cursor (1)
        await pilot.press("space", "up", "d")  # marked 1 vs cursor 2
        await pilot.press("d")  # same again
        assert asked == [("web", 1, 3), ("web", 1, 2), ("web", 1, 2)]


async def test_refresh_and_back(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_web(app, pilot)
        before = len([c for c in tiller.calls if c[0] == "release_content"])
        await pilot.press("r")
        await settle(pilot)
        assert len([c for c in tiller.calls if c[0] == "release_content"]) == before + 1
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)


async def test_missing_release_is_reported_not_fatal(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tiller.releases = [r for r in tiller.releases if r.name != "web"]  # deleted meanwhile
        await pilot.press("G", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        assert any(n.title == "Release not found" for n in app._notifications)
