"""The API server going away or restarting while Tiller upgrades a release.

The shared API server must keep running, so Tiller reaches it through a
:class:`~tests.e2e.tcp_proxy.TcpProxy` that the test cuts; the test itself reads and
checks the cluster directly. The upgrades use ``wait`` on a Deployment whose pods stay
Pending until a :class:`~tests.fake_node.FakeNode` runs, so the outage hits the
operation mid-wait, after its objects were patched.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from hapi.release import release_pb2

from tests.cluster import KubeCluster
from tests.e2e.lifecycle_helpers import Lab, S, lab_namespaces
from tests.e2e.tcp_proxy import TcpProxy
from tests.fake_node import FakeNode

pytestmark = pytest.mark.cluster

_SERVER = re.compile(r"https://127\.0\.0\.1:(\d+)")
# What tiller logs when a poll of its wait gets no answer (tiller.kube.wait.poll).
_MET_OUTAGE = re.compile(r"waiting: (cannot reach|lost the connection to) the Kubernetes API")
# The wait timeout sent with the upgrades: longer than the 120 s deadline of the RPC
# (Lab.upgrade), so a Tiller that sat out its wait would fail the test with
# DEADLINE_EXCEEDED instead of answering.
WAIT_TIMEOUT_S = 300
# Generous bounds for background work to show up (the machine is shared and slow).
SETTLE_S = 120.0


@pytest.fixture
def lab(kube_cluster: KubeCluster, tmp_path: Path) -> Iterator[Lab]:
    """A lab (no fake node: pods stay Pending, so a waiting upgrade keeps waiting)."""
    with lab_namespaces(kube_cluster, tmp_path, "outage") as lab:
        yield lab


@pytest.fixture
def proxy(kube_cluster: KubeCluster) -> Iterator[TcpProxy]:
    """A proxy in front of the local API server."""
    match = _SERVER.search(kube_cluster.kubeconfig.read_text())
    assert match, "the local cluster's kubeconfig names no https://127.0.0.1:<port> server"
    with TcpProxy("127.0.0.1", int(match.group(1))) as running:
        yield running


@contextmanager
def tiller_through(lab: Lab, proxy: TcpProxy) -> Iterator[None]:
    """Run tiller (configmap storage, default storage cache) talking to the proxy."""
    kubeconfig = lab.tmp_path / "through-proxy.kubeconfig"
    kubeconfig.write_text(
        _SERVER.sub(f"https://127.0.0.1:{proxy.port}", lab.cluster.kubeconfig.read_text())
    )
    with lab.running("--kubeconfig", str(kubeconfig)):
        yield


@dataclass
class Outcome:
    """What a background RPC returned."""

    release: release_pb2.Release | None = None
    error: grpc.RpcError | None = None


def upgrade_in_background(lab: Lab, name: str, raw: str) -> tuple[threading.Thread, Outcome]:
    """Start ``upgrade --wait`` in a thread."""
    outcome = Outcome()

    def run() -> None:
        try:
            outcome.release = lab.upgrade(name, "hello", raw, wait=True, timeout=WAIT_TIMEOUT_S)
        except grpc.RpcError as err:
            outcome.error = err

    worker = threading.Thread(target=run, name=f"upgrade-{name}")
    worker.start()
    return worker, outcome


def eventually(condition: Callable[[], bool], what: str, bound: float = SETTLE_S) -> None:
    """Poll ``condition`` until it holds; fail after ``bound`` seconds."""
    deadline = time.monotonic() + bound
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.2)


def wait_until_upgrade_waits(lab: Lab, name: str, message: str) -> None:
    """Revision 2 is stored PENDING_UPGRADE and its objects are patched: it is waiting."""

    def waiting() -> bool:
        data = lab.configmap(f"{name}-hello") or {}
        return lab.statuses(name).get(2) == "PENDING_UPGRADE" and data.get("message") == message

    eventually(waiting, f"upgrade of {name} reaching its wait")


def test_api_server_gone_mid_upgrade_fails_it_with_the_connection_error_then_all_recovers(
    lab: Lab, proxy: TcpProxy
) -> None:
    with tiller_through(lab, proxy):
        lab.install("o", "hello")
        worker, outcome = upgrade_in_background(lab, "o", "message: second\n")
        wait_until_upgrade_waits(lab, "o", "second")

        proxy.cut()  # listener closed, live connections dropped: the API server is gone
        worker.join()
        assert outcome.release is None and outcome.error is not None
        assert outcome.error.code() == grpc.StatusCode.UNKNOWN, outcome.error.details()
        message = outcome.error.details() or ""
        # The upgrade's deployment poll is what met the outage.
        assert re.fullmatch(
            r'cannot reach the Kubernetes API server: GET "https://127\.0\.0\.1:'
            rf'{proxy.port}/apis/apps/v1/namespaces/{lab.ns}/deployments/o-hello": '
            r"connection refused",
            message,
        ), message
        # Nothing could be stored while the API server was gone.
        assert lab.statuses("o") == {1: "DEPLOYED", 2: "PENDING_UPGRADE"}

        proxy.restore()  # the API server is back
        # Tiller writes the outcome it kept, without waiting for another operation.
        eventually(lambda: lab.statuses("o") == {1: "DEPLOYED", 2: "FAILED"}, "FAILED v2")
        records = lab.records("o")
        assert records[2][1].info.Description == f'Upgrade "o" failed: {message}'
        assert records[1][1].info.Description == "Install complete"

        with FakeNode(lab.cluster.kubeconfig, namespaces=[lab.ns]):
            rel = lab.upgrade("o", "hello", "message: third\n", wait=True)
            assert (rel.version, rel.info.status.code) == (3, S.DEPLOYED)
            assert lab.statuses("o") == {1: "SUPERSEDED", 2: "FAILED", 3: "DEPLOYED"}
            assert lab.configmap("o-hello") == {"message": "third", "revision": "3"}
            deployment = lab.apps.read_namespaced_deployment("o-hello", lab.ns)
            assert deployment.status is not None and deployment.status.ready_replicas == 1

            back = lab.rollback("o", 1, wait=True)
            assert (back.version, back.info.status.code) == (4, S.DEPLOYED)
        assert lab.statuses("o") == {1: "SUPERSEDED", 2: "FAILED", 3: "SUPERSEDED", 4: "DEPLOYED"}
        assert lab.configmap("o-hello") == {"message": "hello", "revision": "1"}


@pytest.mark.parametrize("restart", ["refused", "reset"])
def test_api_server_restart_mid_wait_does_not_fail_the_upgrade(
    lab: Lab, proxy: TcpProxy, restart: str
) -> None:
    with tiller_through(lab, proxy):
        lab.install("r", "hello")
        worker, outcome = upgrade_in_background(lab, "r", "message: second\n")
        wait_until_upgrade_waits(lab, "r", "second")
        tiller = lab.tiller
        assert tiller is not None

        # Restarting: connections are dropped, new ones refused (nothing listens) or
        # reset (a load balancer in front of it).
        if restart == "refused":
            proxy.cut()
        else:
            proxy.reset_new()
        eventually(
            lambda: _MET_OUTAGE.search(tiller.log()) is not None,
            "the waiting upgrade meeting the restart",
        )
        proxy.restore()
        with FakeNode(lab.cluster.kubeconfig, namespaces=[lab.ns]):
            worker.join()
        assert outcome.error is None, outcome.error.details()
        assert outcome.release is not None
        assert (outcome.release.version, outcome.release.info.status.code) == (2, S.DEPLOYED)
        assert outcome.release.info.Description == "Upgrade complete"
        assert lab.statuses("r") == {1: "SUPERSEDED", 2: "DEPLOYED"}
        assert lab.configmap("r-hello") == {"message": "second", "revision": "2"}
        assert (proxy.resets > 0) == (restart == "reset")


def test_api_server_hung_mid_upgrade_fails_it_with_a_read_timeout_not_a_hang(
    lab: Lab, proxy: TcpProxy
) -> None:
    with tiller_through(lab, proxy):
        lab.install("s", "hello")
        worker, outcome = upgrade_in_background(lab, "s", "message: second\n")
        wait_until_upgrade_waits(lab, "s", "second")

        proxy.stall()  # connections stay open, nothing answers
        worker.join()
        assert outcome.error is not None, "the upgrade succeeded against a hung API server"
        assert outcome.error.code() == grpc.StatusCode.UNKNOWN, outcome.error.details()
        message = outcome.error.details() or ""
        assert re.fullmatch(
            r"lost the connection to the Kubernetes API server: GET \"https://127\.0\.0\.1:"
            rf'{proxy.port}/apis/apps/v1/namespaces/{lab.ns}/deployments/s-hello": '
            r"no response within [0-9.]+ s \(read timeout\)",
            message,
        ), message

        proxy.restore()
        eventually(lambda: lab.statuses("s") == {1: "DEPLOYED", 2: "FAILED"}, "FAILED v2")
        assert lab.records("s")[2][1].info.Description == f'Upgrade "s" failed: {message}'
