"""The status bar: Tiller's address and version, kube context, TLS, read-only mode."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label


class StatusBar(Horizontal):
    """A one-line bar docked at the bottom of every screen; it follows the app's state."""

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        yield Label(id="status-tiller")
        yield Label(id="status-context")
        yield Label(id="status-tls")
        yield Label(id="status-read-only")
        yield Label(id="status-activity")

    def on_mount(self) -> None:
        """Start once the widgets exist."""
        # Watch the app's reactives: every screen's bar stays current without messages.
        for name in ("tiller_version", "tiller_state", "activity"):
            self.watch(self.app, name, self._update, init=False)
        self._update()

    def _update(self, _value: object = None) -> None:
        app = self.app
        connection = getattr(app, "connection", None)
        host = connection.host if connection else "?"
        state = getattr(app, "tiller_state", "connecting")
        version = getattr(app, "tiller_version", "")
        tiller = self.query_one("#status-tiller", Label)
        tiller.update(f"⎈ Tiller {host} {version or state}")
        tiller.set_class(state == "unreachable", "-problem")
        context = connection.kube_context if connection else ""
        self.query_one("#status-context", Label).update(f"ctx {context or '(none)'}")
        tls = self.query_one("#status-tls", Label)
        tls.update(connection.tls if connection and connection.tls else "")
        tls.display = bool(connection and connection.tls)
        badge = self.query_one("#status-read-only", Label)
        badge.update("READ-ONLY")
        badge.display = bool(getattr(app, "read_only", False))
        self.query_one("#status-activity", Label).update(getattr(app, "activity", ""))
