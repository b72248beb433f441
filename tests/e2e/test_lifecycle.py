"""The release lifecycle against a real tiller process and the local Kubernetes cluster."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from hapi.release import test_run_pb2
from hapi.services import tiller_pb2
from kubernetes import client

from tests.cluster import KubeCluster
from tests.e2e.lifecycle_helpers import (
    HEADER,
    Lab,
    S,
    lab_namespaces,
)
from tests.fake_node import FakeNode

pytestmark = pytest.mark.cluster


@pytest.fixture
def lab(kube_cluster: KubeCluster, tmp_path: Path) -> Iterator[Lab]:
    with (
        lab_namespaces(kube_cluster, tmp_path, "apps") as lab,
        lab.running(),
        FakeNode(kube_cluster.kubeconfig, namespaces=[lab.ns]),
    ):
        yield lab


def test_install_upgrade_rollback_delete_revive_purge(lab: Lab) -> None:
    # install, waiting for the Deployment's pod (the fake node makes it Ready)
    rel = lab.install("web", "hello", "keepData: true\n", wait=True)
    assert (rel.version, rel.info.status.code, rel.info.Description) == (
        1,
        S.DEPLOYED,
        "Install complete",
    )
    assert rel.info.status.notes.startswith("web-hello says hello (revision 1).")
    assert lab.configmap("web-hello") == {"message": "hello", "revision": "1"}
    assert lab.apps.read_namespaced_deployment("web-hello", lab.ns).spec.replicas == 1
    assert lab.core.read_namespaced_service("web-hello", lab.ns).spec.cluster_ip
    assert lab.statuses("web") == {1: "DEPLOYED"}

    # upgrade: new values, patched objects
    rel = lab.upgrade("web", "hello", "keepData: true\nmessage: bye\nreplicaCount: 2\n")
    assert (rel.version, rel.info.Description) == (2, "Upgrade complete")
    assert lab.configmap("web-hello") == {"message": "bye", "revision": "2"}
    assert lab.apps.read_namespaced_deployment("web-hello", lab.ns).spec.replicas == 2
    assert lab.statuses("web") == {1: "SUPERSEDED", 2: "DEPLOYED"}
    status = lab.stub.GetReleaseStatus(
        tiller_pb2.GetReleaseStatusRequest(name="web"), metadata=HEADER
    )
    assert "==> v1/ConfigMap" in status.info.status.resources
    assert "web-hello" in status.info.status.resources

    # rollback to the first revision: its manifest, not a re-render
    rel = lab.rollback("web", 1)
    assert (rel.version, rel.info.Description) == (3, "Rollback to 1")
    assert lab.configmap("web-hello") == {"message": "hello", "revision": "1"}
    assert lab.apps.read_namespaced_deployment("web-hello", lab.ns).spec.replicas == 1
    assert lab.statuses("web") == {1: "SUPERSEDED", 2: "SUPERSEDED", 3: "DEPLOYED"}

    # soft delete: objects gone except the kept one, history kept
    resp = lab.uninstall("web")
    assert resp.release.info.Description == "Deletion complete"
    assert resp.info == (
        "These resources were kept due to the resource policy:\n[ConfigMap] web-hello-data\n"
    )
    assert lab.configmap("web-hello") is None
    assert not lab.exists(lab.apps.read_namespaced_deployment, "web-hello")
    assert not lab.exists(lab.core.read_namespaced_service, "web-hello")
    assert lab.configmap("web-hello-data") == {"precious": "yes"}
    assert lab.statuses("web") == {1: "SUPERSEDED", 2: "SUPERSEDED", 3: "DELETED"}
    with pytest.raises(grpc.RpcError) as err:
        lab.uninstall("web")
    assert err.value.details() == 'the release named "web" is already deleted'

    # rollback of the deleted release revives it (to revision 2: current - 1)
    rel = lab.rollback("web")
    assert (rel.version, rel.info.status.code) == (4, S.DEPLOYED)
    assert lab.configmap("web-hello") == {"message": "bye", "revision": "2"}
    assert lab.exists(lab.apps.read_namespaced_deployment, "web-hello")
    assert lab.statuses("web") == {1: "SUPERSEDED", 2: "SUPERSEDED", 3: "SUPERSEDED", 4: "DEPLOYED"}

    # purge: every record gone, objects too (the kept one stays)
    lab.uninstall("web", purge=True)
    assert lab.records("web") == {}
    assert lab.configmap("web-hello") is None
    assert lab.configmap("web-hello-data") == {"precious": "yes"}
    with pytest.raises(grpc.RpcError) as err:
        lab.stub.GetHistory(tiller_pb2.GetHistoryRequest(name="web", max=1), metadata=HEADER)
    assert err.value.details() == 'release: "web" not found'


def test_dry_run_writes_nothing(lab: Lab) -> None:
    fresh_ns = f"{lab.ns}-never"
    rel = lab.install("dry", "hello", dry_run=True, namespace=fresh_ns)
    assert rel.info.Description == "Dry run complete"
    assert "kind: Deployment" in rel.manifest
    assert lab.records("dry") == {}
    with pytest.raises(client.ApiException) as err:
        lab.core.read_namespace(fresh_ns)
    assert err.value.status == 404
    lab.install("dry", "hello")
    rel = lab.upgrade("dry", "hello", "message: changed\n", dry_run=True)
    assert (rel.version, rel.info.Description) == (2, "Dry run complete")
    assert lab.configmap("dry-hello")["message"] == "hello"
    assert lab.statuses("dry") == {1: "DEPLOYED"}
    rel = lab.rollback("dry", 1, dry_run=True)
    assert lab.statuses("dry") == {1: "DEPLOYED"}


def test_invalid_object_fails_validation_and_stores_nothing(lab: Lab) -> None:
    with pytest.raises(grpc.RpcError) as err:
        lab.install("bad", "hello", "service:\n  port: 70000\n")
    assert err.value.details().startswith('validation failed: Service "bad-hello" is invalid')
    assert lab.records("bad") == {}
    assert lab.configmap("bad-hello") is None


def test_subcharts_notes_and_wait_for_workloads(lab: Lab) -> None:
    started = time.monotonic()
    rel = lab.install("shop", "shop", wait=True, subNotes=True)
    assert rel.info.status.code == S.DEPLOYED
    assert rel.info.status.notes == "The shop shop runs in demo.\n\nThe database keeps 2Gi.\n"
    sts = lab.apps.read_namespaced_stateful_set("shop-db", lab.ns)
    assert sts.status.ready_replicas == 1
    assert sts.metadata.labels == {"env": "demo"}
    assert lab.apps.read_namespaced_deployment("shop-frontend", lab.ns).status.ready_replicas == 1
    assert time.monotonic() - started < 60


def test_wait_times_out_into_a_failed_revision(lab: Lab) -> None:
    with pytest.raises(grpc.RpcError) as err:
        lab.install(
            "slow", "hello", "replicaCount: 1\n", wait=True, timeout=3, namespace=f"{lab.ns}-nonode"
        )
    assert err.value.details() == "release slow failed: timed out waiting for the condition"
    assert lab.statuses("slow") == {1: "FAILED"}
    _, rel = lab.records("slow")[1]
    assert rel.info.Description == 'Release "slow" failed: timed out waiting for the condition'
    lab.uninstall("slow", purge=True)
    lab.core.delete_namespace(f"{lab.ns}-nonode")


def test_release_tests_stream_results(lab: Lab) -> None:
    lab.install("tst", "hello", wait=True)
    stream = lab.stub.RunReleaseTest(
        tiller_pb2.TestReleaseRequest(name="tst", timeout=60, cleanup=True), metadata=HEADER
    )
    got = [(m.msg, m.status) for m in stream]
    assert got == [
        ("RUNNING: tst-hello-test", test_run_pb2.TestRun.RUNNING),
        ("PASSED: tst-hello-test", test_run_pb2.TestRun.SUCCESS),
    ]
    assert not lab.exists(lab.core.read_namespaced_pod, "tst-hello-test")
    _, rel = lab.records("tst")[1]
    suite = rel.info.status.last_test_suite_run
    assert [(r.name, r.status) for r in suite.results] == [
        ("tst-hello-test", test_run_pb2.TestRun.SUCCESS)
    ]


def _pod_uids(lab: Lab, app: str) -> set[str]:
    pods = lab.core.list_namespaced_pod(lab.ns, label_selector=f"app={app}").items
    return {p.metadata.uid for p in pods if p.metadata.deletion_timestamp is None}


def test_recreate_pods_and_force_replacement_of_immutable_changes(lab: Lab) -> None:
    lab.install("rc", "hello", wait=True)
    before = _pod_uids(lab, "rc-hello")
    assert len(before) == 1
    lab.upgrade("rc", "hello", "message: again\n", recreate=True, wait=True)
    deadline = time.monotonic() + 30
    while not (_pod_uids(lab, "rc-hello") - before):
        assert time.monotonic() < deadline, "pods were not recreated"
        time.sleep(0.5)

    # A Service's clusterIP is immutable: the API refuses the patch and the revision
    # FAILS with the API's own message; --force deletes and recreates the object instead.
    wanted = "10.0.0.201"
    with pytest.raises(grpc.RpcError) as err:
        lab.upgrade("rc", "hello", f"service:\n  clusterIP: {wanted}\n")
    assert "spec.clusterIP" in err.value.details()
    assert "may not change once set" in err.value.details()
    _, failed = lab.records("rc")[3]
    assert failed.info.Description == f'Upgrade "rc" failed: {err.value.details()}'
    assert lab.statuses("rc") == {1: "SUPERSEDED", 2: "DEPLOYED", 3: "FAILED"}
    rel = lab.upgrade("rc", "hello", f"service:\n  clusterIP: {wanted}\n", force=True)
    assert rel.version == 4
    assert lab.core.read_namespaced_service("rc-hello", lab.ns).spec.cluster_ip == wanted
