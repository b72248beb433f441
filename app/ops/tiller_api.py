"""What operations need from a Tiller client: ``TillerClient`` has it, and so can a fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

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


class TillerAPI(Protocol):
    """The subset of ``app.client.TillerClient`` that ``app.ops`` calls."""

    async def release_status(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> StatusReport:
        """GetReleaseStatus."""
        ...

    async def release_content(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> Release:
        """GetReleaseContent."""
        ...

    async def history(
        self, name: str, max: int = 256, *, timeout: float | None = None
    ) -> tuple[Release, ...]:
        """GetHistory (newest first)."""
        ...

    async def install(self, request: InstallRequest) -> Release:
        """InstallRelease."""
        ...

    async def upgrade(self, request: UpgradeRequest) -> Release:
        """UpdateRelease."""
        ...

    async def rollback(self, request: RollbackRequest) -> Release:
        """RollbackRelease."""
        ...

    async def uninstall(self, request: UninstallRequest) -> UninstallResult:
        """UninstallRelease."""
        ...

    def run_tests(self, request: TestRequest) -> AsyncIterator[TestMessage]:
        """RunReleaseTest (streamed)."""
        ...
