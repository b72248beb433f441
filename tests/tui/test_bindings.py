"""Every binding in the registry, pressed in its context, reaches its action.

Each action method is replaced by a recorder, so this checks routing (key -> binding ->
action on the right node), not the action's effect (the flow tests do that). In read-only
mode every destructive binding must be inert.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from app.client.errors import TillerUnreachableError
from app.repos.home import HelmHome
from app.tui import actions
from app.tui.app import HelmTuiApp
from app.tui.config import TuiConfig
from app.tui.screens.confirm import ConfirmScreen
from app.tui.screens.diff import DiffScreen
from app.tui.screens.error import ErrorScreen
from app.tui.screens.help import HelpScreen
from app.tui.screens.install import InstallWizardScreen
from app.tui.screens.operation import OperationScreen
from app.tui.screens.pickers import NamespacePicker
from app.tui.screens.release import ReleaseScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.screens.repos import RepositoriesScreen
from app.tui.screens.values_editor import ValuesEditorScreen
from app.tui.widgets.history_table import HistoryTable
from app.tui.widgets.release_table import ReleaseTable
from tests.tui.conftest import AppFactory
from tests.tui.fakes import FakeTiller
from tests.tui.helpers import settle

Setup = Callable[[Pilot[int]], Awaitable[None]]


async def _list(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("down")  # cursor on a row that has history (db)


async def _release(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("G", "enter")
    await settle(pilot)


async def _history(pilot: Pilot[int]) -> None:
    await _release(pilot)
    await pilot.press("6")
    pilot.app.screen.query_one(HistoryTable).focus()
    await pilot.press("down")


async def _picker(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("n")


async def _help(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")


async def _diff(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, HelmTuiApp)
    app.flows.undo_upgrade("web")  # directly: read-only mode has no key for it
    await settle(pilot)


async def _confirm(pilot: Pilot[int]) -> None:
    await _diff(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def _operation(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, HelmTuiApp)
    app.flows.run_tests("web")
    await settle(pilot)


async def _values(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, HelmTuiApp)
    app.flows.edit_values("web")
    await settle(pilot)


async def _repos(pilot: Pilot[int]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, HelmTuiApp)
    app.flows.browse_repositories()
    await settle(pilot)


async def _install(pilot: Pilot[int]) -> None:
    await settle(pilot)
    home = HelmHome(Path("/nonexistent/helm-home"))
    await pilot.app.push_screen(InstallWizardScreen("files/demo", "0.1.0", "", home))
    await settle(pilot)


async def _error(pilot: Pilot[int]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, ErrorScreen)


# scope -> (class owning the actions, how to get there, does Tiller fail)
CONTEXTS: dict[str, tuple[type[Any], Setup, bool]] = {
    "app": (HelmTuiApp, _list, False),
    "releases": (ReleasesScreen, _list, False),
    "table": (ReleaseTable, _list, False),
    "release": (ReleaseScreen, _release, False),
    "history": (HistoryTable, _history, False),
    "picker": (NamespacePicker, _picker, False),
    "help": (HelpScreen, _help, False),
    "error": (ErrorScreen, _error, True),
    "diff": (DiffScreen, _diff, False),
    "confirm": (ConfirmScreen, _confirm, False),
    "operation": (OperationScreen, _operation, False),
    "values": (ValuesEditorScreen, _values, False),
    "repos": (RepositoriesScreen, _repos, False),
    "install": (InstallWizardScreen, _install, False),
}
PENDING_SCOPES: set[str] = set()  # scopes whose screens are not built yet


def test_every_scope_has_a_binding_context() -> None:
    scopes = {a.scope for a in actions.ACTIONS}
    assert scopes - PENDING_SCOPES == set(CONTEXTS)


def test_every_action_has_a_method() -> None:
    for action in actions.ACTIONS:
        if action.scope in PENDING_SCOPES:
            continue
        owner = CONTEXTS[action.scope][0]
        assert hasattr(owner, f"action_{action.action_name}"), action.id


CASES = [
    (action, key)
    for action in actions.ACTIONS
    if action.scope not in PENDING_SCOPES
    for key in action.key.split(",")
]


@pytest.mark.parametrize(("action", "key"), CASES, ids=[f"{a.id}:{k}" for a, k in CASES])
async def test_key_reaches_action(
    action: actions.Action, key: str, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, setup, failing = CONTEXTS[action.scope]
    calls: list[tuple[object, ...]] = []

    def recorder(self: object, *args: object) -> None:
        calls.append(args)

    monkeypatch.setattr(owner, f"action_{action.action_name}", recorder)
    tiller = FakeTiller(fail_with=TillerUnreachableError("down") if failing else None)
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await setup(pilot)
        await pilot.press(key)
        await pilot.pause()
    assert calls, f"{key!r} did not reach {action.id}"


DESTRUCTIVE = [(a, a.key.split(",")[0]) for a in actions.ACTIONS if a.destructive]
DESTRUCTIVE = [(a, k) for a, k in DESTRUCTIVE if a.scope not in PENDING_SCOPES]


@pytest.mark.parametrize(("action", "key"), DESTRUCTIVE, ids=[a.id for a, _ in DESTRUCTIVE])
async def test_read_only_makes_destructive_keys_inert(
    action: actions.Action, key: str, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner, setup, _ = CONTEXTS[action.scope]
    calls: list[object] = []
    monkeypatch.setattr(owner, f"action_{action.action_name}", lambda *a: calls.append(a))
    app = make_app(FakeTiller(), TuiConfig(read_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await setup(pilot)
        await pilot.press(key)
        await pilot.pause()
    assert not calls, f"{action.id} ran in read-only mode"
