"""Confirmation dialogs: Cancel has the focus, so a stray enter never confirms."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from app.tui import actions
from app.tui.screens.base import HelmModal


class ConfirmScreen(HelmModal[bool]):
    """Ask before doing something; dismisses with True only on the confirm button."""

    SCOPE = "confirm"
    BINDINGS = actions.bindings("confirm")

    def __init__(self, title: str, lines: list[str], confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        """Title, the facts, then [Cancel] [Confirm]."""
        with Vertical(classes="dialog confirm-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static("\n".join(self.lines), id="confirm-lines")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error")

    def on_mount(self) -> None:
        """Cancel is focused."""
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_cancel(self) -> None:
        """Close without confirming."""
        self.dismiss(False)


class TypeNameScreen(HelmModal[tuple[bool, bool]]):
    """Uninstall: confirm by typing the release name; choose soft delete or purge.

    Dismisses with (confirmed, purge).
    """

    SCOPE = "confirm"
    BINDINGS = actions.bindings("confirm")

    def __init__(self, name: str, namespace: str) -> None:
        super().__init__()
        self.release_name = name
        self.namespace = namespace

    def compose(self) -> ComposeResult:
        """The question, the name box, the purge choice, [Cancel] [Uninstall]."""
        with Vertical(classes="dialog confirm-dialog"):
            yield Label(f"Uninstall {self.release_name}?", classes="dialog-title")
            yield Static(
                f"Release {self.release_name} in namespace {self.namespace or '-'} and its "
                "Kubernetes resources will be deleted. Type the release name to confirm."
            )
            yield Input(placeholder=self.release_name, id="typed-name")
            yield Checkbox("Purge: also delete the release history (no rollback)", id="purge")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Uninstall", id="confirm", variant="error", disabled=True)

    def on_mount(self) -> None:
        """The name box is focused; Uninstall stays disabled until the name matches."""
        self.query_one("#typed-name", Input).focus()

    @on(Input.Changed, "#typed-name")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = event.value != self.release_name

    @on(Input.Submitted, "#typed-name")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value == self.release_name:
            self.query_one("#confirm", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        confirmed = event.button.id == "confirm"
        self.dismiss((confirmed, confirmed and self.query_one("#purge", Checkbox).value))

    def action_cancel(self) -> None:
        """Close without uninstalling."""
        self.dismiss((False, False))
