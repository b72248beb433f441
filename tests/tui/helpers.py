"""Pilot helpers shared by the TUI tests."""

from __future__ import annotations

from textual.pilot import Pilot

from app.tui.app import HelmTuiApp
from app.tui.widgets.release_table import ReleaseTable


async def settle(pilot: Pilot[int]) -> None:
    """Let every worker finish and every message be handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def table(app: HelmTuiApp) -> ReleaseTable:
    """The release table of the current screen."""
    return app.screen.query_one(ReleaseTable)


def names(app: HelmTuiApp) -> list[str]:
    """Release names shown, in order."""
    return [r.name for r in table(app).rows]


def footer_keys(app: HelmTuiApp) -> set[str]:
    """Action names the footer shows right now."""
    return {
        binding.action
        for (_, binding, enabled, _) in app.active_bindings.values()
        if binding.show and enabled
    }
