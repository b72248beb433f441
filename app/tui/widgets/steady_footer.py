"""A footer that rebuilds its keys only when what it shows changes.

Textual's ``Footer`` recomposes (new key widgets, styles applied to each) on every
bindings signal: focus moves, screen stack changes, ``refresh_bindings`` calls. Opening
a screen sends several at once, all for the same keys, and each rebuild costs the UI
thread milliseconds that a diff computing in a worker thread is waiting for (they share
the GIL). This footer coalesces the signals into one pending rebuild and skips it when
the keys, labels and enabled states are those already shown.

It overrides ``Footer.bindings_changed`` and reads the private ``_bindings_ready``
flag, as the pinned Textual version (see the snapshot tests) defines them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


class SteadyFooter(Footer):
    """``Footer`` without redundant rebuilds."""

    def __init__(self, *children: Widget, **options: Any) -> None:
        super().__init__(*children, **options)
        # Footer composes nothing until the first bindings signal, then rebuilds; the
        # screen's bindings are known when the footer mounts, so compose them at once
        # (the signals that follow find the same keys and rebuild nothing).
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[object, ...] | None = None
        self._rebuild_pending = False

    def _keys_shown(self) -> tuple[object, ...]:
        """What the composed keys depend on."""
        return (
            self.show_command_palette,
            tuple(
                (binding.key, self.app.get_key_display(binding), binding.description,
                 binding.action, binding.group, enabled, tooltip)
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show
            ),
        )  # fmt: skip

    def compose(self) -> Iterable[Widget]:
        """Footer's keys; remembers what they show."""
        self._shown = self._keys_shown() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Schedule one rebuild for any number of signals before it runs."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()
