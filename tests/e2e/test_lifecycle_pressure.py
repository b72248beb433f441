"""Correctness under pressure: concurrency, a killed Tiller, API refusals, a dead API."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from hapi.services import tiller_pb2, tiller_pb2_grpc

from tests.cluster import KubeCluster
from tests.e2e.lifecycle_helpers import (
    Lab,
    S,
    chart,
    lab_namespaces,
    values,
)
from tests.e2e.tiller_process import free_port, run_tiller
from tests.fake_node import FakeNode

pytestmark = pytest.mark.cluster
IN_PROGRESS = "another operation (install/upgrade/rollback) is in progress"


@pytest.fixture
def lab(kube_cluster: KubeCluster, tmp_path: Path) -> Iterator[Lab]:
    """A lab whose tiller the test starts itself (no fake node: pods stay Pending)."""
    with lab_namespaces(kube_cluster, tmp_path, "press") as lab:
        yield lab


def test_killed_mid_upgrade_then_history_is_consistent_and_next_upgrade_proceeds(lab: Lab) -> None:
    with lab.running():
        lab.install("k", "hello")
    errors: list[str] = []
    with lab.running() as proc:
        # Pods never become Ready here, so this upgrade sits in its wait.
        def upgrade() -> None:
            try:
                lab.upgrade("k", "hello", "message: second\n", wait=True, timeout=120)
            except grpc.RpcError as err:
                errors.append(str(err.code()))

        worker = threading.Thread(target=upgrade)
        worker.start()
        deadline = time.monotonic() + 30
        while lab.statuses("k").get(2) != "PENDING_UPGRADE":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1)
        proc.process.kill()  # SIGKILL: no cleanup at all
        worker.join(timeout=30)
    assert errors == ["StatusCode.UNAVAILABLE"]
    assert lab.statuses("k") == {1: "DEPLOYED", 2: "PENDING_UPGRADE"}
    assert lab.configmap("k-hello")["message"] == "second"  # the patch had happened

    with lab.running():
        rel = lab.upgrade("k", "hello", "message: third\n")
        assert rel.version == 3
        assert lab.statuses("k") == {1: "SUPERSEDED", 2: "FAILED", 3: "DEPLOYED"}
        _, interrupted = lab.records("k")[2]
        assert interrupted.info.Description == (
            "Preparing upgrade (interrupted: Tiller stopped before the operation completed)"
        )
        assert lab.configmap("k-hello") == {"message": "third", "revision": "3"}
        assert lab.rollback("k", 1).version == 4


def _quota(lab: Lab, configmaps: int) -> None:
    quota = {
        "metadata": {"name": "cm-quota"},
        "spec": {"hard": {"count/configmaps": str(configmaps)}},
    }
    lab.core.create_namespaced_resource_quota(lab.ns, quota)
    deadline = time.monotonic() + 30
    while not (lab.core.read_namespaced_resource_quota("cm-quota", lab.ns).status.hard or {}):
        assert time.monotonic() < deadline, "quota controller did not process the quota"
        time.sleep(0.2)


def test_api_refusal_mid_install_gives_failed_revision_and_force_is_the_way_out(
    lab: Lab,
) -> None:
    existing = len(lab.core.list_namespaced_config_map(lab.ns).items)
    _quota(lab, existing + 1)  # room for the first ConfigMap of the chart, not the second
    with lab.running():
        with pytest.raises(grpc.RpcError) as err:
            lab.install("q", "hello", "keepData: true\n")
        message = err.value.details()
        assert message.startswith('release q failed: configmaps "q-hello-data" is forbidden: ')
        assert "exceeded quota: cm-quota" in message
        assert lab.statuses("q") == {1: "FAILED"}
        _, failed = lab.records("q")[1]
        assert failed.info.Description == 'Release "q" failed: ' + message.split(": ", 1)[1]
        assert lab.configmap("q-hello") is not None  # created before the refusal

        with pytest.raises(grpc.RpcError) as err:
            lab.upgrade("q", "hello", "keepData: true\n")
        assert err.value.details() == '"q" has no deployed releases'

        lab.core.delete_namespaced_resource_quota("cm-quota", lab.ns)
        rel = lab.upgrade("q", "hello", "keepData: true\n", force=True)
        assert (rel.version, rel.info.status.code) == (2, S.DEPLOYED)
        assert lab.statuses("q") == {1: "DELETED", 2: "DEPLOYED"}
        assert lab.configmap("q-hello-data") == {"precious": "yes"}


def test_concurrent_upgrades_are_refused_and_releases_run_in_parallel(lab: Lab) -> None:
    with lab.running(), FakeNode(lab.cluster.kubeconfig, namespaces=[lab.ns]):
        lab.install("c", "hello")
        outcomes: list[str] = []

        def upgrade(i: int) -> None:
            try:
                rel = lab.upgrade("c", "hello", f"message: m{i}\n", wait=True)
                outcomes.append(f"v{rel.version}")
            except grpc.RpcError as err:
                outcomes.append(err.details())

        threads = [threading.Thread(target=upgrade, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == sorted(["v2"] + [IN_PROGRESS] * 3)
        assert lab.statuses("c") == {1: "SUPERSEDED", 2: "DEPLOYED"}

        started = time.monotonic()
        names = ["p1", "p2", "p3"]
        threads = [
            threading.Thread(target=lab.install, args=(n, "hello"), kwargs={"wait": True})
            for n in names
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(lab.statuses(n) == {1: "DEPLOYED"} for n in names)
        # Each waits for its Deployment (polled every 2 s); serialised they would take longer.
        assert time.monotonic() - started < 20


def test_unreachable_api_server_fails_fast(tmp_path: Path, lab: Lab) -> None:
    kubeconfig = tmp_path / "dead.kubeconfig"
    dead = f"https://127.0.0.1:{free_port()}"
    kubeconfig.write_text(
        re.sub(r"https://127\.0\.0\.1:\d+", dead, lab.cluster.kubeconfig.read_text())
    )
    env = {**lab.cluster.env, "KUBECONFIG": str(kubeconfig)}
    with run_tiller(tmp_path, "--storage", "memory", env=env) as proc:
        stub = tiller_pb2_grpc.ReleaseServiceStub(grpc.insecure_channel(proc.address))
        req = tiller_pb2.InstallReleaseRequest(
            name="x", namespace="default", chart=chart("hello"), values=values()
        )
        started = time.monotonic()
        with pytest.raises(grpc.RpcError) as err:
            stub.InstallRelease(req, metadata=(("x-helm-api-client", "v2.17.0"),), timeout=60)
        assert time.monotonic() - started < 30
        assert err.value.code() == grpc.StatusCode.UNKNOWN
        assert "connection refused" in err.value.details().lower()
