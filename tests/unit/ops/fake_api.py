"""An in-memory TillerAPI for ops tests: records calls, answers like Tiller, fails on demand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import yaml

from app.client.errors import ReleaseNotFoundError, TillerError
from app.client.models import (
    Chart,
    ChartMetadata,
    Release,
    ReleaseInfo,
    ReleaseStatus,
    StatusReport,
    TestRunStatus,
)
from app.client.requests import (
    InstallRequest,
    RollbackRequest,
    TestMessage,
    TestRequest,
    UninstallRequest,
    UninstallResult,
    UpgradeRequest,
)

WHEN = datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
MANIFEST_V1 = """
---
# Source: demo/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  labels:
    chart: demo-0.1.0
data:
  color: blue
"""


def release(
    name: str,
    revision: int = 1,
    status: ReleaseStatus = ReleaseStatus.DEPLOYED,
    *,
    manifest: str = MANIFEST_V1,
    namespace: str = "default",
    config: str = "",
) -> Release:
    chart = Chart(ChartMetadata(name="demo", version="0.1.0", app_version="1.0"), values="a: 1\n")
    info = ReleaseInfo(status=status, last_deployed=WHEN, description="Install complete")
    return Release(name, revision, namespace, info, chart, config, manifest)


def upgraded_config(current: str, request: UpgradeRequest) -> str:
    """The values Tiller stores for an upgrade: reset, reused (merged) or the previous ones."""
    given = request.values.strip() not in ("", "{}")
    if request.reset_values:
        return request.values
    if request.reuse_values:
        merged = {**(yaml.safe_load(current) or {}), **(yaml.safe_load(request.values) or {})}
        return yaml.safe_dump(merged) if merged else ""
    return request.values if given else current  # no values given: Tiller keeps the old ones


def not_found(name: str) -> ReleaseNotFoundError:
    return ReleaseNotFoundError(name, None, detail=f'release: "{name}" not found')


@dataclass
class FakeAPI:
    """Releases by name (newest revision last); ``fail`` maps a method to an error."""

    releases: dict[str, list[Release]] = field(default_factory=dict)
    fail: dict[str, TillerError] = field(default_factory=dict)
    calls: list[tuple[str, Any]] = field(default_factory=list)
    test_messages: list[TestMessage] = field(default_factory=list)
    empty_history_for_unknown: bool = False  # a memory-storage Tiller's quirk

    def _enter(self, method: str, arg: Any) -> None:
        self.calls.append((method, arg))
        if method in self.fail:
            raise self.fail.pop(method)

    def methods(self) -> list[str]:
        return [m for m, _ in self.calls]

    def _latest(self, name: str) -> Release:
        if name not in self.releases:
            raise not_found(name)
        return self.releases[name][-1]

    async def release_status(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> StatusReport:
        self._enter("release_status", name)
        rel = self._latest(name)
        return StatusReport(rel.name, rel.namespace, rel.info)

    async def release_content(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> Release:
        self._enter("release_content", (name, revision))
        if revision:
            for rel in self.releases.get(name, []):
                if rel.revision == revision:
                    return rel
            raise ReleaseNotFoundError(
                name, revision, detail=f'release: "{name}.v{revision}" not found'
            )
        return self._latest(name)

    async def history(
        self, name: str, max: int = 256, *, timeout: float | None = None
    ) -> tuple[Release, ...]:
        self._enter("history", (name, max))
        if name not in self.releases:
            if self.empty_history_for_unknown:
                return ()
            raise not_found(name)
        return tuple(reversed(self.releases[name]))[:max]

    async def install(self, request: InstallRequest) -> Release:
        self._enter("install", request)
        rel = release(
            request.name or "gen-name", namespace=request.namespace, config=request.values
        )
        if not request.dry_run:
            self.releases.setdefault(rel.name, []).append(rel)
        return rel

    async def upgrade(self, request: UpgradeRequest) -> Release:
        self._enter("upgrade", request)
        current = self._latest(request.name)
        manifest = current.manifest.replace("color: blue", "color: green")
        config = upgraded_config(current.config, request)
        rel = replace(current, revision=current.revision + 1, manifest=manifest, config=config)
        if not request.dry_run:
            self.releases[request.name].append(rel)
        return rel

    async def rollback(self, request: RollbackRequest) -> Release:
        self._enter("rollback", request)
        current = self._latest(request.name)
        target = request.revision or current.revision - 1
        old = next(r for r in self.releases[request.name] if r.revision == target)
        rel = replace(old, revision=current.revision + 1)
        if not request.dry_run:
            self.releases[request.name].append(rel)
        return rel

    async def uninstall(self, request: UninstallRequest) -> UninstallResult:
        self._enter("uninstall", request)
        current = self._latest(request.name)
        if request.purge:
            del self.releases[request.name]
        return UninstallResult(current, "")

    async def run_tests(self, request: TestRequest) -> AsyncIterator[TestMessage]:
        self._enter("run_tests", request)
        for message in self.test_messages:
            yield message


def messages(*pairs: tuple[str, TestRunStatus]) -> list[TestMessage]:
    return [TestMessage(msg, status) for msg, status in pairs]
