"""A virtual release table: renders only the visible lines, so 10,000 rows cost nothing.

Textual's ``DataTable`` builds a renderable per cell up front; re-filtering 10,000 rows on
every keystroke that way takes seconds. This widget keeps a plain list of rows and draws
the ~40 visible ones on demand (Line API), with the header pinned on the first line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from app.tui import actions
from app.tui.release_rows import ReleaseRow, fuzzy_positions


@dataclass(frozen=True)
class Column:
    """A table column; lower ``priority`` columns are dropped first when space runs out."""

    title: str
    sort: str
    cell: Callable[[ReleaseRow], str]
    priority: int
    cap: int
    right: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("NAME", "name", lambda r: r.name, 100, 40),
    Column("REVISION", "revision", lambda r: str(r.revision), 60, 8, right=True),
    Column("UPDATED", "updated", lambda r: r.updated, 50, 19),
    Column("STATUS", "status", lambda r: r.status.name, 90, 16),
    Column("CHART", "chart", lambda r: r.chart, 70, 36),
    Column("APP VERSION", "app_version", lambda r: r.app_version, 40, 14),
    Column("NAMESPACE", "namespace", lambda r: r.namespace, 80, 24),
)
GAP = 2


class ReleaseTable(ScrollView, can_focus=True):
    """The release list. Post ``Opened`` on enter/double-click, ``CursorMoved`` on moves."""

    BINDINGS = actions.bindings("table")
    COMPONENT_CLASSES = {
        "release-table--header",
        "release-table--cursor",
        "release-table--match",
        "release-table--empty",
        "release-table--deployed",
        "release-table--failed",
        "release-table--pending",
        "release-table--deleted",
        "release-table--superseded",
    }

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Opened(Message):
        """The user opened a row (enter or double click)."""

        def __init__(self, row: ReleaseRow) -> None:
            super().__init__()
            self.row = row

    class CursorMoved(Message):
        """The cursor is on a different row."""

        def __init__(self, row: ReleaseRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[ReleaseRow] = ()
        self.filter_text = ""  # not "query": that is DOMNode.query
        self.sort_column = "name"
        self.descending = False
        self.empty_text = "Loading releases…"
        self._widths: dict[str, int] = {c.sort: len(c.title) + 2 for c in COLUMNS}

    # -- data

    def measure(self, rows: Sequence[ReleaseRow]) -> None:
        """Size the columns for ``rows`` (all loaded rows, so filtering never reflows)."""
        for column in COLUMNS:
            longest = max((len(column.cell(r)) for r in rows), default=0)
            self._widths[column.sort] = min(column.cap, max(len(column.title) + 2, longest))

    def set_rows(self, rows: Sequence[ReleaseRow], *, query: str = "") -> None:
        """Show ``rows``; the cursor stays on the same release when it is still there."""
        current = self.current_row
        self.rows, self.filter_text = rows, query
        index = 0
        if current is not None:
            # Identity lookup first (cheap); rows are rebuilt only on reload.
            for i, row in enumerate(rows):
                if row.key == current.key:
                    index = i
                    break
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = min(index, max(len(rows) - 1, 0))
        self.refresh()

    @property
    def current_row(self) -> ReleaseRow | None:
        """The row under the cursor, if any."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # -- cursor

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor on screen and tell the screen which row it is on."""
        body = max(self.size.height - 1, 1)
        if new < self.scroll_y:
            self.scroll_to(y=new, animate=False)
        elif new >= self.scroll_y + body:
            self.scroll_to(y=new - body + 1, animate=False)
        self.refresh()
        if old != new or not self.rows:
            self.post_message(self.CursorMoved(self.current_row))

    def _move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self._move(-1)

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self._move(1)

    def action_page_up(self) -> None:
        """Move up one screenful."""
        self._move(-max(self.size.height - 2, 1))

    def action_page_down(self) -> None:
        """Move down one screenful."""
        self._move(max(self.size.height - 2, 1))

    def action_first(self) -> None:
        """Go to the first row."""
        self._move(-len(self.rows))

    def action_last(self) -> None:
        """Go to the last row."""
        self._move(len(self.rows))

    def action_select(self) -> None:
        """Open the row under the cursor."""
        if (row := self.current_row) is not None:
            self.post_message(self.Opened(row))

    def on_click(self, event: events.Click) -> None:
        """Click selects a row; double click opens it."""
        line = event.y - 1 + int(self.scroll_y)
        if event.y >= 1 and 0 <= line < len(self.rows):
            self.cursor = line
            if event.chain >= 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width in step with the widget."""
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    # -- drawing

    def visible_columns(self, width: int) -> list[Column]:
        """Columns that fit in ``width``, dropping the least important first."""
        chosen = list(COLUMNS)
        while len(chosen) > 1:
            total = sum(self._widths[c.sort] for c in chosen) + GAP * (len(chosen) - 1)
            if total <= width:
                break
            chosen.remove(min(chosen, key=lambda c: c.priority))
        return chosen

    def _cells(self, columns: list[Column], width: int) -> list[tuple[Column, int]]:
        used = sum(self._widths[c.sort] for c in columns) + GAP * (len(columns) - 1)
        cells = [(c, self._widths[c.sort]) for c in columns]
        # The name column absorbs any shortage, so nothing else gets cut mid-word.
        if used > width and cells:
            cells[0] = (cells[0][0], max(4, cells[0][1] - (used - width)))
        return cells

    @staticmethod
    def _fit(text: str, width: int, right: bool) -> str:
        if len(text) > width:
            return text[: max(width - 1, 0)] + "…"
        return text.rjust(width) if right else text.ljust(width)

    def _header(self, cells: list[tuple[Column, int]], width: int) -> Strip:
        style = self.get_component_rich_style("release-table--header")
        parts = []
        for column, w in cells:
            title = column.title
            if column.sort == self.sort_column:
                title += " ▼" if self.descending else " ▲"
            parts.append(self._fit(title, w, column.right))
        text = (" " * GAP).join(parts)
        return Strip([Segment(text.ljust(width)[:width], style)], width)

    def _row(
        self, row: ReleaseRow, cells: list[tuple[Column, int]], width: int, cursor: bool
    ) -> Strip:
        base = self.rich_style
        if cursor:
            base = base + self.get_component_rich_style("release-table--cursor")
        status = self.get_component_rich_style(f"release-table--{row.group}", partial=True)
        match = self.get_component_rich_style("release-table--match", partial=True)
        segments: list[Segment] = []
        for i, (column, w) in enumerate(cells):
            if i:
                segments.append(Segment(" " * GAP, base))
            text = self._fit(column.cell(row), w, column.right)
            if column.sort == "name" and self.filter_text:
                marked = fuzzy_positions(self.filter_text, row.name)
                segments.extend(_highlighted(text, marked, base, match))
            elif column.sort == "status":
                segments.append(Segment(text, base + status))
            else:
                segments.append(Segment(text, base))
        used = sum(len(s.text) for s in segments)
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments).crop(0, width)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the pinned header; the rest are rows from the scroll position."""
        width = self.size.width
        cells = self._cells(self.visible_columns(width), width)
        if y == 0:
            return self._header(cells, width)
        index = int(self.scroll_y) + y - 1
        if not self.rows:
            if y == 2:
                style = self.get_component_rich_style("release-table--empty")
                return Strip([Segment(self.empty_text.center(width)[:width], style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row(self.rows[index], cells, width, index == self.cursor)


def _highlighted(text: str, positions: list[int], base: Style, match: Style) -> list[Segment]:
    """Split ``text`` into segments, styling the fuzzy-matched characters."""
    if not positions:
        return [Segment(text, base)]
    marked = set(positions)
    segments: list[Segment] = []
    run, run_marked = "", False
    for i, ch in enumerate(text):
        is_marked = i in marked
        if run and is_marked != run_marked:
            segments.append(Segment(run, base + match if run_marked else base))
            run = ""
        run, run_marked = run + ch, is_marked
    if run:
        segments.append(Segment(run, base + match if run_marked else base))
    return segments
