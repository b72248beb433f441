"""A scroll view of lines with a keyboard and mouse cursor (what CodeView and DiffView share)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events
from textual.reactive import reactive
from textual.scroll_view import ScrollView

from app.tui import actions


class LineCursorView(ScrollView, can_focus=True):
    """Lines drawn on demand by the subclass, and a cursor line kept on screen.

    Subclasses set ``lines``, draw them in ``render_line`` and say what a cursor move
    means in ``watch_cursor`` (calling :meth:`scroll_to_cursor` first).
    """

    BINDINGS = actions.bindings("table")

    cursor: reactive[int] = reactive(0, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lines: Sequence[Any] = ()

    def scroll_to_cursor(self, line: int) -> None:
        """Scroll just enough to show ``line``, and redraw the cursor."""
        height = max(self.size.height, 1)
        if line < self.scroll_y:
            self.scroll_to(y=line, animate=False)
        elif line >= self.scroll_y + height:
            self.scroll_to(y=line - height + 1, animate=False)
        self.refresh()

    def _move(self, delta: int) -> None:
        if self.lines:
            self.cursor = max(0, min(len(self.lines) - 1, self.cursor + delta))

    def action_cursor_up(self) -> None:
        """Up one line."""
        self._move(-1)

    def action_cursor_down(self) -> None:
        """Down one line."""
        self._move(1)

    def action_page_up(self) -> None:
        """Up one screenful."""
        self._move(-max(self.size.height - 1, 1))

    def action_page_down(self) -> None:
        """Down one screenful."""
        self._move(max(self.size.height - 1, 1))

    def action_first(self) -> None:
        """First line."""
        self._move(-len(self.lines))

    def action_last(self) -> None:
        """Last line."""
        self._move(len(self.lines))

    def on_click(self, event: events.Click) -> None:
        """Put the cursor on the clicked line."""
        line = event.y + int(self.scroll_y)
        if 0 <= line < len(self.lines):
            self.cursor = line
