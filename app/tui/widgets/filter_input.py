"""The filter box: applies the filter in the same frame as the keystroke.

With ``Input.Changed`` the new text is drawn in one frame and the filtered table in the
next (the message takes a trip through the queue), doubling the keystroke's latency. Here
the screen's callback runs inside the value watcher, so both land in one frame.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input


class FilterInput(Input):
    """An ``Input`` that calls ``on_filter(text)`` synchronously on every change."""

    def __init__(
        self, on_filter: Callable[[str], None], *, placeholder: str, id: str | None = None
    ) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self._on_filter = on_filter

    def watch_value(self, value: str) -> None:
        """Filter now, not after a message round trip."""
        self._on_filter(value)
