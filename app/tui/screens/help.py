"""``?``: every key of the current screen, generated from the action registry."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from app.tui import actions
from app.tui.screens.base import HelmModal

SCOPE_TITLES = {
    "app": "Everywhere",
    "releases": "Release list",
    "release": "Release",
    "table": "Moving around",
    "history": "History tab",
    "diff": "Diff",
    "error": "Connection error",
    "values": "Values editor",
    "repos": "Repositories",
}


class HelpScreen(HelmModal[None]):
    """The keys of the screen below (and global ones), with the ids to remap them by."""

    SCOPE = "help"
    BINDINGS = actions.bindings("help")

    def __init__(self, scopes: tuple[str, ...], *, read_only: bool, config_path: str) -> None:
        super().__init__()
        self.scopes = scopes
        self.read_only_mode = read_only
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        keymap = getattr(self.app, "keymap", {})
        with VerticalScroll(classes="dialog help-dialog"):
            yield Label("Keys", classes="dialog-title")
            for scope in self.scopes:
                listed = actions.for_scopes([scope], read_only=self.read_only_mode)
                if not listed:
                    continue
                table = Table(box=None, show_header=False, expand=True, pad_edge=False)
                table.add_column("key", no_wrap=True, min_width=12)
                table.add_column("action", ratio=1)
                table.add_column("id", no_wrap=True, style="dim")
                for action in listed:
                    table.add_row(
                        Text(actions.effective_keys(action, keymap), style="bold"),
                        f"{action.description} — {action.help}",
                        action.id,
                    )
                yield Label(SCOPE_TITLES.get(scope, scope), classes="help-section")
                yield Static(table, classes="help-table")
            note = f"Remap keys by id in [keys] of {self.config_path}."
            if self.read_only_mode:
                note += " Read-only mode: actions that change releases are hidden."
            yield Label(note, classes="help-note")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
