"""Pilot tests of the write flows: rollback, undo, revision diff, uninstall, tests."""

from __future__ import annotations

from textual.widgets import Button, Checkbox, Input, Log

from app.client.models import ReleaseStatus
from app.tui.app import HelmTuiApp
from app.tui.screens.confirm import ConfirmScreen, TypeNameScreen
from app.tui.screens.diff import DiffScreen
from app.tui.screens.operation import TestRunScreen, UninstallScreen
from app.tui.screens.release import ReleaseScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.widgets.diff_view import DiffView
from app.tui.widgets.history_table import HistoryTable
from tests.tui.conftest import AppFactory
from tests.tui.fakes import FakeTiller
from tests.tui.helpers import names, settle, table


def latest(tiller: FakeTiller, name: str) -> tuple[int, ReleaseStatus]:
    rel = max((r for r in tiller.releases if r.name == name), key=lambda r: r.revision)
    return rel.revision, rel.status


def diff_text(app: HelmTuiApp) -> str:
    return "\n".join(
        line.left + " | " + line.right for line in app.screen.query_one(DiffView).lines
    )


async def test_undo_previews_confirms_with_cancel_focused_and_rolls_back(
    make_app: AppFactory,
) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert screen.masked is not None and screen.masked.diff.summary()["changed"] == 1
        assert "-  replicas: 3" in diff_text(app) and "+  replicas: 2" in diff_text(app)
        assert not any(c == "rollback" and not a.dry_run for c, a in tiller.calls)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        facts = "\n".join(dialog.lines)
        assert "web" in facts and "apps" in facts and "revision 2" in facts
        assert "nginx-1.2.4" in facts and "2024-03-01" in facts
        assert app.focused is dialog.query_one("#cancel", Button)
        await pilot.press("enter")  # enter on Cancel: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert latest(tiller, "web") == (3, ReleaseStatus.DEPLOYED)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)
        assert latest(tiller, "web") == (4, ReleaseStatus.DEPLOYED)
        assert table(app).rows[-1].revision == 4  # refreshed
        assert any("rolled back to revision 2" in n.message for n in app._notifications)


async def test_rollback_from_history_tab_to_chosen_revision(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)
        await pilot.press("b")  # not on History yet: switches there and explains
        assert isinstance(app.screen, ReleaseScreen)
        app.screen.query_one(HistoryTable).focus()
        await pilot.press("down", "down", "b")  # revision 1
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert app.screen.preview.title == "Roll back web to revision 1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        rolled = [a for c, a in tiller.calls if c == "rollback" and not a.dry_run]  # type: ignore[attr-defined]
        assert [a.revision for a in rolled] == [1]  # type: ignore[attr-defined]


async def test_undo_restores_a_soft_deleted_release(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"old", "enter", "u")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert app.screen.preview.title == "Roll back old-api to revision 2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert latest(tiller, "old-api") == (3, ReleaseStatus.DEPLOYED)


async def test_undo_with_one_revision_explains(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")  # cache: revision 1 only
        await settle(pilot)
        assert any("nothing to undo" in n.message for n in app._notifications)


async def test_diff_view_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "u")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await pilot.press("v")
        assert screen.side and any(line.kind == "pair" for line in screen.query_one(DiffView).lines)
        await pilot.press("v", "f")
        await settle(pilot)
        assert screen.options.show_noise
        assert screen.masked is not None and screen.masked.diff.summary()["changed"] == 2
        await pilot.press("plus")
        await settle(pilot)
        assert screen.options.context == 10
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert screen.options.context == 0
        view = screen.query_one(DiffView)
        await pilot.press("n")
        assert view.lines[view.cursor].kind == "header"
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)


async def test_history_diff_of_two_revisions_is_view_only(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)
        await pilot.press("6")
        app.screen.query_one(HistoryTable).focus()
        await pilot.press("down", "down", "d")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        assert "revision 1 → 3" in app.screen.preview.title
        assert app.screen.check_action("apply", ()) is False
        assert "replicas" in diff_text(app)


async def test_uninstall_requires_typing_the_name(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D")  # cursor on cache
        dialog = app.screen
        assert isinstance(dialog, TypeNameScreen)
        confirm = dialog.query_one("#confirm", Button)
        await pilot.press(*"cach")
        assert confirm.disabled
        await pilot.press("e")
        assert not confirm.disabled
        await pilot.press("enter")  # submits the name: focus moves to Uninstall
        assert app.focused is confirm
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UninstallScreen)
        log = "\n".join(app.screen.query_one(Log).lines)
        assert 'release "cache" deleted' in log and "==> delete cache" in log
        await pilot.press("escape")
        await settle(pilot)
        assert latest(tiller, "cache") == (1, ReleaseStatus.DELETED)
        assert "cache" in names(app)  # soft-deleted: still listed as DELETED


async def test_uninstall_purge_and_cancel(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("D", "escape")
        assert isinstance(app.screen, ReleasesScreen)
        await pilot.press("D", *"cache")
        app.screen.query_one("#purge", Checkbox).value = True
        app.screen.query_one("#typed-name", Input).value = "cache"
        await pilot.click("#confirm")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not [r for r in tiller.releases if r.name == "cache"]
        assert "cache" not in names(app)


async def test_run_tests_streams_results(make_app: AppFactory) -> None:
    tiller = FakeTiller(tests=[("web-test-ok", True), ("web-test-bad", False)])
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TestRunScreen)
        lines = screen.query_one(Log).lines
        assert "✓ PASSED: web-test-ok" in lines and "✗ FAILED: web-test-bad" in lines
        assert screen.failed == 1 and not screen.running
        assert "1 test(s) failed" in str(screen.query_one("#operation-result").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)
