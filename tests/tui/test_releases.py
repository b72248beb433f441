"""Pilot tests of the release list: loading, filters, sorting, refresh, opening."""

from __future__ import annotations

from app.client.listing import ALL_STATUSES
from app.client.models import ReleaseStatus
from app.tui.config import TuiConfig
from app.tui.screens.pickers import NamespacePicker
from app.tui.screens.release import ReleaseScreen
from app.tui.screens.releases import ReleasesScreen
from tests.tui.conftest import AppFactory
from tests.tui.fakes import FakeTiller, make_release, many_releases
from tests.tui.helpers import names, settle, table


async def test_lists_latest_revision_of_every_release_sorted_by_name(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)
        assert names(app) == ["cache", "db", "old-api", "queue", "web"]
        web = table(app).rows[-1]
        assert (web.revision, web.status, web.chart) == (3, ReleaseStatus.DEPLOYED, "nginx-1.3.0")
        assert app.tiller_version == "v2.17.0"


async def test_asks_tiller_for_every_status_but_superseded(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    async with make_app(tiller).run_test() as pilot:
        await settle(pilot)
    queries = [arg for call, arg in tiller.calls if call == "list_releases"]
    assert queries[0].statuses == ALL_STATUSES  # type: ignore[union-attr]


async def test_pages_arrive_incrementally(make_app: AppFactory) -> None:
    tiller = FakeTiller(releases=many_releases(50))
    app = make_app(tiller, TuiConfig(page_size=10))
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleasesScreen)
        assert screen.loaded_pages == 5 and not screen.is_loading
        assert len(table(app).rows) == 50


async def test_fuzzy_filter_narrows_and_escape_clears(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", "o", "a")
        assert names(app) == ["old-api"]  # o…a in order: only old-api
        await pilot.press("enter")  # back to the table, filter kept
        assert app.focused is table(app)
        assert names(app) == ["old-api"]
        await pilot.press("escape")
        assert len(names(app)) == 5


async def test_status_filters_toggle(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1")  # hide deployed
        assert names(app) == ["db", "old-api", "queue"]
        await pilot.press("2", "3")  # hide failed, pending
        assert names(app) == ["old-api"]
        await pilot.press("4")  # hide deleted: nothing left
        assert names(app) == []
        assert "No status selected" in table(app).empty_text
        await pilot.press("0")
        assert len(names(app)) == 5


async def test_superseded_filter_loads_old_revisions(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        rows = [(r.name, r.revision) for r in table(app).rows]
        assert ("web", 1) in rows and ("web", 2) in rows and ("web", 3) in rows
        last = [arg for call, arg in tiller.calls if call == "list_releases"][-1]
        assert ReleaseStatus.SUPERSEDED in last.statuses  # type: ignore[union-attr]


async def test_namespace_picker(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NamespacePicker)
        await pilot.press("down", "enter")  # first namespace after "All": apps
        assert names(app) == ["old-api", "web"]
        await pilot.press("n", "escape")  # cancel keeps the filter
        assert names(app) == ["old-api", "web"]
        await pilot.press("n", "home", "enter")
        assert len(names(app)) == 5


async def test_sort_cycles_and_reverses(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("s")  # namespace
        assert [r.namespace for r in table(app).rows] == ["apps", "apps", "data", "data", "data"]
        await pilot.press("o")
        assert table(app).descending
        assert [r.namespace for r in table(app).rows][0] == "data"
        await pilot.press("s")  # updated
        assert table(app).sort_column == "updated"


async def test_refresh_keeps_cursor_and_filter(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", "e", "enter", "down")
        before = names(app)
        cursor_name = table(app).current_row.name  # type: ignore[union-attr]
        tiller.releases.append(make_release("aardvark-new", 1))  # arrives before the cursor
        await pilot.press("r")
        await settle(pilot)
        assert table(app).current_row.name == cursor_name  # type: ignore[union-attr]
        assert set(before) <= set(names(app))
        assert app.screen.spec.query == "e"  # type: ignore[attr-defined]


async def test_refresh_drops_releases_gone_from_tiller(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test() as pilot:
        await settle(pilot)
        tiller.releases = [r for r in tiller.releases if r.name != "db"]
        await pilot.press("r")
        await settle(pilot)
        assert "db" not in names(app)


async def test_cursor_movement_keys(make_app: AppFactory) -> None:
    app = make_app(FakeTiller(releases=many_releases(100)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app)
        await pilot.press("down", "j")
        assert t.cursor == 2
        await pilot.press("up", "k")
        assert t.cursor == 0
        await pilot.press("pagedown")
        assert t.cursor > 10
        await pilot.press("pageup")
        assert t.cursor == 0
        await pilot.press("end")
        assert t.cursor == 99 and t.scroll_y > 0
        await pilot.press("home")
        assert t.cursor == 0 and t.scroll_y == 0
        await pilot.press("G")
        assert t.cursor == 99
        await pilot.press("g")
        assert t.cursor == 0


async def test_enter_and_click_open_release(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ReleaseScreen)
        assert app.screen.release_name == "db"
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)
        await pilot.click("#releases-table", offset=(2, 4), times=2)  # line 4: 4th row
        assert isinstance(app.screen, ReleaseScreen)
        assert app.screen.release_name == "queue"


async def test_h_opens_history_tab(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("G", "h")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)
        assert app.screen.query_one("#release-tabs").active == "history"  # type: ignore[attr-defined]


async def test_empty_tiller_says_how_to_start(make_app: AppFactory) -> None:
    app = make_app(FakeTiller(releases=[]))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert names(app) == []
        assert "No releases yet" in table(app).empty_text
