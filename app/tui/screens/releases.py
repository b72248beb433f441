"""The release list: incremental loading, fuzzy filter, status/namespace filters, sorting."""

from __future__ import annotations

import gc
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Footer, Input

from app.client.listing import ALL_STATUSES, ListQuery
from app.client.models import ReleaseStatus
from app.tui import actions
from app.tui.messages import ReleasesPage
from app.tui.release_rows import (
    DEFAULT_GROUPS,
    SORT_COLUMNS,
    ReleaseRow,
    ReleaseSet,
    ReleaseView,
    ViewSpec,
)
from app.tui.screens.base import HelmScreen
from app.tui.widgets.filter_input import FilterInput
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.release_table import ReleaseTable
from app.tui.widgets.status_bar import StatusBar

GROUP_LABELS = ("deployed", "failed", "pending", "deleted", "superseded")


class ReleasesScreen(HelmScreen[None]):
    """Every release Tiller knows, as ``helm list --all`` (and optionally superseded ones)."""

    SCOPE = "releases"
    BINDINGS = actions.bindings("releases")
    HELP_SCOPES = ("releases", "table")

    def __init__(self) -> None:
        super().__init__()
        self.releases = ReleaseSet()
        self.view = ReleaseView(self.releases)
        self.spec = ViewSpec()
        self.is_loading = False
        self.loaded_pages = 0
        self.total = 0
        self._superseded_loaded = False
        self._measured_version = -1

    def compose(self) -> ComposeResult:
        """Lay out the widgets."""
        yield InfoLine(id="releases-summary", classes="screen-title")
        yield FilterInput(
            self._filter_changed,
            placeholder="/  filter releases by name (fuzzy)",
            id="releases-filter",
        )
        yield ReleaseTable(id="releases-table")
        yield StatusBar()
        yield Footer()

    @property
    def table(self) -> ReleaseTable:
        """The release table."""
        return self.query_one(ReleaseTable)

    def on_mount(self) -> None:
        """Start once the widgets exist."""
        self.table.focus()
        self.action_refresh()

    # -- loading

    def _query(self) -> ListQuery:
        statuses = ALL_STATUSES
        if "superseded" in self.spec.groups:
            statuses = (*ALL_STATUSES, ReleaseStatus.SUPERSEDED)
        return ListQuery(statuses=statuses)

    def action_refresh(self) -> None:
        """Reload from Tiller; rows update in place, so cursor and filters survive."""
        self.releases.begin()
        self.is_loading, self.loaded_pages = True, 0
        self._superseded_loaded = "superseded" in self.spec.groups
        self._update_summary()
        self.load(self._query())

    @work(exclusive=True, group="releases", exit_on_error=False, description="loading releases")
    async def load(self, query: ListQuery) -> None:
        """Stream ListReleases pages to the screen as they arrive."""
        backend, size = self.helm_app.backend, self.helm_app.config.page_size
        async for page in backend.list_releases(query, limit=size):
            self.post_message(ReleasesPage(page.releases, page.total, done=not page.next))

    def on_releases_page(self, message: ReleasesPage) -> None:
        """Merge a page of releases and redraw."""
        self.releases.add(message.releases)
        self.loaded_pages += 1
        self.total = message.total
        if message.done:
            self.releases.finish()
            self.is_loading = False
            # Tens of thousands of long-lived row objects make every full GC pass walk
            # them (~150 ms at 10,000 releases, felt as a stuck keystroke). Rows hold no
            # cycles, so moving what exists now out of the collector's sight is safe:
            # replaced rows are still freed by reference counting.
            gc.freeze()
        self._show()

    def on_failed(self) -> None:
        """Stop showing 'loading' for what failed (the app explains the error)."""
        # The app explains the failure; here the table only stops saying "Loading".
        self.is_loading = False
        self.table.empty_text = "Could not load releases. Press r to retry."
        self._show()

    # -- view

    def _show(self) -> None:
        table = self.table
        if self._measured_version != self.releases.version:
            table.measure(self.releases.rows())
            self._measured_version = self.releases.version
        rows = self.view.apply(self.spec)
        table.sort_column, table.descending = self.spec.sort, self.spec.descending
        if self.is_loading and not len(self.releases):
            table.empty_text = "Loading releases…"
        elif not self.spec.groups:
            table.empty_text = "No status selected: press 1-5 to pick some, 0 for all."
        elif not len(self.releases):
            table.empty_text = "No releases yet. Press p to browse charts and install one."
        elif not rows:
            table.empty_text = "No release matches the filters (esc clears them)."
        table.set_rows(rows, query=self.spec.query)
        self._update_summary(len(rows))

    def _update_summary(self, shown: int | None = None) -> None:
        known = len(self.releases.rows()) if shown is not None else 0
        parts = [f"Releases {shown if shown is not None else 0:,} of {known:,}"]
        if self.is_loading:
            parts.append(f"loading {len(self.releases):,}/{self.total or '?'}…")
        parts.append(f"sort {self.spec.sort}{' ▼' if self.spec.descending else ' ▲'}")
        parts.append(f"ns {self.spec.namespace or 'all'}")
        parts.append(
            "status " + (" ".join(g for g in GROUP_LABELS if g in self.spec.groups) or "none")
        )
        self.query_one("#releases-summary", InfoLine).text = "  ·  ".join(parts)

    def _respec(self, **changes: object) -> None:
        self.spec = replace(self.spec, **changes)  # type: ignore[arg-type]
        self._show()

    def _filter_changed(self, value: str) -> None:
        if value != self.spec.query:
            self._respec(query=value)

    @on(Input.Submitted, "#releases-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @on(ReleaseTable.Opened)
    def _opened(self, event: ReleaseTable.Opened) -> None:
        self._open(event.row, tab="status")

    # -- actions

    def _open(self, row: ReleaseRow, tab: str) -> None:
        from app.tui.screens.release import ReleaseScreen

        revision = row.revision if row.status is ReleaseStatus.SUPERSEDED else 0
        self.app.push_screen(ReleaseScreen(row.name, revision, tab=tab))

    def action_open_release(self) -> None:
        """Open the release under the cursor."""
        if (row := self.table.current_row) is not None:
            self._open(row, tab="status")

    def action_open_history(self) -> None:
        """Open the release under the cursor on its History tab."""
        if (row := self.table.current_row) is not None:
            self._open(row, tab="history")

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one("#releases-filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Clear the name filter; when already empty, clear every filter."""
        box = self.query_one("#releases-filter", Input)
        if box.value:
            box.value = ""  # FilterInput calls _filter_changed, which re-applies the view
        else:
            self._respec(groups=DEFAULT_GROUPS, namespace="")
        self.table.focus()

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        at = SORT_COLUMNS.index(self.spec.sort)
        self._respec(sort=SORT_COLUMNS[(at + 1) % len(SORT_COLUMNS)])

    def action_reverse_sort(self) -> None:
        """Flip the sort order."""
        self._respec(descending=not self.spec.descending)

    def action_toggle_status(self, group: str) -> None:
        """Show or hide one status group."""
        self._respec(groups=self.spec.groups ^ {group})
        if group == "superseded" and group in self.spec.groups and not self._superseded_loaded:
            self.action_refresh()  # Tiller only sends SUPERSEDED revisions when asked

    def action_all_statuses(self) -> None:
        """Back to every status except superseded."""
        self._respec(groups=DEFAULT_GROUPS)

    def action_pick_namespace(self) -> None:
        """Choose one namespace to show (or all)."""
        from app.tui.screens.pickers import NamespacePicker

        def chosen(namespace: str | None) -> None:
            if namespace is not None:
                self._respec(namespace=namespace)

        self.app.push_screen(
            NamespacePicker(self.releases.namespaces(), self.spec.namespace), chosen
        )

    def action_undo_upgrade(self) -> None:
        """Roll the release under the cursor back one revision (with preview)."""
        if (row := self.table.current_row) is not None:
            self.helm_app.flows.undo_upgrade(row.name)

    def action_uninstall(self) -> None:
        """Uninstall the release under the cursor, after typing its name."""
        if (row := self.table.current_row) is not None:
            self.helm_app.flows.uninstall(row.name, row.namespace)

    def action_run_tests(self) -> None:
        """Run the release's tests and stream the results."""
        if (row := self.table.current_row) is not None:
            self.helm_app.flows.run_tests(row.name)

    def action_open_repos(self) -> None:
        """Browse chart repositories (then install)."""
        self.helm_app.flows.browse_repositories()
