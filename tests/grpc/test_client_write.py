"""TillerClient's write calls against a fake Tiller: requests on the wire, answers, errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import pytest
import pytest_asyncio
from google.protobuf import any_pb2
from hapi.chart import chart_pb2, config_pb2, metadata_pb2, template_pb2
from hapi.release import test_run_pb2
from hapi.services import tiller_pb2

from app.client import ConnectionSettings, ReleaseNotFoundError, TillerClient
from app.client.errors import (
    MessageTooLargeError,
    NoDeployedReleasesError,
    OperationInProgressError,
    ReleaseExistsError,
    TillerError,
    TillerTimeoutError,
)
from app.client.models import Chart, ChartFile, ChartMetadata, ReleaseStatus, TestRunStatus
from app.client.outgoing import ChartPreparationError
from app.client.requests import (
    InstallRequest,
    RollbackRequest,
    TestRequest,
    UninstallRequest,
    UpgradeRequest,
)
from app.version import CLIENT_VERSION
from tests.grpc.fake_tiller import FakeTiller, RunningFake, make_release, start_fake

Context = Any


@dataclass
class WriteFake(FakeTiller):
    """FakeTiller plus the write RPCs: records requests, answers or fails on demand."""

    fail: str = ""  # error text to abort the next write call with
    test_messages: list[tuple[str, int]] = field(default_factory=list)
    test_fail_after: int = -1

    async def _write(self, method: str, request: Any, context: Context) -> None:
        await self._enter(method, request, context)
        if self.fail:
            await context.abort(grpc.StatusCode.UNKNOWN, self.fail)

    async def InstallRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("InstallRelease", request, context)
        rel = make_release(request.name or "generated-name", namespace=request.namespace)
        rel.config.raw = request.values.raw
        rel.chart.CopyFrom(request.chart)
        return tiller_pb2.InstallReleaseResponse(release=rel)

    async def UpdateRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("UpdateRelease", request, context)
        return tiller_pb2.UpdateReleaseResponse(release=make_release(request.name, 2))

    async def RollbackRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("RollbackRelease", request, context)
        return tiller_pb2.RollbackReleaseResponse(release=make_release(request.name, 3))

    async def UninstallRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("UninstallRelease", request, context)
        rel = make_release(request.name, 1, "DELETED")
        return tiller_pb2.UninstallReleaseResponse(release=rel, info="kept: [Secret] s\n")

    async def RunReleaseTest(  # noqa: N802
        self, request: Any, context: Context
    ) -> AsyncIterator[tiller_pb2.TestReleaseResponse]:
        await self._write("RunReleaseTest", request, context)
        for index, (msg, status) in enumerate(self.test_messages):
            if index == self.test_fail_after:
                await context.abort(grpc.StatusCode.UNKNOWN, "pod test-1 is not a pod")
            yield tiller_pb2.TestReleaseResponse(msg=msg, status=status)  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[RunningFake]:
    running = await start_fake(WriteFake(releases=[make_release("web")]))
    try:
        yield running
    finally:
        await running.server.stop(None)


@pytest_asyncio.fixture
async def client(fake: RunningFake) -> AsyncIterator[TillerClient]:
    async with TillerClient(ConnectionSettings(host=fake.host, read_timeout=5)) as tiller:
        yield tiller


def tiller_of(fake: RunningFake) -> WriteFake:
    assert isinstance(fake.tiller, WriteFake)
    return fake.tiller


def chart_with_requirements() -> chart_pb2.Chart:
    """A parent with two subcharts; requirements.yaml disables ``db`` by a condition."""
    requirements = (
        b"dependencies:\n"
        b"- name: db\n  version: 1.0.0\n  condition: db.enabled\n"
        b"- name: cache\n  version: 1.0.0\n"
    )
    return chart_pb2.Chart(
        metadata=metadata_pb2.Metadata(name="app", version="0.1.0"),
        templates=[template_pb2.Template(name="templates/cm.yaml", data=b"kind: ConfigMap\n")],
        values=config_pb2.Config(raw="db:\n  enabled: true\n"),
        files=[any_pb2.Any(type_url="requirements.yaml", value=requirements)],
        dependencies=[
            chart_pb2.Chart(metadata=metadata_pb2.Metadata(name="db", version="1.0.0")),
            chart_pb2.Chart(metadata=metadata_pb2.Metadata(name="cache", version="1.0.0")),
        ],
    )


async def test_install_sends_helms_request(fake: RunningFake, client: TillerClient) -> None:
    chart = chart_with_requirements()
    rel = await client.install(InstallRequest(chart=chart, name="web2", namespace="apps"))
    call = tiller_of(fake).calls[-1]
    assert call.method == "InstallRelease"
    assert call.metadata["x-helm-api-client"] == CLIENT_VERSION
    request = call.request
    assert (request.name, request.namespace, request.timeout) == ("web2", "apps", 300)
    assert request.values.raw == "{}\n"  # never empty, as Helm sends it
    assert [d.metadata.name for d in request.chart.dependencies] == ["db", "cache"]
    assert rel.name == "web2" and rel.namespace == "apps"
    assert rel.status is ReleaseStatus.DEPLOYED
    # The caller's chart is not modified by requirements processing.
    assert len(chart.dependencies) == 2


async def test_install_processes_requirements_against_the_values(
    fake: RunningFake, client: TillerClient
) -> None:
    chart = chart_with_requirements()
    await client.install(InstallRequest(chart=chart, values="db:\n  enabled: false\n"))
    request = tiller_of(fake).calls[-1].request
    assert [d.metadata.name for d in request.chart.dependencies] == ["cache"]
    assert request.values.raw == "db:\n  enabled: false\n"


async def test_install_bad_values_fail_before_sending(
    fake: RunningFake, client: TillerClient
) -> None:
    with pytest.raises(ChartPreparationError):
        await client.install(InstallRequest(chart=chart_with_requirements(), values="a: [\n"))
    assert not [c for c in tiller_of(fake).calls if c.method == "InstallRelease"]


async def test_install_accepts_the_clients_chart_dataclass(
    fake: RunningFake, client: TillerClient
) -> None:
    chart = Chart(
        metadata=ChartMetadata(name="mini", version="1.2.3", annotations=(("a", "b"),)),
        values="x: 1\n",
        templates=(ChartFile("templates/a.yaml", b"kind: Pod\n"),),
        files=(ChartFile("README.md", b"hi"),),
    )
    await client.install(InstallRequest(chart=chart, dry_run=True, wait=True, timeout=5))
    request = tiller_of(fake).calls[-1].request
    assert request.chart.metadata.name == "mini" and request.chart.metadata.annotations["a"] == "b"
    assert request.chart.templates[0].name == "templates/a.yaml"
    assert (request.chart.files[0].type_url, request.chart.files[0].value) == ("README.md", b"hi")
    assert (request.dry_run, request.wait, request.timeout) == (True, True, 5)


async def test_install_name_in_use(fake: RunningFake, client: TillerClient) -> None:
    tiller_of(fake).fail = (
        "a release named web already exists.\nRun: helm ls --all web; to check the status "
        "of the release\nOr run: helm del --purge web; to delete it"
    )
    with pytest.raises(ReleaseExistsError) as err:
        await client.install(InstallRequest(chart=chart_with_requirements(), name="web"))
    assert err.value.name == "web"
    assert str(err.value).startswith("a release named web already exists.")


async def test_upgrade_request_and_errors(fake: RunningFake, client: TillerClient) -> None:
    request = UpgradeRequest(
        name="web",
        chart=chart_with_requirements(),
        values="a: 1\n",
        reuse_values=True,
        force=True,
        recreate=True,
        cleanup_on_fail=True,
        description="why",
    )
    rel = await client.upgrade(request)
    sent = tiller_of(fake).calls[-1].request
    assert (sent.name, sent.reuse_values, sent.force, sent.recreate) == ("web", True, True, True)
    assert (sent.cleanup_on_fail, sent.description, sent.timeout) == (True, "why", 300)
    assert rel.revision == 2
    tiller_of(fake).fail = '"web" has no deployed releases'
    with pytest.raises(NoDeployedReleasesError):
        await client.upgrade(request)
    tiller_of(fake).fail = "another operation (install/upgrade/rollback) is in progress"
    with pytest.raises(OperationInProgressError):
        await client.upgrade(request)
    tiller_of(fake).fail = 'release: "web" not found'
    with pytest.raises(ReleaseNotFoundError):
        await client.upgrade(request)


async def test_rollback_and_uninstall(fake: RunningFake, client: TillerClient) -> None:
    rel = await client.rollback(RollbackRequest(name="web", revision=1, wait=True, timeout=9))
    sent = tiller_of(fake).calls[-1].request
    assert (sent.version, sent.wait, sent.timeout) == (1, True, 9)
    assert rel.revision == 3
    result = await client.uninstall(UninstallRequest(name="web", purge=True))
    sent = tiller_of(fake).calls[-1].request
    assert (sent.name, sent.purge, sent.timeout) == ("web", True, 300)
    assert result.release is not None and result.release.status is ReleaseStatus.DELETED
    assert result.info == "kept: [Secret] s\n"
    tiller_of(fake).fail = 'the release named "web" is already deleted'
    with pytest.raises(TillerError, match="already deleted"):
        await client.uninstall(UninstallRequest(name="web"))


async def test_run_tests_streams_messages(fake: RunningFake, client: TillerClient) -> None:
    tiller_of(fake).test_messages = [
        ("RUNNING: web-test", test_run_pb2.TestRun.RUNNING),
        ("PASSED: web-test", test_run_pb2.TestRun.SUCCESS),
        ("FAILED: web-test2", test_run_pb2.TestRun.FAILURE),
    ]
    got = [m async for m in client.run_tests(TestRequest(name="web", cleanup=True))]
    assert [(m.msg, m.status) for m in got] == [
        ("RUNNING: web-test", TestRunStatus.RUNNING),
        ("PASSED: web-test", TestRunStatus.SUCCESS),
        ("FAILED: web-test2", TestRunStatus.FAILURE),
    ]
    sent = tiller_of(fake).calls[-1].request
    assert (sent.cleanup, sent.max_parallel, sent.timeout) == (True, 20, 300)


async def test_run_tests_error_mid_stream(fake: RunningFake, client: TillerClient) -> None:
    tiller_of(fake).test_messages = [("RUNNING: a", 3), ("never", 1)]
    tiller_of(fake).test_fail_after = 1
    seen: list[str] = []
    with pytest.raises(TillerError, match="is not a pod"):
        async for message in client.run_tests(TestRequest(name="web")):
            seen.append(message.msg)
    assert seen == ["RUNNING: a"]


async def test_write_deadline_follows_the_tiller_timeout(
    fake: RunningFake, client: TillerClient
) -> None:
    assert client.write_deadline(300) == 5 + 3 * 300
    tiller_of(fake).delay = 1.0
    with pytest.raises(TillerTimeoutError):
        await client.rollback(RollbackRequest(name="web"), deadline=0.2)


async def test_a_chart_over_20_mib_is_refused_by_the_client(
    fake: RunningFake, client: TillerClient
) -> None:
    chart = chart_with_requirements()
    chart.files.append(any_pb2.Any(type_url="big.bin", value=b"x" * (21 * 1024 * 1024)))
    with pytest.raises(MessageTooLargeError):
        await client.install(InstallRequest(chart=chart))
    assert not [c for c in tiller_of(fake).calls if c.method == "InstallRelease"]
    # The connection stays usable.
    await client.install(InstallRequest(chart=chart_with_requirements()))


async def test_calls_are_independent_of_each_other(fake: RunningFake, client: TillerClient) -> None:
    results = await asyncio.gather(
        client.rollback(RollbackRequest(name="a")), client.rollback(RollbackRequest(name="b"))
    )
    assert [r.name for r in results] == ["a", "b"]
