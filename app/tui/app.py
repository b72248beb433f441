"""``HelmTuiApp``: the Textual application that ties screens, actions and Tiller together."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from app.tui import actions
from app.tui.backend import ConnectionInfo, TillerBackend
from app.tui.config import TuiConfig, default_config_path
from app.tui.failures import UserError, describe
from app.tui.flows import Flows
from app.tui.messages import Failed, TillerVersionLoaded
from app.tui.screens.error import ErrorScreen
from app.tui.screens.help import HelpScreen
from app.tui.themes import BUNDLED_THEMES, load_themes, user_themes_dir

# Textual's own "textual-*" themes stay selectable; ours are listed first.
FALLBACK_THEME = "helm-dark"


class HelmTuiApp(App[int]):
    """helm-tui's full-screen interface.

    Args:
        backend: an object with ``TillerClient``'s methods (the real client, or a fake).
        connection: what the status bar shows about the connection.
        config: theme, read-only mode, keymap, page size.
        theme_dirs: where theme files are read from (default: bundled, then the user's).
        startup_error: a failure that happened before the app could start (e.g. bad
            settings); shown on the error screen instead of connecting.
    """

    TITLE = "helm-tui"
    CSS_PATH = "styles/app.tcss"
    BINDINGS = actions.bindings("app")

    tiller_version: reactive[str] = reactive("")
    tiller_state: reactive[str] = reactive("connecting")
    activity: reactive[str] = reactive("")

    def __init__(
        self,
        backend: TillerBackend,
        connection: ConnectionInfo,
        config: TuiConfig | None = None,
        *,
        theme_dirs: Iterable[Path] | None = None,
        startup_error: BaseException | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.connection = connection
        self.config = config or TuiConfig()
        self.read_only = self.config.read_only
        self.flows = Flows(self)
        self._theme_dirs = (
            list(theme_dirs)
            if theme_dirs is not None
            else [
                BUNDLED_THEMES,
                user_themes_dir(),
            ]
        )
        self._startup_error = startup_error
        self._problems: list[str] = []
        self._load_themes()
        self.set_keymap(dict(self.config.keymap))

    @property
    def keymap(self) -> dict[str, str]:
        """The user's key overrides (action id -> keys)."""
        return dict(self.config.keymap)

    def _load_themes(self) -> None:
        themes, self._problems = load_themes(self._theme_dirs)
        for theme in themes:
            self.register_theme(theme)
        names = {t.name for t in themes}
        wanted = self.config.theme
        if wanted not in names and wanted not in self.available_themes:
            self._problems.append(f"unknown theme {wanted!r}; using {FALLBACK_THEME}")
            wanted = FALLBACK_THEME if FALLBACK_THEME in names else "textual-dark"
        self.theme = wanted

    def on_mount(self) -> None:
        """Report config problems, then open the release list and check Tiller."""
        from app.tui.screens.releases import ReleasesScreen

        unknown = actions.unknown_keymap_ids(self.config.keymap)
        if unknown:
            self._problems.append(f"[keys] names no action: {', '.join(unknown)}")
        for problem in self._problems:
            self.notify(problem, title="Config", severity="warning", timeout=8)
        if self._startup_error is not None:
            self.push_screen(ErrorScreen(self.describe(self._startup_error)))
            return
        self.push_screen(ReleasesScreen())
        self.check_tiller()

    async def on_unmount(self) -> None:
        """Close the connection to Tiller."""
        await self.backend.close()

    # -- connection

    @work(exclusive=True, group="version", exit_on_error=False, description="contacting Tiller")
    async def check_tiller(self) -> None:
        """Ask Tiller for its version (for the status bar, and as a connection check)."""
        self.tiller_state = "connecting"
        self.post_message(TillerVersionLoaded(await self.backend.version()))

    def on_tiller_version_loaded(self, message: TillerVersionLoaded) -> None:
        """Tiller answered: show its version."""
        self.tiller_version = message.version.sem_ver
        self.tiller_state = "connected"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers fail the same way screens' do."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.post_message(Failed(event.worker.error, event.worker.description))

    def retry_connection(self) -> None:
        """Leave the error screen and try again (version check, then the screen's reload)."""
        if self._startup_error is not None:
            return  # bad settings do not fix themselves: the user must restart with others
        if isinstance(self.screen, ErrorScreen):
            self.pop_screen()
        self.check_tiller()
        refresh = getattr(self.screen, "action_refresh", None)
        if callable(refresh):
            refresh()

    # -- the one place failures become user-facing

    def on_failed(self, message: Failed) -> None:
        """Explain a failure (the only handler that does)."""
        self.show_error(self.describe(message.error, message.doing))

    def describe(self, error: BaseException, doing: str = "") -> UserError:
        """Explain ``error`` with hints for the Tiller this app is connected to."""
        return describe(error, doing, self.connection.tiller_namespace)

    def show_error(self, error: UserError) -> None:
        """Show a connection error screen, or a notification for anything else."""
        if error.connection:
            self.tiller_state = "unreachable"
            self.tiller_version = ""
            if isinstance(self.screen, ErrorScreen):
                self.screen.show(error)
            else:
                self.push_screen(ErrorScreen(error))
            return
        self.notify(error.message, title=error.title, severity="error", timeout=10)

    # -- global actions

    def action_help(self) -> None:
        """Show the keys of the current screen."""
        if isinstance(self.screen, HelpScreen):
            return
        scopes = ("app", *getattr(self.screen, "HELP_SCOPES", ()))
        path = self.config.source or default_config_path(os.environ)
        self.push_screen(HelpScreen(scopes, read_only=self.read_only, config_path=str(path)))

    def action_pick_theme(self) -> None:
        """Choose a theme (Textual's theme picker, listing ours too)."""
        self.search_themes()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: the registry's actions for this screen, keys shown."""
        scopes = ("app", getattr(screen, "SCOPE", ""))
        for action in actions.for_scopes(scopes, read_only=self.read_only):
            if action.id == "app.palette":
                continue
            target = self if action.scope == "app" else screen
            if target.check_action(action.action_name, ()) is False:
                continue
            keys = actions.effective_keys(action, self.config.keymap)
            yield SystemCommand(
                action.description,
                f"{action.help}  (key: {keys})",  # no [ ]: palette help is markup
                partial(self._run_from_palette, target, action.action),
            )

    def _run_from_palette(self, target: object, action: str) -> None:
        # After the palette closes, run the action as if its key had been pressed.
        self.call_later(self.run_action, action, target)
