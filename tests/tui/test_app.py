"""Pilot tests of app-wide behaviour: help, palette, themes, keymap, read-only, errors."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from app.client.errors import (
    IncompatibleVersionError,
    SettingsError,
    TillerUnreachableError,
    TlsError,
)
from app.client.models import ReleaseStatus
from app.tui.app import HelmTuiApp
from app.tui.backend import ConnectionInfo
from app.tui.config import TuiConfig
from app.tui.screens.error import ErrorScreen
from app.tui.screens.help import HelpScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.themes import BUNDLED_THEMES
from tests.tui.conftest import AppFactory
from tests.tui.fakes import FakeTiller
from tests.tui.helpers import footer_keys, names, settle


async def test_status_bar_shows_tiller_context_and_read_only(make_app: AppFactory) -> None:
    app = make_app(config=TuiConfig(read_only=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one("StatusBar")
        text = " ".join(str(label.render()) for label in bar.query("Label") if label.display)
        assert "127.0.0.1:44134" in text and "v2.17.0" in text
        assert "kind-local" in text and "READ-ONLY" in text


async def test_help_lists_screen_keys_from_registry(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "releases" in app.screen.scopes and "app" in app.screen.scopes
        text = " ".join(str(w.render()) for w in app.screen.query("Label"))
        assert "Release list" in text
        await pilot.press("question_mark")  # ? closes it again
        assert isinstance(app.screen, ReleasesScreen)
        await pilot.press("question_mark", "escape")
        assert isinstance(app.screen, ReleasesScreen)
        await pilot.press("question_mark", "q")  # q closes help rather than quitting
        assert isinstance(app.screen, ReleasesScreen)


async def test_palette_opens_with_ctrl_p_and_colon_and_runs_actions(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        await pilot.press("colon")
        assert CommandPalette.is_open(app)
        await pilot.press(*"Deployed")  # the status toggle, found by its description
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert not CommandPalette.is_open(app)
        assert "web" not in names(app)  # deployed hidden


async def test_palette_lists_registry_actions_for_the_screen(make_app: AppFactory) -> None:
    app = make_app(config=TuiConfig(read_only=True))
    async with app.run_test() as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = {c.title for c in commands}
        assert {"Filter", "Namespace", "Refresh", "Quit", "Help"} <= titles
        assert "Undo upgrade" not in titles and "Uninstall" not in titles  # read-only
        assert any("(key: /)" in c.help for c in commands)


async def test_theme_picker_and_bundled_themes(make_app: AppFactory) -> None:
    app = make_app(config=TuiConfig(theme="helm-high-contrast"))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "helm-high-contrast"
        assert {"helm-dark", "helm-light", "helm-high-contrast"} <= set(app.available_themes)
        await pilot.press("ctrl+t")
        assert CommandPalette.is_open(app)


async def test_unknown_theme_falls_back_with_a_notice(make_app: AppFactory) -> None:
    app = make_app(config=TuiConfig(theme="nope"))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "helm-dark"
        assert any("unknown theme" in n.message for n in app._notifications)


async def test_keymap_remaps_by_action_id(make_app: AppFactory) -> None:
    config = TuiConfig(keymap={"releases.filter": "f", "releases.bogus": "x"})
    app = make_app(config=config)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert app.focused is not None and app.focused.id == "releases-filter"
        assert any("releases.bogus" in n.message for n in app._notifications)


async def test_read_only_removes_destructive_actions(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller, TuiConfig(read_only=True))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "undo_upgrade" not in footer_keys(app)
        await pilot.press("u", "D", "t")
        assert not app._notifications  # nothing ran, not even "not available"
        await pilot.press("enter")
        await settle(pilot)
        assert "rollback" not in footer_keys(app) and "edit_values" not in footer_keys(app)


async def test_writable_mode_shows_destructive_actions(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "undo_upgrade" in footer_keys(app)


async def test_unreachable_tiller_shows_error_screen_and_retry(make_app: AppFactory) -> None:
    down = TillerUnreachableError("could not reach Tiller at 127.0.0.1:44134: connection refused")
    tiller = FakeTiller(fail_with=down)
    app = make_app(tiller)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert app.screen.error.title == "Tiller is unreachable"
        assert app.tiller_state == "unreachable"
        hints = " ".join(app.screen.error.hints)
        assert "--host" in hints and "kubectl -n kube-system port-forward" in hints
        await pilot.press("d")
        assert app.screen.query_one("#error-detail").display
        tiller.fail_with = None  # Tiller comes back
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReleasesScreen)
        assert app.tiller_version == "v2.17.0"
        assert len(names(app)) == 5


async def test_unreachable_hints_name_the_tiller_namespace_in_use() -> None:
    down = TillerUnreachableError("could not reach Tiller at 127.0.0.1:44134: connection refused")
    app = HelmTuiApp(
        FakeTiller(fail_with=down),
        ConnectionInfo(host="127.0.0.1:44134", tiller_namespace="team-a"),
        theme_dirs=[BUNDLED_THEMES],
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        hints = app.screen.error.hints
        assert any("kubectl -n team-a get pods -l name=tiller" in h for h in hints)
        assert any("kubectl -n team-a port-forward deploy/tiller-deploy 44134" in h for h in hints)
        assert not any("kube-system" in h for h in hints)


async def test_incompatible_version_screen(make_app: AppFactory) -> None:
    error = IncompatibleVersionError(
        "v2.17.0", "v2.16.0", detail="incompatible versions client[v2.17.0] server[v2.16.0]"
    )
    app = make_app(FakeTiller(fail_with=error))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert app.screen.error.title == "Incompatible Tiller version"
        assert any("v2.16.0" in h for h in app.screen.error.hints)


async def test_tls_failure_screen(make_app: AppFactory) -> None:
    app = make_app(FakeTiller(fail_with=TlsError("TLS handshake with Tiller failed")))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert app.screen.error.title == "TLS failure"


async def test_bad_settings_show_error_without_calling_tiller(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller, startup_error=SettingsError("'x' is not a host:port address."))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("r")  # retrying cannot fix bad settings
        assert isinstance(app.screen, ErrorScreen)
    assert [c for c, _ in tiller.calls if c != "close"] == []


async def test_unexpected_error_is_a_notification_not_a_crash(make_app: AppFactory) -> None:
    class Broken(FakeTiller):
        async def history(self, name: str, max: int = 256, *, timeout: float | None = None):  # type: ignore[no-untyped-def]
            raise ValueError("boom")

    app = make_app(Broken())
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.title for n in app._notifications]
        assert any("Unexpected error while loading the history" in (t or "") for t in messages)


async def test_quit(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert ("close", None) in tiller.calls


def test_theme_files_are_data(tmp_path: Path) -> None:
    assert {p.stem for p in BUNDLED_THEMES.glob("*.toml")} >= {
        "helm-dark",
        "helm-light",
        "helm-high-contrast",
    }
    assert ReleaseStatus.DEPLOYED  # the fake's statuses exist


async def test_keys_typed_after_quit_are_ignored(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("G", "q", "u", "e", "s")  # "question_mark" typed as letters
        await pilot.pause()
    assert app.return_code in (0, None)
