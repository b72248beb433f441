"""The write calls of ``TillerClient``: install, upgrade, rollback, uninstall, test.

Kept apart from the read calls (``client.py``) to keep both files small; ``TillerClient``
inherits them. Every call goes through the same ``_call`` (so failures become the same
typed errors) with a deadline derived from the request's Tiller-side ``timeout``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import grpc
from hapi.services import tiller_pb2

from app.client import convert, outgoing
from app.client._rpc_errors import map_rpc_error
from app.client.errors import TillerError
from app.client.models import Release, TestRunStatus
from app.client.requests import (
    InstallRequest,
    RollbackRequest,
    TestMessage,
    TestRequest,
    UninstallRequest,
    UninstallResult,
    UpgradeRequest,
)
from app.client.settings import ConnectionSettings

if TYPE_CHECKING:
    from hapi.services import tiller_pb2_grpc

    Stub = tiller_pb2_grpc.ReleaseServiceAsyncStub

T = TypeVar("T")

# Tiller's timeout bounds each Kubernetes operation (every hook, the --wait), not the
# whole call: an install may run pre-install hooks, wait, then run post-install hooks.
# The call's deadline allows three such operations on top of the read allowance.
OPERATIONS_PER_CALL = 3


class WriteCalls:
    """Mixin with the write RPCs; ``TillerClient`` provides the plumbing it declares."""

    _settings: ConnectionSettings
    _metadata: tuple[tuple[str, str], ...]

    async def _call(
        self,
        method: str,
        invoke: Callable[[Stub, float], Awaitable[T]],
        *,
        release: str | None = None,
        timeout: float | None = None,
    ) -> T:
        raise NotImplementedError  # TillerClient's

    async def _stub_ready(self) -> Stub:
        raise NotImplementedError  # TillerClient's

    async def close(self) -> None:
        """Close the connection (``TillerClient``'s)."""
        raise NotImplementedError

    def write_deadline(self, timeout: int) -> float:
        """The gRPC deadline (seconds) for a write call whose Tiller ``timeout`` is given."""
        return self._settings.read_timeout + OPERATIONS_PER_CALL * max(timeout, 0)

    async def install(
        self,
        request: InstallRequest,
        *,
        warn: outgoing.Warn | None = None,
        deadline: float | None = None,
    ) -> Release:
        """Install a chart (InstallRelease) and return the new release.

        The chart's requirements are processed first, as Helm's client does.

        Args:
            request: what to install and how.
            warn: receives warnings from requirements processing (default: logged).
            deadline: gRPC deadline in seconds; default ``write_deadline(request.timeout)``.

        Raises:
            ReleaseExistsError: the name is taken.
            ChartPreparationError: the chart's requirements could not be processed.
            TillerError: any other failure, with Tiller's text.
        """
        chart = outgoing.prepare_chart(request.chart, request.values, warn)
        message = outgoing.install_request(request, chart)
        response = await self._call(
            "InstallRelease",
            lambda stub, limit: stub.InstallRelease(
                message, timeout=limit, metadata=self._metadata
            ),
            release=request.name or None,
            timeout=deadline or self.write_deadline(request.timeout),
        )
        return _release_of(response, "InstallRelease")

    async def upgrade(
        self,
        request: UpgradeRequest,
        *,
        warn: outgoing.Warn | None = None,
        deadline: float | None = None,
    ) -> Release:
        """Upgrade a release to a chart (UpdateRelease) and return the new revision.

        Raises:
            NoDeployedReleasesError: the release has no DEPLOYED revision.
            OperationInProgressError: another operation on the release is pending.
            ReleaseNotFoundError: no such release.
            TillerError: any other failure, with Tiller's text.
        """
        chart = outgoing.prepare_chart(request.chart, request.values, warn)
        message = outgoing.update_request(request, chart)
        response = await self._call(
            "UpdateRelease",
            lambda stub, limit: stub.UpdateRelease(message, timeout=limit, metadata=self._metadata),
            release=request.name,
            timeout=deadline or self.write_deadline(request.timeout),
        )
        return _release_of(response, "UpdateRelease")

    async def rollback(self, request: RollbackRequest, *, deadline: float | None = None) -> Release:
        """Roll a release back to an earlier revision (RollbackRelease).

        Returns the new revision (a copy of the target one).

        Raises:
            ReleaseNotFoundError: no such release or revision.
            TillerError: any other failure, with Tiller's text.
        """
        message = outgoing.rollback_request(request)
        response = await self._call(
            "RollbackRelease",
            lambda stub, limit: stub.RollbackRelease(
                message, timeout=limit, metadata=self._metadata
            ),
            release=request.name,
            timeout=deadline or self.write_deadline(request.timeout),
        )
        return _release_of(response, "RollbackRelease")

    async def uninstall(
        self, request: UninstallRequest, *, deadline: float | None = None
    ) -> UninstallResult:
        """Delete a release (UninstallRelease), keeping its history unless ``purge``.

        Raises:
            ReleaseNotFoundError: no such release.
            TillerError: any other failure (e.g. already deleted), with Tiller's text.
        """
        message = outgoing.uninstall_request(request)
        response = await self._call(
            "UninstallRelease",
            lambda stub, limit: stub.UninstallRelease(
                message, timeout=limit, metadata=self._metadata
            ),
            release=request.name,
            timeout=deadline or self.write_deadline(request.timeout),
        )
        rel = convert.release(response.release) if response.HasField("release") else None
        return UninstallResult(rel, response.info)

    async def run_tests(
        self, request: TestRequest, *, deadline: float | None = None
    ) -> AsyncIterator[TestMessage]:
        """Run a release's tests (RunReleaseTest), yielding Tiller's messages as they come.

        The deadline covers the whole stream; by default it allows every test pod its
        ``timeout`` when run one after another (at most 20 are assumed).

        Raises:
            ReleaseNotFoundError: no such release.
            TillerError: any other failure, with Tiller's text.
        """
        message = outgoing.test_request(request)
        limit = deadline or self._settings.read_timeout + 20 * max(request.timeout, 0)
        stub = await self._stub_ready()
        call = stub.RunReleaseTest(message, timeout=limit, metadata=self._metadata)
        try:
            async for item in call:
                yield TestMessage(item.msg, _test_status(item.status))
        except grpc.aio.AioRpcError as err:
            if err.code() == grpc.StatusCode.UNAVAILABLE:
                await self.close()
            raise map_rpc_error(
                err, self._settings, "RunReleaseTest", release=request.name, timeout=limit
            ) from err
        finally:
            call.cancel()  # a consumer that stops early must not leave the stream open


def _release_of(
    response: tiller_pb2.InstallReleaseResponse
    | tiller_pb2.UpdateReleaseResponse
    | tiller_pb2.RollbackReleaseResponse,
    method: str,
) -> Release:
    if not response.HasField("release"):
        raise TillerError(f"Tiller answered {method} without a release.")
    return convert.release(response.release)


def _test_status(value: int) -> TestRunStatus:
    try:
        return TestRunStatus(value)
    except ValueError:
        return TestRunStatus.UNKNOWN
