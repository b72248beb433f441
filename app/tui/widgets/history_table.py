"""A release's revisions; mark one and diff it against another."""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message
from textual.widgets import DataTable

from app.client.models import Release
from app.tui import actions
from app.tui.release_rows import format_time

HEADERS = ("", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION")


class HistoryTable(DataTable[str]):
    """Revisions newest first. ``space`` marks one; ``d`` asks to diff marked vs cursor."""

    BINDINGS = actions.bindings("history")

    class DiffRequested(Message):
        """Diff revision ``old`` against revision ``new``."""

        def __init__(self, old: int, new: int) -> None:
            super().__init__()
            self.old = old
            self.new = new

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.revisions: Sequence[Release] = ()
        self.marked: int | None = None

    def on_mount(self) -> None:
        """Start once the widgets exist."""
        for header in HEADERS:
            self.add_column(header, key=header or "mark")

    def set_revisions(self, revisions: Sequence[Release]) -> None:
        """Show ``revisions`` (newest first), keeping the cursor's revision."""
        keep = self.cursor_revision
        self.revisions = revisions
        self.clear()
        for rel in revisions:
            meta = rel.chart.metadata if rel.chart else None
            self.add_row(
                "●" if rel.revision == self.marked else "",
                str(rel.revision),
                format_time(rel.info.last_deployed),
                rel.status.name,
                meta.full_name if meta else "",
                meta.app_version if meta else "",
                rel.info.description,
                key=str(rel.revision),
            )
        if keep is not None:
            for index, rel in enumerate(revisions):
                if rel.revision == keep:
                    self.move_cursor(row=index)

    @property
    def cursor_revision(self) -> int | None:
        """The revision number under the cursor."""
        if 0 <= self.cursor_row < len(self.revisions):
            return self.revisions[self.cursor_row].revision
        return None

    @property
    def current_revision(self) -> int | None:
        """The newest revision (what is deployed, or was last tried)."""
        return self.revisions[0].revision if self.revisions else None

    def action_mark(self) -> None:
        """Mark (or unmark) the cursor's revision as the diff base."""
        revision = self.cursor_revision
        if revision is None:
            return
        self.marked = None if self.marked == revision else revision
        for rel in self.revisions:
            self.update_cell(str(rel.revision), "mark", "●" if rel.revision == self.marked else "")

    def action_diff(self) -> None:
        """Diff the marked revision (else the newest) against the cursor's."""
        target = self.cursor_revision
        base = self.marked if self.marked is not None else self.current_revision
        if target is None or base is None:
            return
        if base == target:
            self.app.notify(
                "Mark another revision with space, or move the cursor.", title="Same revision"
            )
            return
        old, new = sorted((base, target))
        self.post_message(self.DiffRequested(old, new))
