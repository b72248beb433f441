"""The seam between screens and ``app.ops``: every flow that changes a release starts here.

Screens call ``Flows`` methods; ``Flows`` runs the shared use-cases in ``app.ops`` (the same
ones script mode runs, never a second implementation) and pushes the preview/confirm
screens. Until a use-case exists in ``app.ops``, its flow tells the user so instead of
guessing.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.tui.app import HelmTuiApp


def ops_available(module: str) -> bool:
    """Whether ``app.ops.<module>`` is importable (it lands separately)."""
    try:
        return importlib.util.find_spec(f"app.ops.{module}") is not None
    except ModuleNotFoundError:
        return False


class Flows:
    """Write flows (rollback, upgrade, uninstall, tests, install), started from any screen."""

    def __init__(self, app: HelmTuiApp) -> None:
        self.app = app

    def _unavailable(self, what: str) -> None:
        self.app.notify(
            f"{what} is not available in this build yet (it needs app.ops).",
            title="Not available",
            severity="warning",
        )

    def undo_upgrade(self, name: str) -> None:
        """Roll ``name`` back to the revision before its latest, with a diff preview."""
        self._unavailable("Undo upgrade")

    def rollback(self, name: str, revision: int) -> None:
        """Roll ``name`` back to ``revision``, with a diff preview and a confirm."""
        self._unavailable("Rollback")

    def diff_revisions(self, name: str, old: int, new: int) -> None:
        """Show the manifest and values diff between two revisions of ``name``."""
        self._unavailable(f"Diffing revisions {old} and {new}")

    def edit_values(self, name: str) -> None:
        """Open the side-by-side values editor for an upgrade."""
        self._unavailable("Editing values")

    def uninstall(self, name: str, namespace: str) -> None:
        """Uninstall ``name`` after the user types its name."""
        self._unavailable("Uninstall")

    def run_tests(self, name: str) -> None:
        """Run ``name``'s tests, streaming the results."""
        self._unavailable("Running tests")

    def browse_repositories(self) -> None:
        """Open the repository browser (then the install wizard)."""
        self._unavailable("The repository browser")
