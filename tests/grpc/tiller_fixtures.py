"""An in-process Tiller on port 0 with memory storage, and raw hapi stubs to call it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest
from hapi.services import tiller_pb2_grpc

from tiller.config import TillerConfig
from tiller.errors import TillerError
from tiller.releases.env import Env
from tiller.server import RunningTiller, start
from tiller.storage.memory import MemoryDriver
from tiller.storage.storage import Storage
from tiller.version import TillerVersion

HEADER = (("x-helm-api-client", "v2.17.0"),)


class FakeKube:
    """KubeClient fake: a fixed resources table, or a lookup failure."""

    def __init__(self) -> None:
        self.table = "==> v1/ConfigMap\nNAME  DATA  AGE\ncm    1     5s\n"
        self.fail: str | None = None

    def resources_table(self, namespace: str, manifest: str) -> str:
        if self.fail:
            raise TillerError(self.fail)
        return self.table


@dataclass
class TillerUnderTest:
    running: RunningTiller
    storage: Storage
    kube: FakeKube
    channel: grpc.Channel

    @property
    def stub(self) -> tiller_pb2_grpc.ReleaseServiceStub:
        return tiller_pb2_grpc.ReleaseServiceStub(self.channel)


def config(listen: str = "127.0.0.1:0") -> TillerConfig:
    return TillerConfig(
        listen=listen,
        probe_listen="127.0.0.1:0",
        storage="memory",
        history_max=0,
        namespace="kube-system",
        kubeconfig=None,
        tls=None,
        log_level="info",
    )


@pytest.fixture(name="tiller")
def tiller_fixture() -> Iterator[TillerUnderTest]:
    storage = Storage(MemoryDriver())
    kube = FakeKube()
    env = Env(storage=storage, kube=kube, version=TillerVersion("v2.17.0", "abc1234", "clean"))
    running = start(config(), env, probes=False)
    channel = grpc.insecure_channel(
        f"127.0.0.1:{running.port}",
        options=[
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
        ],
    )
    try:
        yield TillerUnderTest(running, storage, kube, channel)
    finally:
        channel.close()
        running.stop(grace=0)
