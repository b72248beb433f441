"""Protobuf to dataclass conversion (and the one request built from a dataclass)."""

from __future__ import annotations

from datetime import UTC, datetime

from hapi.release import hook_pb2, info_pb2, release_pb2, status_pb2
from hapi.services import tiller_pb2

from app.client import convert
from app.client.listing import ListQuery
from app.client.models import HookEvent, ReleaseStatus, SortBy, SortOrder


def test_timestamp_presence_matters() -> None:
    info = info_pb2.Info()
    assert convert.info(info).last_deployed is None
    info.last_deployed.SetInParent()  # present but zero: the epoch, as Helm prints it
    assert convert.info(info).last_deployed == datetime(1970, 1, 1, tzinfo=UTC)
    info.last_deployed.seconds, info.last_deployed.nanos = 1_600_000_000, 999_999_999
    assert convert.info(info).last_deployed == datetime(2020, 9, 13, 12, 26, 40, 999_999, UTC)
    info.last_deployed.seconds = 10**12  # beyond datetime's range
    assert convert.info(info).last_deployed is None


def test_a_bare_release_converts_with_defaults() -> None:
    rel = convert.release(release_pb2.Release(name="x", version=2))
    assert (rel.name, rel.revision, rel.status, rel.chart, rel.hooks) == (
        "x",
        2,
        ReleaseStatus.UNKNOWN,
        None,
        (),
    )
    assert rel.info.last_test_suite_run is None


def test_unknown_enum_numbers_fall_back() -> None:
    rel = release_pb2.Release(
        info=info_pb2.Info(status=status_pb2.Status(code=42)),  # type: ignore[arg-type]
        hooks=[hook_pb2.Hook(events=[1, 77])],  # type: ignore[list-item]
    )
    converted = convert.release(rel)
    assert converted.status == ReleaseStatus.UNKNOWN
    assert converted.hooks[0].events == (HookEvent.PRE_INSTALL, HookEvent.UNKNOWN)


def test_release_page_merges_chunks() -> None:
    chunks = [
        tiller_pb2.ListReleasesResponse(
            count=3, next="d", total=9, releases=[release_pb2.Release(name="a")]
        ),
        tiller_pb2.ListReleasesResponse(
            count=3,
            next="d",
            total=9,
            releases=[release_pb2.Release(name="b"), release_pb2.Release(name="c")],
        ),
    ]
    page = convert.release_page(chunks)
    assert [r.name for r in page.releases] == ["a", "b", "c"]
    assert (page.count, page.next, page.total) == (3, "d", 9)
    assert convert.release_page([]) == convert.release_page(iter(()))


def test_list_request() -> None:
    query = ListQuery(
        filter="^a",
        statuses=(ReleaseStatus.DEPLOYED, ReleaseStatus.PENDING_ROLLBACK),
        namespace="ns",
        sort_by=SortBy.CHART_NAME,
        sort_order=SortOrder.DESC,
    )
    request = convert.list_request(query, limit=10, offset="b")
    assert request == tiller_pb2.ListReleasesRequest(
        limit=10,
        offset="b",
        sort_by=tiller_pb2.ListSort.CHART_NAME,
        filter="^a",
        sort_order=tiller_pb2.ListSort.DESC,
        status_codes=[status_pb2.Status.DEPLOYED, status_pb2.Status.PENDING_ROLLBACK],
        namespace="ns",
    )
