"""``TillerClient``: the app's only way to call Tiller.

One client holds one channel (opened on first use, in the running event loop) and reuses it
for every call, unlike Helm's connection per call: the TUI makes many small calls.

Read calls live here. Write calls (install, upgrade, rollback, uninstall, test) are
inherited from ``app.client.writes``: same shape, built with ``outgoing``, run through
``_call`` (so errors get mapped the same way) with a deadline derived from the
request's own Tiller-side ``timeout``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar, cast

import grpc
from hapi.services import tiller_pb2, tiller_pb2_grpc

from app.client import convert
from app.client._rpc_errors import map_rpc_error
from app.client.channel import open_channel, wait_connected
from app.client.errors import TillerError
from app.client.listing import ListQuery
from app.client.models import Release, ReleasePage, StatusReport, VersionInfo
from app.client.settings import ConnectionSettings
from app.client.writes import WriteCalls

if TYPE_CHECKING:
    Stub = tiller_pb2_grpc.ReleaseServiceAsyncStub

T = TypeVar("T")

API_VERSION_HEADER = "x-helm-api-client"
DEFAULT_PAGE_SIZE = 256  # helm list --max default
DEFAULT_HISTORY_MAX = 256  # helm history --max default


class TillerClient(WriteCalls):
    """Async client for Tiller's ``hapi.services.tiller.ReleaseService``.

    Use as ``async with TillerClient(settings) as tiller: ...``, or call ``close()``.
    Every method raises a subclass of ``app.client.errors.TillerError`` on failure.
    A client belongs to the event loop it is first used in (gRPC channels do).
    """

    def __init__(self, settings: ConnectionSettings | None = None) -> None:
        self._settings = settings or ConnectionSettings()
        self._metadata = ((API_VERSION_HEADER, self._settings.client_version),)
        self._channel: grpc.aio.Channel | None = None
        self._stub: Stub | None = None
        self._opening = asyncio.Lock()

    @property
    def settings(self) -> ConnectionSettings:
        """The settings this client connects with."""
        return self._settings

    async def __aenter__(self) -> TillerClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection; the client can be used again afterwards (it reconnects)."""
        channel, self._channel, self._stub = self._channel, None, None
        if channel is not None:
            await channel.close(grace=None)

    async def version(self, *, timeout: float | None = None) -> VersionInfo:
        """Return Tiller's version (GetVersion, which Tiller answers for any client version)."""
        response = await self._call(
            "GetVersion",
            lambda stub, deadline: stub.GetVersion(
                tiller_pb2.GetVersionRequest(), timeout=deadline, metadata=self._metadata
            ),
            timeout=timeout,
        )
        return convert.version(response.Version)

    async def list_page(
        self,
        query: ListQuery | None = None,
        *,
        limit: int = DEFAULT_PAGE_SIZE,
        offset: str = "",
        timeout: float | None = None,
    ) -> ReleasePage:
        """Fetch one page of releases: what ``helm list`` shows.

        Args:
            query: which releases, in what order; the default is ``helm list``'s.
            limit: at most this many releases (0: Tiller's default, 512).
            offset: start at the release with this name (a previous page's ``next``).
            timeout: deadline in seconds for the whole stream; default ``read_timeout``.
        """
        request = convert.list_request(query or ListQuery(), limit=limit, offset=offset)

        async def fetch(stub: Stub, deadline: float) -> ReleasePage:
            call = stub.ListReleases(request, timeout=deadline, metadata=self._metadata)
            return convert.release_page([chunk async for chunk in call])

        return await self._call("ListReleases", fetch, timeout=timeout)

    async def list_releases(
        self,
        query: ListQuery | None = None,
        *,
        limit: int = DEFAULT_PAGE_SIZE,
        offset: str = "",
        timeout: float | None = None,
    ) -> AsyncIterator[ReleasePage]:
        """Yield every page of releases, following ``next`` until the last page.

        Arguments as for ``list_page``; ``limit`` is the page size and ``timeout`` applies
        to each page.
        """
        while True:
            page = await self.list_page(query, limit=limit, offset=offset, timeout=timeout)
            yield page
            if not page.next:
                return
            if page.next == offset:
                raise TillerError(
                    f"Tiller returned the page starting at {offset!r} again; stopping "
                    "rather than looping. Is this a Helm v2 Tiller?"
                )
            offset = page.next

    async def release_status(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> StatusReport:
        """Return a release's status, live resources and notes (``helm status``).

        Args:
            name: the release name.
            revision: a revision number; 0 means the latest.
            timeout: deadline in seconds; default ``read_timeout``.
        """
        response = await self._call(
            "GetReleaseStatus",
            lambda stub, deadline: stub.GetReleaseStatus(
                tiller_pb2.GetReleaseStatusRequest(name=name, version=revision),
                timeout=deadline,
                metadata=self._metadata,
            ),
            release=name,
            timeout=timeout,
        )
        return convert.status_report(response)

    async def release_content(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> Release:
        """Return a release revision in full: chart, values, manifest, hooks (``helm get``).

        Args:
            name: the release name.
            revision: a revision number; 0 means the latest.
            timeout: deadline in seconds; default ``read_timeout``.
        """
        response = await self._call(
            "GetReleaseContent",
            lambda stub, deadline: stub.GetReleaseContent(
                tiller_pb2.GetReleaseContentRequest(name=name, version=revision),
                timeout=deadline,
                metadata=self._metadata,
            ),
            release=name,
            timeout=timeout,
        )
        if not response.HasField("release"):
            raise TillerError(f"Tiller answered GetReleaseContent for {name!r} without a release.")
        return convert.release(response.release)

    async def history(
        self, name: str, max: int = DEFAULT_HISTORY_MAX, *, timeout: float | None = None
    ) -> tuple[Release, ...]:
        """Return a release's revisions, newest first (``helm history``).

        Args:
            name: the release name.
            max: at most this many revisions (0 returns none, as Tiller does).
            timeout: deadline in seconds; default ``read_timeout``.
        """
        response = await self._call(
            "GetHistory",
            lambda stub, deadline: stub.GetHistory(
                tiller_pb2.GetHistoryRequest(name=name, max=max),
                timeout=deadline,
                metadata=self._metadata,
            ),
            release=name,
            timeout=timeout,
        )
        return tuple(convert.release(r) for r in response.releases)

    async def _stub_ready(self) -> Stub:
        async with self._opening:
            if self._channel is None or self._stub is None:
                self._channel = await open_channel(self._settings)
                self._stub = cast("Stub", tiller_pb2_grpc.ReleaseServiceStub(self._channel))
            channel, stub = self._channel, self._stub
        await wait_connected(channel, self._settings)
        return stub

    async def _call(
        self,
        method: str,
        invoke: Callable[[Stub, float], Awaitable[T]],
        *,
        release: str | None = None,
        timeout: float | None = None,
    ) -> T:
        """Run one RPC with a deadline, mapping gRPC failures to typed errors."""
        deadline = timeout if timeout is not None else self._settings.read_timeout
        stub = await self._stub_ready()
        try:
            return await invoke(stub, deadline)
        except grpc.aio.AioRpcError as err:
            if err.code() == grpc.StatusCode.UNAVAILABLE:
                # Start the next call on a fresh channel: this one would sit out gRPC's
                # reconnect backoff (up to 2 min) even once Tiller is back.
                await self.close()
            raise map_rpc_error(
                err, self._settings, method, release=release, timeout=deadline
            ) from err
