"""One release: Status, Values, Manifest, Notes, Hooks and History tabs."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Label, Static, TabbedContent, TabPane

from app.client.models import Release, StatusReport
from app.tui import actions
from app.tui.messages import Failed, HistoryLoaded, ReleaseLoaded, StatusLoaded, ViewsPrepared
from app.tui.release_views import PreparedViews, prepare, status_text, title_line
from app.tui.screens.base import HelmScreen
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.history_table import HistoryTable
from app.tui.widgets.resource_browser import ResourceBrowser
from app.tui.widgets.status_bar import StatusBar
from app.tui.yamlpath import yaml_path

TABS = ("status", "values", "manifest", "notes", "hooks", "history")


class ReleaseScreen(HelmScreen[None]):
    """Everything about one release, each tab loaded by its own worker."""

    SCOPE = "release"
    BINDINGS = actions.bindings("release")
    HELP_SCOPES = ("release", "history", "table")

    def __init__(self, name: str, revision: int = 0, *, tab: str = "status") -> None:
        super().__init__()
        self.release_name = name
        self.revision = revision
        self.initial_tab = tab
        self.release: Release | None = None
        self.report: StatusReport | None = None
        self.computed = False
        self.revealed = False
        self.views: PreparedViews | None = None

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        yield Static(f"{self.release_name} · loading…", id="release-title", classes="screen-title")
        with TabbedContent(initial=self.initial_tab, id="release-tabs"):
            with TabPane("Status", id="status"), VerticalScroll(id="status-scroll"):
                yield Static("Loading status…", id="status-info")
            with TabPane("Values", id="values"), Vertical():
                yield Label("User-supplied values", id="values-mode", classes="pane-title")
                yield CodeView(empty_text="Loading values…", id="values-view")
                yield Label("", id="values-path", classes="yaml-path")
            with TabPane("Manifest", id="manifest"):
                yield ResourceBrowser(empty_text="Loading manifest…", id="manifest-browser")
            with TabPane("Notes", id="notes"):
                yield CodeView(
                    language=None, gutter=False, empty_text="Loading notes…", id="notes-view"
                )
            with TabPane("Hooks", id="hooks"):
                yield ResourceBrowser(empty_text="Loading hooks…", id="hooks-browser")
            with TabPane("History", id="history"):
                yield HistoryTable(id="history-table")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        """Start once the widgets exist."""
        self.action_refresh()

    # -- loading: one worker per remote call

    def action_refresh(self) -> None:
        """Reload every tab from Tiller."""
        self.load_content()
        self.load_status()
        self.load_history()

    @work(exclusive=True, group="content", exit_on_error=False, description="loading the release")
    async def load_content(self) -> None:
        """GetReleaseContent: chart, values, manifest, hooks."""
        release = await self.helm_app.backend.release_content(self.release_name, self.revision)
        self.post_message(ReleaseLoaded(release))

    @work(exclusive=True, group="status", exit_on_error=False, description="loading the status")
    async def load_status(self) -> None:
        """GetReleaseStatus: resources and notes."""
        report = await self.helm_app.backend.release_status(self.release_name, self.revision)
        self.post_message(StatusLoaded(report))

    @work(exclusive=True, group="history", exit_on_error=False, description="loading the history")
    async def load_history(self) -> None:
        """GetHistory: every revision."""
        self.post_message(HistoryLoaded(await self.helm_app.backend.history(self.release_name)))

    def on_release_loaded(self, message: ReleaseLoaded) -> None:
        """Fill the tabs that come from the release content."""
        self.release = message.release
        self.query_one("#release-title", Static).update(title_line(message.release))
        self._show_status()
        self.prepare_views(message.release, self.revealed)

    @work(exclusive=True, group="views", thread=True, exit_on_error=False,
          description="preparing the release's values and manifest")  # fmt: skip
    def prepare_views(self, release: Release, revealed: bool) -> None:
        """Split the manifest, compute values, mask secrets: YAML work, off the UI thread."""
        self.post_message(ViewsPrepared(prepare(release, revealed)))

    def on_views_prepared(self, message: ViewsPrepared) -> None:
        """Fill the Values, Manifest and Hooks tabs."""
        self.views = message.views
        self._show_values()
        self.query_one("#manifest-browser", ResourceBrowser).set_items(message.views.manifest)
        self.query_one("#hooks-browser", ResourceBrowser).set_items(message.views.hooks)
        if not message.views.hooks:
            self.query_one("#hooks-browser", ResourceBrowser).code.empty_text = "No hooks."

    def on_status_loaded(self, message: StatusLoaded) -> None:
        """Fill the Status and Notes tabs."""
        self.report = message.report
        notes = message.report.info.notes
        self.query_one("#notes-view", CodeView).set_text(notes)
        if not notes:
            self.query_one("#notes-view", CodeView).empty_text = "This chart has no NOTES.txt."
        self._show_status()

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        """Fill the History tab."""
        self.query_one(HistoryTable).set_revisions(message.revisions)

    def on_failed(self, message: Failed) -> None:
        """Stop showing 'loading' for what failed (the app explains the error)."""
        # Keep the screen usable; the app has already said what went wrong.
        if message.doing == "loading the status":
            self.query_one("#status-info", Static).update("Could not load the status (r retries).")

    def _show_status(self) -> None:
        self.query_one("#status-info", Static).update(status_text(self.release, self.report))

    def _show_values(self) -> None:
        view = self.query_one("#values-view", CodeView)
        mode = self.query_one("#values-mode", Label)
        views = self.views
        if views is None:
            return
        secrets = "secrets SHOWN (x masks)" if views.revealed else "secrets masked (x reveals)"
        if self.computed:
            mode.update(
                f"Computed values (chart defaults + user values) · a: user-supplied · {secrets}"
            )
            view.empty_text = views.computed_error or "No values at all."
            view.set_text(views.computed_values)
        else:
            mode.update(f"User-supplied values · a: computed · {secrets}")
            view.empty_text = "No user-supplied values (the chart's defaults apply)."
            view.set_text(views.user_values)

    @on(CodeView.CursorMoved, "#values-view")
    def _values_cursor(self, event: CodeView.CursorMoved) -> None:
        path = yaml_path(event.view.lines, event.line) if event.view.lines else ""
        self.query_one("#values-path", Label).update(f"path: {path}" if path else "")

    # -- actions

    def action_back(self) -> None:
        """Back to the release list."""
        self.dismiss(None)

    def action_show_tab(self, tab: str) -> None:
        """Switch to a tab."""
        self.query_one(TabbedContent).active = tab

    def action_toggle_computed(self) -> None:
        """Values tab: user-supplied or computed values."""
        self.computed = not self.computed
        self.action_show_tab("values")
        self._show_values()

    def action_toggle_reveal(self) -> None:
        """Show or mask again the secrets in values, manifest and hooks."""
        self.revealed = not self.revealed
        if self.release is not None:
            self.prepare_views(self.release, self.revealed)
        self.notify("Secrets are shown." if self.revealed else "Secrets are masked again.")

    def action_copy_view(self) -> None:
        """Copy the current tab's text to the clipboard."""
        tab = self.query_one(TabbedContent).active
        text = ""
        if tab == "values":
            view = self.query_one("#values-view", CodeView)
            path = yaml_path(view.lines, view.cursor) if view.lines else ""
            text = path if view.has_focus and path else view.text
        elif tab == "manifest":
            text = self.query_one("#manifest-browser", ResourceBrowser).code.text
        elif tab == "hooks":
            text = self.query_one("#hooks-browser", ResourceBrowser).code.text
        elif tab == "notes":
            text = self.query_one("#notes-view", CodeView).text
        else:
            text = status_text(self.release, self.report).plain
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {len(text.splitlines())} line(s).", title="Clipboard")

    def _history_revision(self) -> int | None:
        return self.query_one(HistoryTable).cursor_revision

    def action_rollback(self) -> None:
        """Roll back to the History cursor's revision (preview and confirm first)."""
        revision = self._history_revision()
        if self.query_one(TabbedContent).active != "history" or revision is None:
            self.action_show_tab("history")
            self.notify("Pick the revision to roll back to, then press b again.")
            return
        self.helm_app.flows.rollback(self.release_name, revision)

    def action_undo_upgrade(self) -> None:
        """Roll back to the previous revision."""
        self.helm_app.flows.undo_upgrade(self.release_name)

    def action_edit_values(self) -> None:
        """Edit values side by side, then upgrade."""
        self.helm_app.flows.edit_values(self.release_name)

    def action_uninstall(self) -> None:
        """Uninstall (type the name to confirm)."""
        namespace = self.release.namespace if self.release else ""
        self.helm_app.flows.uninstall(self.release_name, namespace)

    def action_run_tests(self) -> None:
        """Run the release's tests."""
        self.helm_app.flows.run_tests(self.release_name)

    @on(HistoryTable.DiffRequested)
    def _diff(self, event: HistoryTable.DiffRequested) -> None:
        self.helm_app.flows.diff_revisions(self.release_name, event.old, event.new)
