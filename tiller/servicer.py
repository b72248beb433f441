"""The gRPC ReleaseService: a thin layer from RPCs to the release use-cases.

Every failure reaches the client as status UNKNOWN carrying the error text, exactly as
Helm v2's Tiller (Go errors become UNKNOWN), because clients match on those texts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import NoReturn, TypeVar

import grpc
from hapi.services import tiller_pb2, tiller_pb2_grpc

from tiller.errors import TillerError
from tiller.releases import (
    content,
    history,
    install,
    rollback,
    run_test,
    status,
    uninstall,
    update,
    version,
)
from tiller.releases import list as list_releases
from tiller.releases.env import Env
from tiller.storage.errors import StorageError

log = logging.getLogger("tiller")

T = TypeVar("T")
_EXPECTED = (TillerError, StorageError)


def _fail(context: grpc.ServicerContext, method: str, err: Exception) -> NoReturn:
    if isinstance(err, _EXPECTED):
        log.info("%s: %s", method, err)
        context.abort(grpc.StatusCode.UNKNOWN, str(err))
    log.exception("%s: unexpected error", method)
    context.abort(grpc.StatusCode.UNKNOWN, f"internal error in {method}: {err}")
    raise AssertionError("unreachable")  # context.abort always raises


def _unary(context: grpc.ServicerContext, method: str, call: Callable[[], T]) -> T:
    try:
        return call()
    except Exception as err:  # noqa: BLE001 - every error must become a status, never a crash
        _fail(context, method, err)


class ReleaseServicer(tiller_pb2_grpc.ReleaseServiceServicer):
    """Implements ``hapi.services.tiller.ReleaseService``."""

    def __init__(self, env: Env) -> None:
        self._env = env

    def GetVersion(  # noqa: N802 - gRPC method names
        self, request: tiller_pb2.GetVersionRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.GetVersionResponse:
        """GetVersion."""
        return _unary(context, "GetVersion", lambda: version.get_version(self._env))

    def ListReleases(  # noqa: N802
        self, request: tiller_pb2.ListReleasesRequest, context: grpc.ServicerContext
    ) -> Iterator[tiller_pb2.ListReleasesResponse]:
        """ListReleases (server streaming)."""
        try:
            yield from list_releases.list_releases(self._env, request)
        except Exception as err:  # noqa: BLE001
            _fail(context, "ListReleases", err)

    def GetReleaseStatus(  # noqa: N802
        self, request: tiller_pb2.GetReleaseStatusRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.GetReleaseStatusResponse:
        """GetReleaseStatus."""
        return _unary(
            context, "GetReleaseStatus", lambda: status.get_release_status(self._env, request)
        )

    def GetReleaseContent(  # noqa: N802
        self, request: tiller_pb2.GetReleaseContentRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.GetReleaseContentResponse:
        """GetReleaseContent."""
        return _unary(
            context, "GetReleaseContent", lambda: content.get_release_content(self._env, request)
        )

    def GetHistory(  # noqa: N802
        self, request: tiller_pb2.GetHistoryRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.GetHistoryResponse:
        """GetHistory."""
        return _unary(context, "GetHistory", lambda: history.get_history(self._env, request))

    def InstallRelease(  # noqa: N802
        self, request: tiller_pb2.InstallReleaseRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.InstallReleaseResponse:
        """InstallRelease."""
        return _unary(
            context, "InstallRelease", lambda: install.install_release(self._env, request)
        )

    def UpdateRelease(  # noqa: N802
        self, request: tiller_pb2.UpdateReleaseRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.UpdateReleaseResponse:
        """UpdateRelease."""
        return _unary(context, "UpdateRelease", lambda: update.update_release(self._env, request))

    def RollbackRelease(  # noqa: N802
        self, request: tiller_pb2.RollbackReleaseRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.RollbackReleaseResponse:
        """RollbackRelease."""
        return _unary(
            context, "RollbackRelease", lambda: rollback.rollback_release(self._env, request)
        )

    def UninstallRelease(  # noqa: N802
        self, request: tiller_pb2.UninstallReleaseRequest, context: grpc.ServicerContext
    ) -> tiller_pb2.UninstallReleaseResponse:
        """UninstallRelease."""
        return _unary(
            context, "UninstallRelease", lambda: uninstall.uninstall_release(self._env, request)
        )

    def RunReleaseTest(  # noqa: N802
        self, request: tiller_pb2.TestReleaseRequest, context: grpc.ServicerContext
    ) -> Iterator[tiller_pb2.TestReleaseResponse]:
        """RunReleaseTest (server streaming)."""
        try:
            yield from run_test.run_release_test(self._env, request)
        except Exception as err:  # noqa: BLE001
            _fail(context, "RunReleaseTest", err)
