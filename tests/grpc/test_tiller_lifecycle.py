"""The lifecycle RPCs through an in-process gRPC Tiller (memory storage, fake cluster)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import grpc
import pytest
from hapi.chart import config_pb2
from hapi.release import status_pb2, test_run_pb2
from hapi.services import tiller_pb2, tiller_pb2_grpc

from tests.fakes.env import CM, DEPLOY, World, make_world, pod_hook
from tests.fakes.render import chart
from tests.grpc.tiller_fixtures import HEADER, config
from tiller.server import start

S = status_pb2.Status


@pytest.fixture(name="world")
def world_fixture() -> Iterator[tuple[World, tiller_pb2_grpc.ReleaseServiceStub]]:
    w = make_world()
    running = start(config(), w.env, probes=False)
    channel = grpc.insecure_channel(f"127.0.0.1:{running.port}")
    try:
        yield w, tiller_pb2_grpc.ReleaseServiceStub(channel)
    finally:
        channel.close()
        running.stop(grace=0)


def _chart(*extra: tuple[str, str]) -> object:
    return chart("demo", {"templates/cm.yaml": CM, **dict(extra)})


def install(stub: tiller_pb2_grpc.ReleaseServiceStub, name: str = "demo", **kw: object) -> object:
    req = tiller_pb2.InstallReleaseRequest(
        name=name, namespace="ns", chart=_chart(), values=config_pb2.Config(raw="{}\n"), **kw
    )
    return stub.InstallRelease(req, metadata=HEADER).release


def upgrade(stub: tiller_pb2_grpc.ReleaseServiceStub, name: str = "demo", **kw: object) -> object:
    req = tiller_pb2.UpdateReleaseRequest(
        name=name,
        chart=_chart(("templates/d.yaml", DEPLOY)),
        values=config_pb2.Config(raw="{}\n"),
        **kw,
    )
    return stub.UpdateRelease(req, metadata=HEADER).release


def test_full_lifecycle(world: tuple[World, tiller_pb2_grpc.ReleaseServiceStub]) -> None:
    w, stub = world
    assert install(stub).info.status.code == S.DEPLOYED
    assert upgrade(stub).version == 2
    rb = stub.RollbackRelease(
        tiller_pb2.RollbackReleaseRequest(name="demo", version=1), metadata=HEADER
    )
    assert rb.release.info.Description == "Rollback to 1"
    un = stub.UninstallRelease(tiller_pb2.UninstallReleaseRequest(name="demo"), metadata=HEADER)
    assert un.release.info.status.code == S.DELETED
    hist = stub.GetHistory(tiller_pb2.GetHistoryRequest(name="demo", max=10), metadata=HEADER)
    assert [(r.version, r.info.status.code) for r in hist.releases] == [
        (3, S.DELETED),
        (2, S.SUPERSEDED),
        (1, S.SUPERSEDED),
    ]
    stub.UninstallRelease(
        tiller_pb2.UninstallReleaseRequest(name="demo", purge=True), metadata=HEADER
    )
    assert w.storage.history("demo") == []


def test_errors_are_unknown_with_helm_text(
    world: tuple[World, tiller_pb2_grpc.ReleaseServiceStub],
) -> None:
    _, stub = world
    with pytest.raises(grpc.RpcError) as err:
        upgrade(stub, "ghost")
    assert err.value.code() == grpc.StatusCode.UNKNOWN
    assert err.value.details() == '"ghost" has no deployed releases'
    with pytest.raises(grpc.RpcError) as err:
        stub.InstallRelease(tiller_pb2.InstallReleaseRequest(name="x"), metadata=HEADER)
    assert err.value.details() == "no chart provided"


def test_release_tests_stream(world: tuple[World, tiller_pb2_grpc.ReleaseServiceStub]) -> None:
    _, stub = world
    req = tiller_pb2.InstallReleaseRequest(
        name="demo", namespace="ns", chart=chart("demo", {"templates/t.yaml": pod_hook("t1")})
    )
    stub.InstallRelease(req, metadata=HEADER)
    stream = stub.RunReleaseTest(
        tiller_pb2.TestReleaseRequest(name="demo", cleanup=True), metadata=HEADER
    )
    assert [(m.msg, m.status) for m in stream] == [
        ("RUNNING: t1", test_run_pb2.TestRun.RUNNING),
        ("PASSED: t1", test_run_pb2.TestRun.SUCCESS),
    ]
    with pytest.raises(grpc.RpcError) as err:
        list(stub.RunReleaseTest(tiller_pb2.TestReleaseRequest(name="ghost"), metadata=HEADER))
    assert err.value.details() == 'no revision for release "ghost"'


def test_concurrent_upgrades_of_one_release_never_share_a_revision(
    world: tuple[World, tiller_pb2_grpc.ReleaseServiceStub],
) -> None:
    w, stub = world
    install(stub)
    w.kube.delay = 0.3
    outcomes: list[str] = []

    def go() -> None:
        try:
            outcomes.append(f"v{upgrade(stub).version}")
        except grpc.RpcError as err:
            outcomes.append(err.details())

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("v2") == 1
    assert outcomes.count("another operation (install/upgrade/rollback) is in progress") == 5
    assert [r.version for r in w.storage.history("demo")] == [1, 2]


def test_different_releases_proceed_in_parallel(
    world: tuple[World, tiller_pb2_grpc.ReleaseServiceStub],
) -> None:
    w, stub = world
    w.kube.delay = 0.5
    import time

    names = [f"r{i}" for i in range(6)]
    start_at = time.monotonic()
    threads = [threading.Thread(target=install, args=(stub, n)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert time.monotonic() - start_at < 2.0
    assert all(w.storage.get(n, 1).info.status.code == S.DEPLOYED for n in names)
