"""What every helm-tui screen shares: scoped bindings, read-only gating, failure routing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from app.tui import actions
from app.tui.messages import Failed

if TYPE_CHECKING:
    from app.tui.app import HelmTuiApp

ResultT = TypeVar("ResultT")


def read_only(screen: Screen[Any]) -> bool:
    """Whether the app runs read-only (False outside a HelmTuiApp, e.g. in widget tests)."""
    return bool(getattr(screen.app, "read_only", False))


def exiting(screen: Screen[Any]) -> bool:
    """Whether the app has been asked to exit (Textual keeps handling queued keys)."""
    return bool(getattr(screen.app, "_exit", False))


class HelmScreen(Screen[ResultT]):
    """A full screen whose bindings come from the registry scope ``SCOPE``.

    Failed workers are turned into ``Failed`` messages here, so no screen formats errors;
    ``HelmTuiApp`` decides how to show them. Destructive actions vanish in read-only mode.
    """

    SCOPE: ClassVar[str] = ""
    HELP_SCOPES: ClassVar[tuple[str, ...]] = ()  # scopes listed in help and the palette

    @property
    def helm_app(self) -> HelmTuiApp:
        """The app, typed."""
        from app.tui.app import HelmTuiApp

        assert isinstance(self.app, HelmTuiApp)
        return self.app

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse (and hide) destructive actions in read-only mode, and all after quit."""
        if exiting(self):
            return False  # keys typed after "q" must not open screens on a closing app
        return not (read_only(self) and action in actions.destructive_action_names(self.SCOPE))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Route a failed worker's error to the app as a ``Failed`` message."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.post_message(Failed(event.worker.error, event.worker.description))


class HelmModal(ModalScreen[ResultT]):
    """A dialog with registry bindings (same rules as ``HelmScreen``)."""

    SCOPE: ClassVar[str] = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Refuse (and hide) destructive actions in read-only mode, and all after quit."""
        if exiting(self):
            return False  # keys typed after "q" must not open screens on a closing app
        return not (read_only(self) and action in actions.destructive_action_names(self.SCOPE))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Route a failed worker's error to the app as a ``Failed`` message."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.post_message(Failed(event.worker.error, event.worker.description))
