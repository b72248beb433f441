"""The Kubernetes operations Tiller needs, behind a small Protocol (fakes in unit tests)."""

from __future__ import annotations

from typing import Protocol


class KubeClient(Protocol):
    """What the release use-cases ask of Kubernetes."""

    def resources_table(self, namespace: str, manifest: str) -> str:
        """The kubectl-style status text of the objects in ``manifest``.

        Raises:
            TillerError: if the objects cannot be looked up.
        """
        ...
