"""The one place protobuf messages become (and come from) the client's dataclasses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Protocol, TypeVar

from hapi.chart import chart_pb2, metadata_pb2
from hapi.release import hook_pb2, info_pb2, release_pb2, test_run_pb2, test_suite_pb2
from hapi.services import tiller_pb2
from hapi.version import version_pb2

from app.client.listing import ListQuery
from app.client.models import (
    Chart,
    ChartFile,
    ChartMetadata,
    Hook,
    HookDeletePolicy,
    HookEvent,
    Maintainer,
    Release,
    ReleaseInfo,
    ReleasePage,
    ReleaseStatus,
    StatusReport,
    TestRun,
    TestRunStatus,
    TestSuite,
    VersionInfo,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
E = TypeVar("E", bound=Enum)


class _Timestamp(Protocol):
    seconds: int
    nanos: int


def timestamp(message: _Timestamp, present: bool) -> datetime | None:
    """Convert a ``google.protobuf.Timestamp`` field; ``None`` if the field was not set.

    Presence matters: Helm prints ``-`` for a missing time but the epoch for a zero one.
    Times beyond what ``datetime`` holds (years outside 1..9999) also give ``None``.
    """
    if not present:
        return None
    try:
        # Microseconds: datetime's resolution; Helm prints whole seconds anyway.
        return _EPOCH + timedelta(seconds=message.seconds, microseconds=message.nanos // 1000)
    except OverflowError:
        return None


def _enum(kind: type[E], value: int, fallback: E) -> E:
    # proto3 enums are open: a newer Tiller may send a number we do not know.
    try:
        return kind(value)
    except ValueError:
        return fallback


def version(message: version_pb2.Version) -> VersionInfo:
    """Convert ``hapi.version.Version``."""
    return VersionInfo(message.sem_ver, message.git_commit, message.git_tree_state)


def chart_metadata(message: metadata_pb2.Metadata) -> ChartMetadata:
    """Convert ``hapi.chart.Metadata`` (Chart.yaml)."""
    return ChartMetadata(
        name=message.name,
        version=message.version,
        app_version=message.appVersion,
        description=message.description,
        api_version=message.apiVersion,
        home=message.home,
        icon=message.icon,
        engine=message.engine,
        condition=message.condition,
        tags=message.tags,
        tiller_version=message.tillerVersion,
        kube_version=message.kubeVersion,
        deprecated=message.deprecated,
        sources=tuple(message.sources),
        keywords=tuple(message.keywords),
        maintainers=tuple(Maintainer(m.name, m.email, m.url) for m in message.maintainers),
        annotations=tuple(sorted(message.annotations.items())),
    )


def chart(message: chart_pb2.Chart) -> Chart:
    """Convert ``hapi.chart.Chart`` with its subcharts.

    ``files`` entries are not real ``Any`` messages: ``type_url`` holds the chart-relative
    path and ``value`` the raw bytes (spec §1.1).
    """
    return Chart(
        metadata=chart_metadata(message.metadata),
        values=message.values.raw,
        templates=tuple(ChartFile(t.name, t.data) for t in message.templates),
        files=tuple(ChartFile(f.type_url, f.value) for f in message.files),
        dependencies=tuple(chart(dep) for dep in message.dependencies),
    )


def hook(message: hook_pb2.Hook) -> Hook:
    """Convert ``hapi.release.Hook``."""
    return Hook(
        name=message.name,
        kind=message.kind,
        path=message.path,
        manifest=message.manifest,
        events=tuple(_enum(HookEvent, e, HookEvent.UNKNOWN) for e in message.events),
        last_run=timestamp(message.last_run, message.HasField("last_run")),
        weight=message.weight,
        delete_policies=tuple(
            _enum(HookDeletePolicy, p, HookDeletePolicy.SUCCEEDED) for p in message.delete_policies
        ),
        delete_timeout=message.delete_timeout,
    )


def test_run(message: test_run_pb2.TestRun) -> TestRun:
    """Convert ``hapi.release.TestRun``."""
    return TestRun(
        name=message.name,
        status=_enum(TestRunStatus, message.status, TestRunStatus.UNKNOWN),
        info=message.info,
        started_at=timestamp(message.started_at, message.HasField("started_at")),
        completed_at=timestamp(message.completed_at, message.HasField("completed_at")),
    )


def test_suite(message: test_suite_pb2.TestSuite) -> TestSuite:
    """Convert ``hapi.release.TestSuite``."""
    return TestSuite(
        started_at=timestamp(message.started_at, message.HasField("started_at")),
        completed_at=timestamp(message.completed_at, message.HasField("completed_at")),
        results=tuple(test_run(r) for r in message.results),
    )


def info(message: info_pb2.Info) -> ReleaseInfo:
    """Convert ``hapi.release.Info``, folding in its ``Status`` message."""
    status = message.status
    return ReleaseInfo(
        status=_enum(ReleaseStatus, status.code, ReleaseStatus.UNKNOWN),
        first_deployed=timestamp(message.first_deployed, message.HasField("first_deployed")),
        last_deployed=timestamp(message.last_deployed, message.HasField("last_deployed")),
        deleted=timestamp(message.deleted, message.HasField("deleted")),
        description=message.Description,
        resources=status.resources,
        notes=status.notes,
        last_test_suite_run=(
            test_suite(status.last_test_suite_run)
            if status.HasField("last_test_suite_run")
            else None
        ),
    )


def release(message: release_pb2.Release) -> Release:
    """Convert ``hapi.release.Release``."""
    return Release(
        name=message.name,
        revision=message.version,
        namespace=message.namespace,
        info=info(message.info),
        chart=chart(message.chart) if message.HasField("chart") else None,
        config=message.config.raw,
        manifest=message.manifest,
        hooks=tuple(hook(h) for h in message.hooks),
    )


def release_page(chunks: Iterable[tiller_pb2.ListReleasesResponse]) -> ReleasePage:
    """Merge the chunks of one ListReleases stream into a page.

    Every chunk repeats count/next/total; like Helm, take them from the first chunk and
    concatenate the releases of all. No chunk at all means nothing matched.
    """
    first: tiller_pb2.ListReleasesResponse | None = None
    releases: list[Release] = []
    for chunk in chunks:
        if first is None:
            first = chunk
        releases.extend(release(r) for r in chunk.releases)
    if first is None:
        return ReleasePage()
    return ReleasePage(tuple(releases), first.count, first.next, first.total)


def status_report(message: tiller_pb2.GetReleaseStatusResponse) -> StatusReport:
    """Convert GetReleaseStatus's answer."""
    return StatusReport(message.name, message.namespace, info(message.info))


def list_request(query: ListQuery, *, limit: int, offset: str) -> tiller_pb2.ListReleasesRequest:
    """Build a ListReleasesRequest for one page of ``query``."""
    return tiller_pb2.ListReleasesRequest(
        limit=limit,
        offset=offset,
        sort_by=query.sort_by.value,  # type: ignore[arg-type]  # enum values are the wire numbers
        filter=query.filter,
        sort_order=query.sort_order.value,  # type: ignore[arg-type]
        status_codes=[s.value for s in query.statuses],  # type: ignore[misc]
        namespace=query.namespace,
    )
