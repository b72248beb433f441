"""Tiller's read-side RPCs, called as any Helm v2 client would (raw generated stubs)."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hapi.release import status_pb2
from hapi.services import tiller_pb2

from tests.grpc.tiller_fixtures import HEADER, TillerUnderTest, tiller_fixture  # noqa: F401
from tests.releases_factory import make_release

S = status_pb2.Status
SortBy = tiller_pb2.ListSort.SortBy
Order = tiller_pb2.ListSort.SortOrder


def _list(t: TillerUnderTest, **kw: object) -> list[tiller_pb2.ListReleasesResponse]:
    return list(t.stub.ListReleases(tiller_pb2.ListReleasesRequest(**kw), metadata=HEADER))


def _names(responses: list[tiller_pb2.ListReleasesResponse]) -> list[str]:
    return [f"{r.name}.v{r.version}" for resp in responses for r in resp.releases]


def _seed(t: TillerUnderTest) -> None:
    t.storage.create(make_release("alpha", 1, "SUPERSEDED", deployed_at=100))
    t.storage.create(make_release("alpha", 2, "DEPLOYED", deployed_at=100))
    t.storage.create(
        make_release("beta", 1, "FAILED", namespace="web", chart="zeta", deployed_at=50)
    )
    t.storage.create(
        make_release("gamma", 1, "DEPLOYED", namespace="web", chart="abc", deployed_at=300)
    )
    t.storage.create(make_release("delta", 1, "DELETED", deployed_at=10))


def test_get_version_is_exempt_from_the_version_check(tiller: TillerUnderTest) -> None:
    resp = tiller.stub.GetVersion(tiller_pb2.GetVersionRequest())  # no header at all
    assert resp.Version.sem_ver == "v2.17.0"
    assert resp.Version.git_commit == "abc1234"


@pytest.mark.parametrize("client", ["", "v2.18.0", "v2.17.0-rc.1", "v3.0.0"])
def test_incompatible_clients_are_rejected(tiller: TillerUnderTest, client: str) -> None:
    meta = (("x-helm-api-client", client),) if client else ()
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.GetHistory(tiller_pb2.GetHistoryRequest(name="x", max=1), metadata=meta)
    assert err.value.code() == grpc.StatusCode.UNKNOWN
    assert err.value.details() == f"incompatible versions client[{client}] server[v2.17.0]"


def test_streaming_calls_are_not_exempt(tiller: TillerUnderTest) -> None:
    with pytest.raises(grpc.RpcError) as err:
        list(tiller.stub.ListReleases(tiller_pb2.ListReleasesRequest()))
    assert err.value.details() == "incompatible versions client[] server[v2.17.0]"


def test_older_and_third_party_clients_are_accepted(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    for client in ("v2.16.0", "2.14", "v2.17+unreleased"):
        meta = (("x-helm-api-client", client),)
        resp = list(tiller.stub.ListReleases(tiller_pb2.ListReleasesRequest(), metadata=meta))
        assert _names(resp) == ["alpha.v2", "gamma.v1"]


def test_health_check_serves_tiller_and_checks_the_version(tiller: TillerUnderTest) -> None:
    health = health_pb2_grpc.HealthStub(tiller.channel)
    resp = health.Check(health_pb2.HealthCheckRequest(service="Tiller"), metadata=HEADER)
    assert resp.status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(grpc.RpcError) as err:
        health.Check(health_pb2.HealthCheckRequest(service="Tiller"))
    assert "incompatible versions" in (err.value.details() or "")


def test_list_defaults_to_deployed_and_sends_nothing_when_empty(tiller: TillerUnderTest) -> None:
    assert _list(tiller) == []  # empty storage: the stream carries no message at all
    tiller.storage.create(make_release("delta", 1, "DELETED"))
    assert _list(tiller) == []
    _seed_rest = make_release("alpha", 1, "DEPLOYED")
    tiller.storage.create(_seed_rest)
    responses = _list(tiller)
    assert _names(responses) == ["alpha.v1"]
    assert (responses[0].count, responses[0].total, responses[0].next) == (1, 1, "")


def test_list_filters_sorts_and_pages(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    every = [S.DEPLOYED, S.FAILED, S.DELETED, S.SUPERSEDED]
    assert _names(_list(tiller, status_codes=every, sort_by=SortBy.NAME)) == [
        "alpha.v1",
        "alpha.v2",
        "beta.v1",
        "delta.v1",
        "gamma.v1",
    ]
    assert (
        _names(_list(tiller, status_codes=every, sort_by=SortBy.NAME, sort_order=Order.DESC))[0]
        == "gamma.v1"
    )
    by_date = _list(tiller, status_codes=[S.DEPLOYED, S.FAILED], sort_by=SortBy.LAST_RELEASED)
    assert _names(by_date) == ["beta.v1", "alpha.v2", "gamma.v1"]
    by_chart = _list(tiller, status_codes=[S.DEPLOYED, S.FAILED], sort_by=SortBy.CHART_NAME)
    assert _names(by_chart) == ["gamma.v1", "alpha.v2", "beta.v1"]
    assert _names(_list(tiller, status_codes=every, namespace="web", sort_by=SortBy.NAME)) == [
        "beta.v1",
        "gamma.v1",
    ]
    assert _names(_list(tiller, status_codes=every, filter="^(al|ga)", sort_by=SortBy.NAME)) == [
        "alpha.v1",
        "alpha.v2",
        "gamma.v1",
    ]
    page = _list(tiller, status_codes=every, sort_by=SortBy.NAME, limit=2)
    assert _names(page) == ["alpha.v1", "alpha.v2"]
    assert (page[0].count, page[0].next, page[0].total) == (2, "beta", 5)
    rest = _list(tiller, status_codes=every, sort_by=SortBy.NAME, limit=2, offset="beta")
    assert _names(rest) == ["beta.v1", "delta.v1"]
    assert rest[0].next == "gamma"


def test_list_errors_use_helms_texts(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    with pytest.raises(grpc.RpcError) as err:
        _list(tiller, offset="nope")
    assert err.value.details() == 'offset "nope" not found'
    with pytest.raises(grpc.RpcError) as err:
        _list(tiller, filter="(")
    assert (err.value.details() or "").startswith("error parsing regexp")


def test_list_chunks_big_results_under_the_message_limit(tiller: TillerUnderTest) -> None:
    big = "x" * (7 * 1024 * 1024)
    for i in range(4):
        tiller.storage.create(make_release(f"big{i}", manifest=big))
    responses = _list(tiller, sort_by=SortBy.NAME)
    assert len(responses) == 2  # 4 × 7 MiB cannot fit one 20 MiB message
    assert all(r.ByteSize() <= 20 * 1024 * 1024 for r in responses)
    assert {(r.count, r.total, r.next) for r in responses} == {(4, 4, "")}
    assert _names(responses) == ["big0.v1", "big1.v1", "big2.v1", "big3.v1"]


def test_history_newest_first_and_capped(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    req = tiller_pb2.GetHistoryRequest(name="alpha", max=256)
    resp = tiller.stub.GetHistory(req, metadata=HEADER)
    assert [r.version for r in resp.releases] == [2, 1]
    one = tiller.stub.GetHistory(tiller_pb2.GetHistoryRequest(name="alpha", max=1), metadata=HEADER)
    assert [r.version for r in one.releases] == [2]
    zero = tiller.stub.GetHistory(tiller_pb2.GetHistoryRequest(name="alpha"), metadata=HEADER)
    assert list(zero.releases) == []


def test_status_of_latest_and_specific_revisions(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    resp = tiller.stub.GetReleaseStatus(
        tiller_pb2.GetReleaseStatusRequest(name="alpha"), metadata=HEADER
    )
    assert (resp.name, resp.namespace, resp.info.status.code) == ("alpha", "default", S.DEPLOYED)
    assert resp.info.status.resources == tiller.kube.table
    assert resp.info.status.notes == "hi"
    old = tiller.stub.GetReleaseStatus(
        tiller_pb2.GetReleaseStatusRequest(name="alpha", version=1), metadata=HEADER
    )
    assert old.info.status.code == S.SUPERSEDED


def test_status_errors(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.GetReleaseStatus(
            tiller_pb2.GetReleaseStatusRequest(name="nope"), metadata=HEADER
        )
    assert err.value.details() == 'getting deployed release "nope": no revision for release "nope"'
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.GetReleaseStatus(
            tiller_pb2.GetReleaseStatusRequest(name="alpha", version=9), metadata=HEADER
        )
    assert err.value.details() == "getting release 'alpha' (v9): release: \"alpha.v9\" not found"
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.GetReleaseStatus(
            tiller_pb2.GetReleaseStatusRequest(name="bad name!"), metadata=HEADER
        )
    assert (err.value.details() or "").startswith("invalid release name, must match regex")


def test_status_ignores_lookup_errors_only_for_deleted_and_failed(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    tiller.kube.fail = "the server is currently unable to handle the request"
    deleted = tiller.stub.GetReleaseStatus(
        tiller_pb2.GetReleaseStatusRequest(name="delta"), metadata=HEADER
    )
    assert deleted.info.status.code == S.DELETED
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.GetReleaseStatus(
            tiller_pb2.GetReleaseStatusRequest(name="alpha"), metadata=HEADER
        )
    assert err.value.details() == tiller.kube.fail


def test_content_latest_or_revision(tiller: TillerUnderTest) -> None:
    _seed(tiller)
    latest = tiller.stub.GetReleaseContent(
        tiller_pb2.GetReleaseContentRequest(name="alpha"), metadata=HEADER
    )
    assert latest.release.version == 2
    assert latest.release.chart.metadata.name == "demo"
    first = tiller.stub.GetReleaseContent(
        tiller_pb2.GetReleaseContentRequest(name="alpha", version=1), metadata=HEADER
    )
    assert first.release.version == 1


def test_oversized_request_is_refused_and_tiller_survives(tiller: TillerUnderTest) -> None:
    huge = tiller_pb2.GetHistoryRequest(name="x" * (21 * 1024 * 1024), max=1)
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.GetHistory(huge, metadata=HEADER)
    assert err.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert tiller.stub.GetVersion(tiller_pb2.GetVersionRequest()).Version.sem_ver == "v2.17.0"


def test_lifecycle_rpcs_answer_with_helm_errors(tiller: TillerUnderTest) -> None:
    with pytest.raises(grpc.RpcError) as err:
        tiller.stub.InstallRelease(tiller_pb2.InstallReleaseRequest(), metadata=HEADER)
    assert err.value.code() == grpc.StatusCode.UNKNOWN
    assert err.value.details() == "no chart provided"
