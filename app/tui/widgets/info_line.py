"""A one-line text widget that repaints without a layout pass.

``Static.update`` always asks for a layout refresh (its size could change); on the release
list that reflowed the whole screen on every filter keystroke. A fixed one-line bar never
changes size, so a repaint is enough.
"""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class InfoLine(Widget):
    """One line of text; set ``text`` to change it."""

    DEFAULT_CSS = """
    InfoLine {
        height: 1;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def render(self) -> str:
        """The current text."""
        return self.text
