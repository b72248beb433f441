"""Small choice dialogs."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from app.tui import actions
from app.tui.screens.base import HelmModal

ALL = "\0all"  # option id for "every namespace" (not a valid namespace name)


class NamespacePicker(HelmModal[str | None]):
    """Pick one namespace, or all; dismisses with the choice ("" = all, None = cancelled)."""

    SCOPE = "picker"
    BINDINGS = actions.bindings("picker")

    def __init__(self, namespaces: list[str], current: str) -> None:
        super().__init__()
        self.namespaces = namespaces
        self.current = current

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        with Vertical(classes="dialog"):
            yield Label("Show namespace", classes="dialog-title")
            options = [Option("All namespaces", id=ALL)]
            options += [Option(ns or "(none)", id=ns) for ns in self.namespaces]
            yield OptionList(*options, id="namespace-options")

    def on_mount(self) -> None:
        """Start once the widgets exist."""
        options = self.query_one(OptionList)
        wanted = self.current or ALL
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == wanted:
                options.highlighted = index
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss("" if chosen == ALL or chosen is None else chosen)

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
