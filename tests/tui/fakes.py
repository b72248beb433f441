"""A fake Tiller for Pilot and snapshot tests: TillerClient's methods, canned dataclasses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from app.client.errors import ReleaseNotFoundError, TillerError
from app.client.listing import ListQuery
from app.client.models import (
    Chart,
    ChartMetadata,
    Hook,
    HookEvent,
    Release,
    ReleaseInfo,
    ReleasePage,
    ReleaseStatus,
    StatusReport,
    TestRunStatus,
    VersionInfo,
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
from app.tui.backend import ConnectionInfo

EPOCH = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)

MANIFEST = """---
# Source: {chart}/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
  labels:
    chart: {chart}-{version}
data:
  greeting: hello
---
# Source: {chart}/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  ports:
  - port: {port}
---
# Source: {chart}/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  template:
    spec:
      containers:
      - name: web
        image: "nginx:{app}"
"""

RESOURCES = """==> v1/ConfigMap
NAME         DATA  AGE
{name}-config  1     5m

==> v1/Service
NAME  TYPE       CLUSTER-IP  PORT(S)  AGE
{name}   ClusterIP  10.0.0.12   80/TCP   5m
"""


def make_release(
    name: str,
    revision: int = 1,
    status: ReleaseStatus = ReleaseStatus.DEPLOYED,
    *,
    namespace: str = "default",
    chart: str = "nginx",
    version: str = "1.2.3",
    app: str = "1.19",
    config: str = 'replicaCount: 2\nimage:\n  tag: "1.19"\n',
    minutes: int = 0,
    description: str = "Install complete",
) -> Release:
    """A plausible release revision (times fixed, so snapshots are stable)."""
    meta = ChartMetadata(name=chart, version=version, app_version=app, api_version="v1")
    when = EPOCH + timedelta(minutes=minutes + revision)
    return Release(
        name=name,
        revision=revision,
        namespace=namespace,
        info=ReleaseInfo(
            status=status,
            first_deployed=EPOCH,
            last_deployed=when,
            description=description,
            notes=f"Thank you for installing {chart}.\nVisit http://{name}.example/",
        ),
        chart=Chart(metadata=meta, values="replicaCount: 1\nimage:\n  tag: latest\n"),
        config=config,
        manifest=MANIFEST.format(
            name=name, chart=chart, version=version, port=80, replicas=revision, app=app
        ),
        hooks=(
            Hook(
                name=f"{name}-migrate",
                kind="Job",
                path=f"{chart}/templates/migrate.yaml",
                manifest=f"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}-migrate\n",
                events=(HookEvent.PRE_UPGRADE,),
                weight=1,
            ),
        ),
    )


def sample_releases() -> list[Release]:
    """A small, varied set: every status group, two namespaces, a history."""
    return [
        make_release("web", 1, ReleaseStatus.SUPERSEDED, namespace="apps"),
        make_release("web", 2, ReleaseStatus.SUPERSEDED, namespace="apps", version="1.2.4"),
        make_release("web", 3, ReleaseStatus.DEPLOYED, namespace="apps", version="1.3.0",
                     description="Upgrade complete"),
        make_release("db", 1, ReleaseStatus.FAILED, namespace="data", chart="postgres",
                     version="8.1.0", app="11.5", description="Release db failed"),
        make_release("cache", 1, ReleaseStatus.DEPLOYED, namespace="data", chart="redis",
                     version="10.0.1", app="5.0.7"),
        make_release("old-api", 2, ReleaseStatus.DELETED, namespace="apps", chart="api",
                     version="0.4.0", app="0.4"),
        make_release("queue", 1, ReleaseStatus.PENDING_INSTALL, namespace="data",
                     chart="rabbitmq", version="6.0.0", app="3.8"),
    ]  # fmt: skip


def many_releases(count: int) -> list[Release]:
    """``count`` light releases (no manifest) for volume tests and the benchmark."""
    statuses = (ReleaseStatus.DEPLOYED,) * 8 + (ReleaseStatus.FAILED, ReleaseStatus.DELETED)
    meta = {i: ChartMetadata(name=f"chart{i}", version=f"1.{i}.0", app_version=f"{i}.0")
            for i in range(20)}  # fmt: skip
    return [
        Release(
            name=f"release-{i:05d}",
            revision=1 + i % 7,
            namespace=f"team-{i % 13}",
            info=ReleaseInfo(
                status=statuses[i % len(statuses)], last_deployed=EPOCH + timedelta(seconds=i)
            ),
            chart=Chart(metadata=meta[i % 20]),
        )  # fmt: skip
        for i in range(count)
    ]


@dataclass
class FakeTiller:
    """TillerClient's read methods over a list of releases.

    Attributes:
        releases: every stored revision.
        version_info: what GetVersion answers.
        fail_with: raise this from every call (e.g. TillerUnreachableError).
        hold: when set, calls wait for this event first (to snapshot loading states).
        calls: the calls made, for assertions.
    """

    releases: list[Release] = field(default_factory=sample_releases)
    version_info: VersionInfo = field(default_factory=lambda: VersionInfo("v2.17.0"))
    fail_with: BaseException | None = None
    hold: asyncio.Event | None = None
    calls: list[tuple[str, object]] = field(default_factory=list)
    tests: list[tuple[str, bool]] = field(
        default_factory=lambda: [("web-test-connection", True), ("web-test-auth", True)]
    )

    async def _enter(self, name: str, arg: object = None) -> None:
        self.calls.append((name, arg))
        if self.hold is not None:
            await self.hold.wait()
        if self.fail_with is not None:
            raise self.fail_with

    async def version(self, *, timeout: float | None = None) -> VersionInfo:
        await self._enter("version")
        return self.version_info

    async def list_releases(
        self,
        query: ListQuery | None = None,
        *,
        limit: int = 256,
        offset: str = "",
        timeout: float | None = None,
    ) -> AsyncIterator[ReleasePage]:
        query = query or ListQuery()
        await self._enter("list_releases", query)
        matching = sorted(
            (r for r in self.releases if r.status in query.statuses),
            key=lambda r: (r.name, r.revision),
        )
        if not matching:
            yield ReleasePage(total=0)
            return
        for start in range(0, len(matching), limit):
            chunk = tuple(matching[start : start + limit])
            after = matching[start + limit].name if start + limit < len(matching) else ""
            yield ReleasePage(chunk, len(chunk), after, len(matching))
            await asyncio.sleep(0)

    def _find(self, name: str, revision: int) -> Release:
        revisions = [r for r in self.releases if r.name == name]
        if revision:
            revisions = [r for r in revisions if r.revision == revision]
        if not revisions:
            detail = f'release: "{name}" not found'
            raise ReleaseNotFoundError(name, revision or None, detail=detail)
        return max(revisions, key=lambda r: r.revision)

    async def release_status(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> StatusReport:
        await self._enter("release_status", name)
        rel = self._find(name, revision)
        info = replace(rel.info, resources=RESOURCES.format(name=name))
        return StatusReport(name=rel.name, namespace=rel.namespace, info=info)

    async def release_content(
        self, name: str, revision: int = 0, *, timeout: float | None = None
    ) -> Release:
        await self._enter("release_content", (name, revision))
        return self._find(name, revision)

    async def history(
        self, name: str, max: int = 256, *, timeout: float | None = None
    ) -> tuple[Release, ...]:
        await self._enter("history", name)
        found = sorted((r for r in self.releases if r.name == name), key=lambda r: -r.revision)
        if not found:
            raise ReleaseNotFoundError(name, None, detail=f'release: "{name}" not found')
        return tuple(found[:max])

    async def close(self) -> None:
        self.calls.append(("close", None))

    # -- writes: enough of Tiller's bookkeeping for the flows to be checked end to end

    def _store(self, new: Release, dry_run: bool) -> Release:
        if dry_run:
            return new
        self.releases = [
            replace(r, info=replace(r.info, status=ReleaseStatus.SUPERSEDED))
            if r.name == new.name and r.status is ReleaseStatus.DEPLOYED
            else r
            for r in self.releases
        ]
        self.releases.append(new)
        return new

    def _next(self, name: str) -> int:
        return 1 + max((r.revision for r in self.releases if r.name == name), default=0)

    async def install(self, request: InstallRequest) -> Release:
        await self._enter("install", request)
        chart = request.chart if isinstance(request.chart, Chart) else None
        meta = chart.metadata if chart else ChartMetadata(name="chart", version="0.1.0")
        new = make_release(
            request.name or "generated-name",
            1,
            namespace=request.namespace,
            chart=meta.name,
            version=meta.version,
            app=meta.app_version,
            config=request.values,
        )
        new = replace(new, manifest=new.manifest + values_configmap(request.values))
        return self._store(new, request.dry_run)

    async def upgrade(self, request: UpgradeRequest) -> Release:
        await self._enter("upgrade", request)
        old = self._find(request.name, 0)
        values = (
            old.config
            if request.reuse_values and not request.values.strip("{}\n")
            else request.values
        )
        chart = request.chart if isinstance(request.chart, Chart) else old.chart
        new = replace(
            old,
            revision=self._next(request.name),
            chart=chart,
            config=values,
            info=replace(old.info, status=ReleaseStatus.DEPLOYED, description="Upgrade complete"),
            manifest=old.manifest.split("\n---\n# Source: values")[0] + values_configmap(values),
        )
        return self._store(new, request.dry_run)

    async def rollback(self, request: RollbackRequest) -> Release:
        await self._enter("rollback", request)
        current = self._find(request.name, 0)
        target = self._find(request.name, request.revision or max(current.revision - 1, 1))
        new = replace(
            target,
            revision=self._next(request.name),
            info=replace(
                target.info,
                status=ReleaseStatus.DEPLOYED,
                description=f"Rollback to {target.revision}",
            ),
        )
        return self._store(new, request.dry_run)

    async def uninstall(self, request: UninstallRequest) -> UninstallResult:
        await self._enter("uninstall", request)
        latest = self._find(request.name, 0)
        if request.purge:
            self.releases = [r for r in self.releases if r.name != request.name]
        else:
            deleted = replace(latest, info=replace(latest.info, status=ReleaseStatus.DELETED))
            self.releases = [deleted if r is latest else r for r in self.releases]
        return UninstallResult(release=latest)

    async def run_tests(self, request: TestRequest) -> AsyncIterator[TestMessage]:
        await self._enter("run_tests", request)
        self._find(request.name, 0)
        for test, ok in self.tests:
            yield TestMessage(f"RUNNING: {test}", TestRunStatus.RUNNING)
            await asyncio.sleep(0)
            status = TestRunStatus.SUCCESS if ok else TestRunStatus.FAILURE
            yield TestMessage(f"{'PASSED' if ok else 'FAILED'}: {test}", status)
        if not self.tests:
            raise TillerError("no tests found")


def values_configmap(values: str) -> str:
    """A ConfigMap carrying the values, so value edits show up in manifest diffs."""
    body = "".join(f"    {line}\n" for line in values.strip().splitlines()) or "    {}\n"
    return (
        "\n---\n# Source: values/configmap.yaml\napiVersion: v1\nkind: ConfigMap\n"
        f"metadata:\n  name: values\ndata:\n  values.yaml: |\n{body}"
    )


def connection() -> ConnectionInfo:
    """The status bar's connection for tests."""
    return ConnectionInfo(host="127.0.0.1:44134", kube_context="kind-local")
