"""What the interface needs from Tiller: ``TillerClient``'s methods, as a protocol.

The real ``TillerClient`` (gRPC) is created by ``app.cli`` and handed in; tests hand in a
fake with the same methods returning canned dataclasses. Keeping this a protocol is what
lets ``app.tui`` stay free of ``grpc``/``hapi`` imports. It extends ``app.ops``'s
``TillerAPI`` (the write calls), so the same object is passed straight to the shared
operations.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from app.client.listing import ListQuery
from app.client.models import ReleasePage, VersionInfo
from app.client.settings import DEFAULT_TILLER_NAMESPACE
from app.ops.tiller_api import TillerAPI


class TillerBackend(TillerAPI, Protocol):
    """``TillerAPI`` plus the calls only the interface makes."""

    async def version(self, *, timeout: float | None = None) -> VersionInfo:
        """Tiller's version."""
        ...

    def list_releases(
        self,
        query: ListQuery | None = None,
        *,
        limit: int = ...,
        offset: str = "",
        timeout: float | None = None,
    ) -> AsyncIterator[ReleasePage]:
        """Every page of releases."""
        ...

    async def close(self) -> None:
        """Release the connection."""
        ...


@dataclass(frozen=True)
class ConnectionInfo:
    """What the status bar says about where we are connected.

    Attributes:
        host: Tiller's ``host:port``.
        kube_context: the kubeconfig context in use ("" when unknown).
        tls: whether TLS is on (and verified).
        tiller_namespace: where Tiller keeps its releases.
        helm_home: ``--home`` as given ("" for ``$HELM_HOME`` or ``~/.helm``).
    """

    host: str
    kube_context: str = ""
    tls: str = ""
    tiller_namespace: str = DEFAULT_TILLER_NAMESPACE
    helm_home: str = ""
