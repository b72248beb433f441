"""The seam between screens and ``app.ops``: every flow that changes a release starts here.

Screens call ``Flows`` methods; ``Flows`` runs the shared use-cases in ``app.ops`` (the same
ones script mode runs, never a second implementation) through the preview/confirm/progress
screens, and refreshes the release views when something changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.tui.previews import Preview, RevisionsPreview, RollbackPreview

if TYPE_CHECKING:
    from app.tui.app import HelmTuiApp


class Flows:
    """Write flows (rollback, upgrade, uninstall, tests, install), started from any screen."""

    def __init__(self, app: HelmTuiApp) -> None:
        self.app = app

    def _refresh_all(self, changed: bool | None) -> None:
        """After a change, reload every screen that shows releases."""
        if not changed:
            return
        for screen in self.app.screen_stack:
            refresh = getattr(screen, "action_refresh", None)
            if callable(refresh):
                refresh()

    def _preview(self, preview: Preview) -> None:
        self.preview(preview, self._refresh_all)

    def preview(self, preview: Preview, done: Callable[[bool | None], None]) -> None:
        """Show ``preview``'s diff; ``done(applied)`` runs when the diff screen closes."""
        from app.tui.screens.diff import DiffScreen

        self.app.push_screen(DiffScreen(preview), done)

    def undo_upgrade(self, name: str) -> None:
        """Roll ``name`` back to the revision before its latest, with a diff preview."""
        self._preview(RollbackPreview(name=name))

    def rollback(self, name: str, revision: int) -> None:
        """Roll ``name`` back to ``revision``, with a diff preview and a confirm."""
        self._preview(RollbackPreview(name=name, revision=revision))

    def diff_revisions(self, name: str, old: int, new: int) -> None:
        """Show the manifest diff between two revisions of ``name``."""
        self._preview(RevisionsPreview(name=name, old=old, new=new))

    def edit_values(self, name: str) -> None:
        """Open the side-by-side values editor for an upgrade."""
        from app.tui.screens.values_editor import ValuesEditorScreen

        self.app.push_screen(ValuesEditorScreen(name), self._refresh_all)

    def uninstall(self, name: str, namespace: str) -> None:
        """Uninstall ``name`` after the user types its name."""
        from app.tui.screens.confirm import TypeNameScreen
        from app.tui.screens.operation import UninstallScreen

        def answered(result: tuple[bool, bool] | None) -> None:
            if result and result[0]:
                self.app.push_screen(UninstallScreen(name, purge=result[1]), self._refresh_all)

        self.app.push_screen(TypeNameScreen(name, namespace), answered)

    def run_tests(self, name: str) -> None:
        """Run ``name``'s tests, streaming the results."""
        from app.tui.screens.operation import TestRunScreen

        self.app.push_screen(TestRunScreen(name), self._refresh_all)

    def browse_repositories(self) -> None:
        """Open the repository browser (then the install wizard)."""
        from app.tui.screens.repos import RepositoriesScreen

        self.app.push_screen(RepositoriesScreen(), self._refresh_all)
