"""A small fake Tiller for TillerClient tests: canned releases, Tiller's error texts.

It implements the generated ReleaseService servicer on a grpc.aio server (port 0), with
Tiller's ListReleases semantics (status/namespace/regex filters, sorting, offset/limit/next,
zero messages for an empty result) and a configurable number of releases per stream chunk,
so the client's chunk merging and paging are exercised. It records every call's request and
metadata. Deliberately independent of ``tiller/``: these tests pin the client's behaviour,
and stay valid when the same client is pointed at the real Tiller.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import grpc
from google.protobuf import any_pb2
from hapi.chart import chart_pb2, config_pb2, metadata_pb2, template_pb2
from hapi.release import hook_pb2, info_pb2, release_pb2, status_pb2
from hapi.services import tiller_pb2, tiller_pb2_grpc
from hapi.version import version_pb2

if TYPE_CHECKING:
    Context = grpc.aio.ServicerContext[Any, Any]
SERVER_VERSION = "v2.17.0"
SERVER_COMMIT = "a690bad98af45b015bd3da1a41f6218b1a451dbe"
BIG = 64 * 1024 * 1024


def make_release(
    name: str,
    revision: int = 1,
    status: str = "DEPLOYED",
    *,
    namespace: str = "default",
    chart: str = "demo",
    chart_version: str = "0.1.0",
    app_version: str = "1.0",
    deployed_at: int | None = 1_600_000_000,
    manifest: str = "kind: ConfigMap\n",
) -> release_pb2.Release:
    """A stored release revision, filled the way Tiller fills one."""
    rel = release_pb2.Release(
        name=name,
        version=revision,
        namespace=namespace,
        chart=chart_pb2.Chart(
            metadata=metadata_pb2.Metadata(
                name=chart,
                version=chart_version,
                appVersion=app_version,
                apiVersion="v1",
                keywords=["a", "b"],
                annotations={"z": "1", "a": "2"},
                maintainers=[metadata_pb2.Maintainer(name="me", email="me@example.com")],
            ),
            templates=[template_pb2.Template(name="templates/cm.yaml", data=b"kind: ConfigMap")],
            files=[any_pb2.Any(type_url="README.md", value=b"# demo")],
            values=config_pb2.Config(raw="replicas: 1\n"),
            dependencies=[chart_pb2.Chart(metadata=metadata_pb2.Metadata(name="sub"))],
        ),
        config=config_pb2.Config(raw="replicas: 2\n"),
        manifest=manifest,
        hooks=[
            hook_pb2.Hook(
                name="pre",
                kind="Job",
                path="demo/templates/job.yaml",
                manifest="kind: Job",
                events=[hook_pb2.Hook.PRE_INSTALL, hook_pb2.Hook.POST_UPGRADE],
                weight=-5,
                delete_policies=[hook_pb2.Hook.BEFORE_HOOK_CREATION],
                delete_timeout=30,
            )
        ],
        info=info_pb2.Info(
            status=status_pb2.Status(
                code=status_pb2.Status.Code.Value(status), notes="hi", resources="==> v1/Pod\n"
            ),
            Description="Install complete",
        ),
    )
    if deployed_at is not None:
        rel.info.first_deployed.seconds = deployed_at
        rel.info.last_deployed.seconds = deployed_at + revision
        rel.info.last_deployed.nanos = 500_000_000
    return rel


@dataclass
class Call:
    """One RPC the fake received."""

    method: str
    request: Any
    metadata: dict[str, str]


@dataclass
class FakeTiller(tiller_pb2_grpc.ReleaseServiceServicer):
    """The servicer. Tests tweak its attributes between calls."""

    releases: list[release_pb2.Release] = field(default_factory=list)
    server_version: str = SERVER_VERSION
    accept_clients: Sequence[str] = ("v2.17.0",)
    chunk_size: int = 2  # releases per ListReleases message
    delay: float = 0.0  # seconds to sleep before answering
    calls: list[Call] = field(default_factory=list)

    def _record(self, method: str, request: Any, context: Context) -> None:
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        self.calls.append(Call(method, request, metadata))

    async def _enter(self, method: str, request: Any, context: Context) -> None:
        self._record(method, request, context)
        if self.delay:
            await asyncio.sleep(self.delay)
        client = dict(context.invocation_metadata() or ()).get("x-helm-api-client", "")
        if method != "GetVersion" and client not in self.accept_clients:
            await context.abort(
                grpc.StatusCode.UNKNOWN,
                f"incompatible versions client[{client}] server[{self.server_version}]",
            )

    def _revisions(self, name: str) -> list[release_pb2.Release]:
        return sorted((r for r in self.releases if r.name == name), key=lambda r: r.version)

    async def GetVersion(  # noqa: N802 - gRPC method name
        self, request: tiller_pb2.GetVersionRequest, context: Context
    ) -> tiller_pb2.GetVersionResponse:
        await self._enter("GetVersion", request, context)
        return tiller_pb2.GetVersionResponse(
            Version=version_pb2.Version(
                sem_ver=self.server_version, git_commit=SERVER_COMMIT, git_tree_state="clean"
            )
        )

    async def ListReleases(  # noqa: N802
        self, request: tiller_pb2.ListReleasesRequest, context: Context
    ) -> AsyncIterator[tiller_pb2.ListReleasesResponse]:
        await self._enter("ListReleases", request, context)
        codes = set(request.status_codes) or {status_pb2.Status.DEPLOYED}
        items = [r for r in self.releases if r.info.status.code in codes]
        if request.namespace:
            items = [r for r in items if r.namespace == request.namespace]
        if request.filter:
            items = [r for r in items if re.search(request.filter, r.name)]
        total = len(items)
        keys: dict[int, Any] = {
            tiller_pb2.ListSort.NAME: lambda r: r.name,
            tiller_pb2.ListSort.LAST_RELEASED: lambda r: r.info.last_deployed.seconds,
            tiller_pb2.ListSort.CHART_NAME: lambda r: r.chart.metadata.name,
        }
        if request.sort_by in keys:
            items.sort(key=keys[request.sort_by])
        if request.sort_order == tiller_pb2.ListSort.DESC:
            items.reverse()
        if request.offset:
            found = [i for i, r in enumerate(items) if r.name == request.offset]
            if not found:
                await context.abort(grpc.StatusCode.UNKNOWN, f'offset "{request.offset}" not found')
            items = items[found[-1] :]
        limit = request.limit or 512
        next_name = items[limit].name if len(items) > limit else ""
        items = items[:limit]
        for start in range(0, len(items), self.chunk_size):
            yield tiller_pb2.ListReleasesResponse(
                count=len(items),
                next=next_name,
                total=total,
                releases=items[start : start + self.chunk_size],
            )

    async def GetReleaseStatus(  # noqa: N802
        self, request: tiller_pb2.GetReleaseStatusRequest, context: Context
    ) -> tiller_pb2.GetReleaseStatusResponse:
        await self._enter("GetReleaseStatus", request, context)
        rel = await self._find(request.name, request.version, context, status=True)
        return tiller_pb2.GetReleaseStatusResponse(
            name=rel.name, namespace=rel.namespace, info=rel.info
        )

    async def GetReleaseContent(  # noqa: N802
        self, request: tiller_pb2.GetReleaseContentRequest, context: Context
    ) -> tiller_pb2.GetReleaseContentResponse:
        await self._enter("GetReleaseContent", request, context)
        rel = await self._find(request.name, request.version, context, status=False)
        return tiller_pb2.GetReleaseContentResponse(release=rel)

    async def GetHistory(  # noqa: N802
        self, request: tiller_pb2.GetHistoryRequest, context: Context
    ) -> tiller_pb2.GetHistoryResponse:
        await self._enter("GetHistory", request, context)
        revisions = self._revisions(request.name)
        if not revisions:
            await context.abort(grpc.StatusCode.UNKNOWN, f'release: "{request.name}" not found')
        newest_first = list(reversed(revisions))[: request.max]
        return tiller_pb2.GetHistoryResponse(releases=newest_first)

    async def _not_here(self, method: str, context: Context) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{method} is not faked")

    async def InstallRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        return await self._not_here("InstallRelease", context)

    async def UpdateRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        return await self._not_here("UpdateRelease", context)

    async def RollbackRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        return await self._not_here("RollbackRelease", context)

    async def UninstallRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        return await self._not_here("UninstallRelease", context)

    async def RunReleaseTest(  # noqa: N802
        self, request: Any, context: Context
    ) -> AsyncIterator[tiller_pb2.TestReleaseResponse]:
        await self._not_here("RunReleaseTest", context)
        yield tiller_pb2.TestReleaseResponse()  # unreachable: makes this a stream handler

    async def _find(
        self, name: str, revision: int, context: Context, *, status: bool
    ) -> release_pb2.Release:
        revisions = self._revisions(name)
        if revision <= 0:
            if not revisions:
                prefix = f'getting deployed release "{name}": ' if status else ""
                await context.abort(grpc.StatusCode.UNKNOWN, f'{prefix}release: "{name}" not found')
            return revisions[-1]
        for rel in revisions:
            if rel.version == revision:
                return rel
        prefix = f"getting release '{name}' (v{revision}): " if status else ""
        await context.abort(
            grpc.StatusCode.UNKNOWN, f'{prefix}release: "{name}.v{revision}" not found'
        )
        raise AssertionError("unreachable")


@dataclass
class RunningFake:
    """A started fake: its servicer and address."""

    tiller: FakeTiller
    server: grpc.aio.Server
    port: int

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


async def start_fake(
    tiller: FakeTiller, credentials: grpc.ServerCredentials | None = None
) -> RunningFake:
    """Serve ``tiller`` on 127.0.0.1, port 0, plaintext or with ``credentials``."""
    server = grpc.aio.server(
        options=[
            # Larger than the client's 20 MiB, so the client's own limit is what trips.
            ("grpc.max_send_message_length", BIG),
            ("grpc.max_receive_message_length", BIG),
        ]
    )
    tiller_pb2_grpc.add_ReleaseServiceServicer_to_server(tiller, server)
    if credentials is None:
        port = server.add_insecure_port("127.0.0.1:0")
    else:
        port = server.add_secure_port("127.0.0.1:0", credentials)
    await server.start()
    return RunningFake(tiller, server, port)
