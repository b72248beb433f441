"""TillerClient's write calls and app.ops against our real Tiller servicer, in process.

Memory storage and the fake cluster of ``tests.fakes``: the wire format, Tiller's error
texts and the client's typed errors must agree end to end.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from hapi.chart import chart_pb2

from app.client import ConnectionSettings, ReleaseNotFoundError, TillerClient
from app.client.errors import NoDeployedReleasesError, ReleaseExistsError
from app.client.models import ReleaseStatus, TestRunStatus
from app.client.requests import (
    InstallRequest,
    RollbackRequest,
    TestRequest,
    UninstallRequest,
    UpgradeRequest,
)
from app.ops import lifecycle, preview
from tests.fakes.env import CM, DEPLOY, World, make_world, pod_hook
from tests.fakes.render import chart
from tests.grpc.tiller_fixtures import config
from tiller.server import RunningTiller, start


@pytest.fixture(name="world")
def world_fixture() -> Iterator[tuple[World, RunningTiller]]:
    w = make_world()
    running = start(config(), w.env, probes=False)
    try:
        yield w, running
    finally:
        running.stop(grace=0)


@pytest_asyncio.fixture
async def client(world: tuple[World, RunningTiller]) -> AsyncIterator[TillerClient]:
    settings = ConnectionSettings(host=f"127.0.0.1:{world[1].port}", read_timeout=10)
    async with TillerClient(settings) as tiller:
        yield tiller


def demo(*extra: tuple[str, str]) -> chart_pb2.Chart:
    made = chart("demo", {"templates/cm.yaml": CM, **dict(extra)})
    assert isinstance(made, chart_pb2.Chart)
    return made


async def test_lifecycle_through_the_client(client: TillerClient) -> None:
    installed = await client.install(InstallRequest(chart=demo(), name="web", namespace="ns"))
    assert installed.status is ReleaseStatus.DEPLOYED and installed.info.description == (
        "Install complete"
    )
    upgraded = await client.upgrade(
        UpgradeRequest(name="web", chart=demo(("templates/d.yaml", DEPLOY)), values="a: 1\n")
    )
    assert upgraded.revision == 2 and upgraded.config == "a: 1\n"
    back = await client.rollback(RollbackRequest(name="web", revision=1))
    assert (back.revision, back.info.description) == (3, "Rollback to 1")
    deleted = await client.uninstall(UninstallRequest(name="web"))
    assert deleted.release is not None and deleted.release.status is ReleaseStatus.DELETED
    history = await client.history("web")
    assert [r.status for r in history] == [
        ReleaseStatus.DELETED,
        ReleaseStatus.SUPERSEDED,
        ReleaseStatus.SUPERSEDED,
    ]
    await client.uninstall(UninstallRequest(name="web", purge=True))
    with pytest.raises(ReleaseNotFoundError):
        await client.release_status("web")


async def test_tillers_errors_become_typed_errors(client: TillerClient) -> None:
    await client.install(InstallRequest(chart=demo(), name="web", namespace="ns"))
    with pytest.raises(ReleaseExistsError) as exists:
        await client.install(InstallRequest(chart=demo(), name="web", namespace="ns"))
    assert exists.value.name == "web"
    with pytest.raises(NoDeployedReleasesError):
        await client.upgrade(UpgradeRequest(name="ghost", chart=demo()))


async def test_tests_stream_through_ops(client: TillerClient) -> None:
    tests = demo(("templates/t.yaml", pod_hook("web-test")))
    await client.install(InstallRequest(chart=tests, name="web", namespace="ns"))
    seen: list[str] = []
    outcome = await lifecycle.run_tests(
        client, TestRequest(name="web"), lambda m: seen.append(m.msg)
    )
    assert outcome.passed and seen == ["RUNNING: web-test", "PASSED: web-test"]
    assert outcome.messages[-1].status is TestRunStatus.SUCCESS


async def test_diff_previews_store_nothing(client: TillerClient) -> None:
    await client.install(InstallRequest(chart=demo(), name="web", namespace="ns"))
    await client.upgrade(UpgradeRequest(name="web", chart=demo(("templates/d.yaml", DEPLOY))))
    outcome = await preview.diff_rollback(client, "web", 1)
    assert outcome.diff.summary()["removed"] == 1  # the Deployment goes away
    revisions = await preview.diff_revisions(client, "web", 1, 2)
    assert revisions.diff.summary()["added"] == 1
    assert len(await client.history("web")) == 2
