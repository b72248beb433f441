"""The local control plane (scripts/local-cluster.sh) is a real Kubernetes API."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import pytest
from kubernetes import client

from tests.cluster import SCRIPT, KubeCluster, temp_namespace
from tests.fake_node import FakeNode

pytestmark = pytest.mark.cluster

T = TypeVar("T")


def _names(objs: Iterable[Any]) -> list[str]:
    return sorted(o.metadata.name for o in objs)


def _owner_kind(obj: Any) -> str:
    return str(obj.metadata.owner_references[0].kind)


def wait_for(fetch: Callable[[], T | None], what: str, timeout: float = 30.0) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fetch()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def api(kube_cluster: KubeCluster) -> Iterator[client.ApiClient]:
    with kube_cluster.api_client() as api_client:
        yield api_client


@pytest.fixture
def namespace(api: client.ApiClient) -> Iterator[str]:
    with temp_namespace(api, prefix="e2e-local") as ns:
        yield ns


def test_script_status_and_env(kube_cluster: KubeCluster) -> None:
    status = subprocess.run(
        ["bash", str(SCRIPT), "status"], capture_output=True, text=True, check=False
    )
    assert status.returncode == 0, status.stdout + status.stderr
    assert status.stdout.startswith("running (ready)")
    env = subprocess.run(["bash", str(SCRIPT), "env"], capture_output=True, text=True, check=True)
    assert env.stdout.strip() == f"export KUBECONFIG={kube_cluster.kubeconfig}"
    assert kube_cluster.env["KUBECONFIG"] == str(kube_cluster.kubeconfig)
    server = kube_cluster.kubeconfig.read_text()
    assert "server: https://127.0.0.1:" in server


def test_version_and_discovery(api: client.ApiClient) -> None:
    version = client.VersionApi(api).get_code()
    assert (version.major, version.minor) == ("1", "20")
    groups = {g.name for g in client.ApisApi(api).get_api_versions().groups}
    assert {"apps", "batch", "rbac.authorization.k8s.io"} <= groups


def test_configmap_label_selector(api: client.ApiClient, namespace: str) -> None:
    core = client.CoreV1Api(api)
    for name, tier in [("a", "web"), ("b", "web"), ("c", "db")]:
        core.create_namespaced_config_map(
            namespace=namespace,
            body=client.V1ConfigMap(
                metadata=client.V1ObjectMeta(
                    name=name, labels={"app": "demo", "tier": tier, "OWNER": "TILLER"}
                ),
                data={"key": name},
            ),
        )
    web = core.list_namespaced_config_map(namespace=namespace, label_selector="tier=web")
    assert _names(web.items) == ["a", "b"]
    not_web = core.list_namespaced_config_map(
        namespace=namespace, label_selector="app=demo,tier!=web"
    )
    assert _names(not_web.items) == ["c"]

    # Optimistic concurrency is real: a stale resourceVersion conflicts.
    cm = core.read_namespaced_config_map(name="a", namespace=namespace)
    cm.data = {"key": "new"}
    core.replace_namespaced_config_map(name="a", namespace=namespace, body=cm)
    cm.data = {"key": "stale"}
    with pytest.raises(client.ApiException) as conflict:
        core.replace_namespaced_config_map(name="a", namespace=namespace, body=cm)
    assert conflict.value.status == 409

    core.delete_namespaced_config_map(name="a", namespace=namespace)
    left = core.list_namespaced_config_map(namespace=namespace, label_selector="app=demo")
    assert _names(left.items) == ["b", "c"]


def _deployment(name: str, replicas: int) -> client.V1Deployment:
    labels = {"app": name}
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1DeploymentSpec(
            replicas=replicas,
            selector=client.V1LabelSelector(match_labels=labels),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels=labels),
                spec=client.V1PodSpec(
                    containers=[client.V1Container(name="web", image="nginx:1.19")]
                ),
            ),
        ),
    )


def test_deployment_creates_replicaset_and_pods(api: client.ApiClient, namespace: str) -> None:
    apps, core = client.AppsV1Api(api), client.CoreV1Api(api)
    apps.create_namespaced_deployment(namespace=namespace, body=_deployment("web", 2))

    replicasets = wait_for(
        lambda: (
            apps.list_namespaced_replica_set(namespace=namespace, label_selector="app=web").items
        ),
        "a ReplicaSet (deployment controller)",
    )
    assert _owner_kind(replicasets[0]) == "Deployment"

    def two_pods() -> list[client.V1Pod] | None:
        pods = core.list_namespaced_pod(namespace=namespace, label_selector="app=web").items
        return pods if len(pods) == 2 else None

    pods = wait_for(two_pods, "2 Pods (replicaset controller)")
    assert {p.status.phase for p in pods if p.status} == {"Pending"}  # no node, no kubelet
    assert {_owner_kind(p) for p in pods} == {"ReplicaSet"}


def test_fake_node_makes_pods_ready(kube_cluster: KubeCluster, namespace: str) -> None:
    with (
        kube_cluster.api_client() as api,
        FakeNode(kube_cluster.kubeconfig, namespaces=[namespace]) as node,
    ):
        apps, core, batch = client.AppsV1Api(api), client.CoreV1Api(api), client.BatchV1Api(api)
        apps.create_namespaced_deployment(namespace=namespace, body=_deployment("ready", 1))

        def deployment_ready() -> bool:
            d = apps.read_namespaced_deployment_status(name="ready", namespace=namespace)
            return bool(d.status and d.status.ready_replicas == 1)

        wait_for(deployment_ready, "the Deployment to have 1 ready replica")
        pod: Any
        (pod,) = core.list_namespaced_pod(namespace=namespace, label_selector="app=ready").items
        assert pod.spec.node_name == node.name
        assert pod.status.phase == "Running"
        assert pod.status.pod_ip
        assert {c.type: c.status for c in pod.status.conditions}["Ready"] == "True"

        # Pods of Jobs run to completion, and the job controller sees it.
        batch.create_namespaced_job(
            namespace=namespace,
            body=client.V1Job(
                metadata=client.V1ObjectMeta(name="hook"),
                spec=client.V1JobSpec(
                    backoff_limit=0,
                    template=client.V1PodTemplateSpec(
                        spec=client.V1PodSpec(
                            restart_policy="Never",
                            containers=[client.V1Container(name="run", image="busybox")],
                        )
                    ),
                ),
            ),
        )

        def job_succeeded() -> bool:
            job = batch.read_namespaced_job_status(name="hook", namespace=namespace)
            return bool(job.status and job.status.succeeded == 1)

        wait_for(job_succeeded, "the Job to succeed")

        # Helm v2 test pods complete: test-success succeeds, test-failure fails.
        for hook in ("test-success", "test-failure"):
            core.create_namespaced_pod(
                namespace=namespace,
                body=client.V1Pod(
                    metadata=client.V1ObjectMeta(name=hook, annotations={"helm.sh/hook": hook}),
                    spec=client.V1PodSpec(
                        restart_policy="Never",
                        containers=[client.V1Container(name="test", image="busybox")],
                    ),
                ),
            )

        def completed_phases() -> dict[str, str] | None:
            phases: dict[str, str] = {}
            for hook in ("test-success", "test-failure"):
                status = core.read_namespaced_pod_status(name=hook, namespace=namespace).status
                phase = status.phase if status else None
                if phase in (None, "Pending", "Running"):
                    return None
                phases[hook] = str(phase)
            return phases

        assert wait_for(completed_phases, "the test pods to complete") == {
            "test-success": "Succeeded",
            "test-failure": "Failed",
        }

        # Deleting a bound pod completes (the fake node plays the kubelet's part).
        core.delete_namespaced_pod(name=pod.metadata.name, namespace=namespace)

        def pod_gone() -> bool:
            return pod.metadata.name not in _names(
                core.list_namespaced_pod(namespace=namespace).items
            )

        wait_for(pod_gone, "the deleted pod to disappear")
        assert node.errors == []
    with kube_cluster.api_client() as api, pytest.raises(client.ApiException) as gone:
        client.CoreV1Api(api).read_node(name=node.name)
    assert gone.value.status == 404
