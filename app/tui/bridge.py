"""Run ``app.ops`` previews in a worker thread while Tiller calls stay on the UI loop.

A diff of a large manifest is seconds of YAML parsing and ``difflib``; on the UI's event
loop that freezes the screen. The preview's coroutine runs on a private loop in a thread
instead; each Tiller call it makes is sent back to the UI loop (where the gRPC channel
lives) and its answer cached, so redrawing with other diff options (noise, context,
secrets) never asks Tiller twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from app.client.models import Release, StatusReport
from app.client.requests import (
    InstallRequest,
    RollbackRequest,
    TestMessage,
    TestRequest,
    UninstallRequest,
    UninstallResult,
    UpgradeRequest,
)
from app.tui.backend import TillerBackend

T = TypeVar("T")


class LoopBridge:
    """A read-and-dry-run ``TillerAPI`` usable from another thread's event loop.

    Only reads and dry runs are allowed through: previews must never change anything.
    """

    def __init__(self, backend: TillerBackend, loop: asyncio.AbstractEventLoop) -> None:
        self._backend = backend
        self._loop = loop
        self._cache: dict[tuple[Any, ...], Any] = {}

    async def _call(self, key: tuple[Any, ...], make: Callable[[], Awaitable[T]]) -> T:
        if key in self._cache:
            return self._cache[key]  # type: ignore[no-any-return]

        async def on_ui_loop() -> T:
            return await make()

        future = asyncio.run_coroutine_threadsafe(on_ui_loop(), self._loop)
        result = await asyncio.wrap_future(future)
        self._cache[key] = result
        return result

    async def release_status(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> StatusReport:
        """GetReleaseStatus (cached)."""
        return await self._call(
            ("status", name, revision), lambda: self._backend.release_status(name, revision)
        )

    async def release_content(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> Release:
        """GetReleaseContent (cached)."""
        return await self._call(
            ("content", name, revision), lambda: self._backend.release_content(name, revision)
        )

    async def history(
        self, name: str, max: int = 256, *, timeout: float | None = None
    ) -> tuple[Release, ...]:
        """GetHistory (cached)."""
        return await self._call(("history", name, max), lambda: self._backend.history(name, max))

    async def install(self, request: InstallRequest) -> Release:
        """A dry-run install (cached per request object)."""
        _dry_only(request.dry_run)
        return await self._call(("install", id(request)), lambda: self._backend.install(request))

    async def upgrade(self, request: UpgradeRequest) -> Release:
        """A dry-run upgrade (cached per request object)."""
        _dry_only(request.dry_run)
        return await self._call(("upgrade", id(request)), lambda: self._backend.upgrade(request))

    async def rollback(self, request: RollbackRequest) -> Release:
        """A dry-run rollback (cached)."""
        _dry_only(request.dry_run)
        return await self._call(("rollback", request), lambda: self._backend.rollback(request))

    async def uninstall(self, request: UninstallRequest) -> UninstallResult:
        """Refused: previews do not uninstall."""
        raise RuntimeError("a preview tried to uninstall a release")

    def run_tests(self, request: TestRequest) -> AsyncIterator[TestMessage]:
        """Refused: previews do not run tests."""
        raise RuntimeError("a preview tried to run tests")


def _dry_only(dry_run: bool) -> None:
    if not dry_run:
        raise RuntimeError("a preview tried to change a release")
