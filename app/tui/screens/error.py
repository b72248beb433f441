"""The connection error screen: what failed, and what to do next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Label, Static

from app.tui import actions
from app.tui.failures import UserError
from app.tui.screens.base import HelmScreen
from app.tui.widgets.status_bar import StatusBar


class ErrorScreen(HelmScreen[None]):
    """Shown while Tiller cannot be used (unreachable, incompatible, TLS, bad settings)."""

    SCOPE = "error"
    BINDINGS = actions.bindings("error")
    HELP_SCOPES = ("error",)

    def __init__(self, error: UserError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        with Vertical(id="error-box"):
            yield Label(f"✖ {self.error.title}", id="error-title")
            yield Static(self.error.message, id="error-message")
            if self.error.hints:
                yield Label("What to do next", classes="error-subtitle")
                yield Static("\n".join(f"• {h}" for h in self.error.hints), id="error-hints")
            details = Static(self.error.detail, id="error-detail")
            details.display = False
            yield details
        yield StatusBar()
        yield Footer()

    def show(self, error: UserError) -> None:
        """Replace the error shown (a retry failed differently)."""
        self.error = error
        self.query_one("#error-title", Label).update(f"✖ {error.title}")
        self.query_one("#error-message", Static).update(error.message)
        if self.query("#error-hints"):
            self.query_one("#error-hints", Static).update("\n".join(f"• {h}" for h in error.hints))
        self.query_one("#error-detail", Static).update(error.detail)

    def action_retry(self) -> None:
        """Try to reach Tiller again."""
        self.helm_app.retry_connection()

    def action_toggle_details(self) -> None:
        """Show or hide the low-level cause."""
        detail = self.query_one("#error-detail", Static)
        detail.display = not detail.display
