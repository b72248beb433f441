"""TillerClient against an in-process fake Tiller: header, paging, conversion, errors."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import grpc
import pytest
import pytest_asyncio
from hapi.release import status_pb2
from hapi.services import tiller_pb2, tiller_pb2_grpc

from app.client import (
    ConnectionSettings,
    IncompatibleVersionError,
    ListQuery,
    ReleaseNotFoundError,
    ReleaseStatus,
    SettingsError,
    SortBy,
    SortOrder,
    TillerClient,
    TillerError,
    TillerTimeoutError,
    TillerUnreachableError,
)
from app.client.errors import MessageTooLargeError
from app.client.models import HookDeletePolicy, HookEvent
from app.version import CLIENT_VERSION
from tests.grpc.fake_tiller import SERVER_COMMIT, FakeTiller, RunningFake, make_release, start_fake

NAMES = ["alpha", "bravo", "charlie", "delta", "echo"]


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[RunningFake]:
    tiller = FakeTiller(releases=[make_release(n) for n in NAMES])
    running = await start_fake(tiller)
    try:
        yield running
    finally:
        await running.server.stop(None)


@pytest_asyncio.fixture
async def client(fake: RunningFake) -> AsyncIterator[TillerClient]:
    async with TillerClient(ConnectionSettings(host=fake.host, read_timeout=5)) as tiller:
        yield tiller


async def test_version_sends_the_api_header(fake: RunningFake, client: TillerClient) -> None:
    version = await client.version()
    assert (version.sem_ver, version.git_commit, version.git_tree_state) == (
        "v2.17.0",
        SERVER_COMMIT,
        "clean",
    )
    assert fake.tiller.calls[-1].metadata["x-helm-api-client"] == CLIENT_VERSION == "v2.17.0"


async def test_every_call_sends_the_api_header(fake: RunningFake, client: TillerClient) -> None:
    await client.list_page()
    await client.release_status("alpha")
    await client.release_content("alpha")
    await client.history("alpha")
    assert [c.method for c in fake.tiller.calls] == [
        "ListReleases",
        "GetReleaseStatus",
        "GetReleaseContent",
        "GetHistory",
    ]
    assert {c.metadata["x-helm-api-client"] for c in fake.tiller.calls} == {"v2.17.0"}


async def test_list_page_merges_stream_chunks(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.chunk_size = 2  # 5 releases -> 3 messages
    page = await client.list_page()
    assert [r.name for r in page.releases] == NAMES
    assert (page.count, page.next, page.total) == (5, "", 5)


async def test_list_page_with_nothing_matching_is_empty(
    fake: RunningFake, client: TillerClient
) -> None:
    page = await client.list_page(ListQuery(filter="^nothing$"))
    assert page.releases == () and (page.count, page.next, page.total) == (0, "", 0)


async def test_list_page_reports_next(client: TillerClient) -> None:
    page = await client.list_page(limit=2)
    assert [r.name for r in page.releases] == ["alpha", "bravo"]
    assert (page.count, page.next, page.total) == (2, "charlie", 5)


async def test_list_releases_pages_through_everything(
    fake: RunningFake, client: TillerClient
) -> None:
    fake.tiller.chunk_size = 1
    pages = [page async for page in client.list_releases(limit=2)]
    assert [[r.name for r in p.releases] for p in pages] == [
        ["alpha", "bravo"],
        ["charlie", "delta"],
        ["echo"],
    ]
    assert [c.request.offset for c in fake.tiller.calls] == ["", "charlie", "echo"]
    assert {c.request.limit for c in fake.tiller.calls} == {2}


async def test_list_request_carries_the_query(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.releases.append(make_release("bravo", 2, "FAILED", namespace="prod"))
    query = ListQuery(
        filter="a",
        statuses=(ReleaseStatus.FAILED, ReleaseStatus.DELETED),
        namespace="prod",
        sort_by=SortBy.LAST_RELEASED,
        sort_order=SortOrder.DESC,
    )
    page = await client.list_page(query, limit=7, offset="bravo")
    assert [(r.name, r.revision) for r in page.releases] == [("bravo", 2)]
    request = fake.tiller.calls[-1].request
    assert request == tiller_pb2.ListReleasesRequest(
        limit=7,
        offset="bravo",
        sort_by=tiller_pb2.ListSort.LAST_RELEASED,
        filter="a",
        sort_order=tiller_pb2.ListSort.DESC,
        status_codes=[status_pb2.Status.FAILED, status_pb2.Status.DELETED],
        namespace="prod",
    )


async def test_default_query_is_helm_lists(fake: RunningFake, client: TillerClient) -> None:
    await client.list_page()
    request = fake.tiller.calls[-1].request
    assert list(request.status_codes) == [1, 4]  # DEPLOYED, FAILED
    assert (request.sort_by, request.limit) == (tiller_pb2.ListSort.NAME, 256)


async def test_release_content_converts_everything(client: TillerClient) -> None:
    rel = await client.release_content("alpha")
    assert (rel.name, rel.revision, rel.namespace, rel.status) == (
        "alpha",
        1,
        "default",
        ReleaseStatus.DEPLOYED,
    )
    assert rel.config == "replicas: 2\n" and rel.manifest == "kind: ConfigMap\n"
    assert rel.info.description == "Install complete" and rel.info.notes == "hi"
    assert rel.info.first_deployed == datetime.fromtimestamp(1_600_000_000, UTC)
    assert rel.info.last_deployed == datetime(2020, 9, 13, 12, 26, 41, 500_000, tzinfo=UTC)
    assert rel.info.deleted is None
    assert rel.chart is not None
    meta = rel.chart.metadata
    assert (meta.name, meta.version, meta.app_version, meta.full_name) == (
        "demo",
        "0.1.0",
        "1.0",
        "demo-0.1.0",
    )
    assert meta.annotations == (("a", "2"), ("z", "1")) and meta.keywords == ("a", "b")
    assert meta.maintainers[0].email == "me@example.com"
    assert rel.chart.values == "replicas: 1\n"
    assert [(f.path, f.data) for f in rel.chart.templates] == [
        ("templates/cm.yaml", b"kind: ConfigMap")
    ]
    assert [(f.path, f.data) for f in rel.chart.files] == [("README.md", b"# demo")]
    assert [d.metadata.name for d in rel.chart.dependencies] == ["sub"]
    (hook,) = rel.hooks
    assert hook.events == (HookEvent.PRE_INSTALL, HookEvent.POST_UPGRADE)
    assert hook.delete_policies == (HookDeletePolicy.BEFORE_HOOK_CREATION,)
    assert (hook.weight, hook.delete_timeout, hook.last_run) == (-5, 30, None)
    with pytest.raises(AttributeError):
        rel.name = "other"  # type: ignore[misc]  # frozen


async def test_release_status_and_revisions(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.releases += [make_release("alpha", 2, "FAILED")]
    report = await client.release_status("alpha")
    assert (report.name, report.namespace, report.info.status) == (
        "alpha",
        "default",
        ReleaseStatus.FAILED,
    )
    assert report.info.resources == "==> v1/Pod\n"
    old = await client.release_content("alpha", revision=1)
    assert old.revision == 1 and fake.tiller.calls[-1].request.version == 1


async def test_history_is_newest_first_and_capped(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.releases += [make_release("alpha", v, "SUPERSEDED") for v in (2, 3)]
    history = await client.history("alpha", max=2)
    assert [r.revision for r in history] == [3, 2]
    assert fake.tiller.calls[-1].request.max == 2


@pytest.mark.parametrize(
    ("call", "name", "revision"),
    [
        (lambda c: c.release_status("ghost"), "ghost", None),
        (lambda c: c.release_content("ghost"), "ghost", None),
        (lambda c: c.history("ghost"), "ghost", None),
        (lambda c: c.release_status("alpha", revision=9), "alpha", 9),
        (lambda c: c.release_content("alpha", revision=9), "alpha", 9),
    ],
)
async def test_not_found(client: TillerClient, call, name: str, revision: int | None) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReleaseNotFoundError) as caught:
        await call(client)
    assert (caught.value.name, caught.value.revision) == (name, revision)
    assert "not found" in str(caught.value) and "helm-tui list --all" in str(caught.value)


async def test_incompatible_version(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.accept_clients = ("v2.16.0",)
    fake.tiller.server_version = "v2.16.0"
    assert (await client.version()).sem_ver == "v2.16.0"  # GetVersion is exempt
    with pytest.raises(IncompatibleVersionError) as caught:
        await client.list_page()
    err = caught.value
    assert (err.client_version, err.server_version) == ("v2.17.0", "v2.16.0")
    assert str(err).startswith("incompatible versions client[v2.17.0] server[v2.16.0]. ")
    assert "Upgrade Tiller" in str(err)


async def test_other_tiller_errors_keep_tillers_text(client: TillerClient) -> None:
    with pytest.raises(TillerError) as caught:
        await client.list_page(offset="nope")
    assert type(caught.value) is TillerError
    assert str(caught.value) == 'offset "nope" not found'
    assert caught.value.code == "UNKNOWN"


async def test_deadline(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.delay = 2
    with pytest.raises(TillerTimeoutError) as caught:
        await client.release_status("alpha", timeout=0.2)
    assert "did not answer GetReleaseStatus within 0.2 s" in str(caught.value)


async def test_receive_limit_is_20_mib(fake: RunningFake, client: TillerClient) -> None:
    fake.tiller.releases = [
        make_release("small", manifest="x" * (19 * 1024 * 1024)),
        make_release("huge", manifest="x" * (21 * 1024 * 1024)),
    ]
    assert len((await client.release_content("small")).manifest) == 19 * 1024 * 1024
    with pytest.raises(MessageTooLargeError) as caught:
        await client.release_content("huge")
    assert "20 MiB" in str(caught.value) and caught.value.code == "RESOURCE_EXHAUSTED"


async def test_client_reconnects_after_close(client: TillerClient) -> None:
    await client.version()
    await client.close()
    assert (await client.version()).sem_ver == "v2.17.0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_unreachable_fails_fast_with_advice() -> None:
    host = f"127.0.0.1:{_free_port()}"
    started = time.monotonic()
    async with TillerClient(ConnectionSettings(host=host, connect_timeout=30)) as tiller:
        with pytest.raises(TillerUnreachableError) as caught:
            await tiller.version()
    assert time.monotonic() - started < 5  # refused: no waiting for the connect timeout
    message = str(caught.value)
    assert message.startswith(f"could not reach Tiller at {host}: connection refused.")
    assert "Is Tiller running? Set --host or HELM_HOST." in message


async def test_connect_timeout_when_nothing_answers() -> None:
    # A TCP listener that accepts but never speaks HTTP/2: the connection never gets ready.
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        settings = ConnectionSettings(host=f"127.0.0.1:{port}", connect_timeout=0.5)
        async with TillerClient(settings) as tiller:
            with pytest.raises(TillerUnreachableError) as caught:
                await tiller.version()
        assert "no connection after 0.5 s" in str(caught.value)
        assert "--tiller-connection-timeout" in str(caught.value)
    finally:
        server.close()


def test_malformed_host_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="not a host:port address"):
        ConnectionSettings(host="tiller.example.com")


async def test_client_recovers_when_tiller_comes_back() -> None:
    port = _free_port()
    settings = ConnectionSettings(host=f"127.0.0.1:{port}", connect_timeout=5)
    async with TillerClient(settings) as tiller:
        with pytest.raises(TillerUnreachableError):
            await tiller.version()
        server = grpc.aio.server()
        tiller_pb2_grpc.add_ReleaseServiceServicer_to_server(FakeTiller(), server)
        server.add_insecure_port(f"127.0.0.1:{port}")
        await server.start()
        try:
            started = time.monotonic()
            assert (await tiller.version()).sem_ver == "v2.17.0"
            assert time.monotonic() - started < 2  # no reconnect backoff to sit out
        finally:
            await server.stop(None)
