"""Tiller (a real process) reading releases stored in a real Kubernetes API server."""

from __future__ import annotations

import base64
import gzip
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
import yaml
from hapi.release import status_pb2
from hapi.services import tiller_pb2, tiller_pb2_grpc
from kubernetes import client

from tests.cluster import KubeCluster
from tests.e2e.tiller_process import free_port, run_tiller
from tests.releases_factory import make_release
from tiller.storage.configmaps import ConfigMapsDriver
from tiller.storage.secrets import SecretsDriver
from tiller.storage.storage import Storage

pytestmark = pytest.mark.cluster
HEADER = (("x-helm-api-client", "v2.17.0"),)
S = status_pb2.Status


@pytest.fixture
def namespace(kube_cluster: KubeCluster) -> Iterator[str]:
    name = f"tiller-{uuid.uuid4().hex[:8]}"
    core = client.CoreV1Api(kube_cluster.api_client())
    core.create_namespace({"metadata": {"name": name}})
    yield name
    core.delete_namespace(name)


def _helm_written_record(kind: str, name: str, version: int, status: str) -> dict[str, object]:
    """A storage object laid out as Helm v2's Tiller writes it, built without our codec."""
    rls = make_release(name, version, status, chart="from-helm")
    payload = base64.b64encode(gzip.compress(rls.SerializeToString(), 9)).decode()
    labels = {
        "NAME": name,
        "OWNER": "TILLER",
        "STATUS": status,
        "VERSION": str(version),
        "CREATED_AT": "1600000000",
    }
    meta = {"name": f"{name}.v{version}", "labels": labels}
    if kind == "configmap":
        return {"metadata": meta, "data": {"release": payload}}
    # Secret data is base64 of the bytes; the bytes are Helm's base64 text.
    return {
        "metadata": meta,
        "type": "Opaque",
        "data": {"release": base64.b64encode(payload.encode()).decode()},
    }


def _corrupt_record(kind: str, name: str) -> dict[str, object]:
    labels = {"NAME": name, "OWNER": "TILLER", "STATUS": "DEPLOYED", "VERSION": "1"}
    meta = {"name": f"{name}.v1", "labels": labels}
    if kind == "configmap":
        return {"metadata": meta, "data": {"release": "not base64 at all!"}}
    return {"metadata": meta, "data": {"release": base64.b64encode(b"H4sIAAAA garbage").decode()}}


@pytest.mark.parametrize("kind", ["configmap", "secret"])
def test_read_side_against_real_storage(
    kube_cluster: KubeCluster, namespace: str, tmp_path: Path, kind: str
) -> None:
    core = client.CoreV1Api(kube_cluster.api_client())
    driver = (ConfigMapsDriver if kind == "configmap" else SecretsDriver)(core, namespace)
    storage = Storage(driver)
    manifest = (
        "\n---\n# Source: demo/templates/cm.yaml\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: live-cm\ndata:\n  a: b\n"
        "---\n# Source: demo/templates/svc.yaml\n"
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: gone-svc\n"
        "spec:\n  ports:\n  - port: 80\n"
    )
    storage.create(make_release("web", 1, "SUPERSEDED", namespace=namespace))
    storage.create(make_release("web", 2, "DEPLOYED", namespace=namespace, manifest=manifest))
    storage.create(make_release("db", 1, "FAILED", namespace="other"))
    create = (
        core.create_namespaced_config_map if kind == "configmap" else core.create_namespaced_secret
    )
    create(namespace, _helm_written_record(kind, "legacy", 1, "DEPLOYED"))
    create(namespace, _corrupt_record(kind, "broken"))
    core.create_namespaced_config_map(
        namespace, {"metadata": {"name": "live-cm"}, "data": {"a": "b"}}
    )

    env = {**kube_cluster.env, "TILLER_NAMESPACE": namespace}
    with run_tiller(tmp_path, "--storage", kind, env=env) as tiller:
        stub = tiller_pb2_grpc.ReleaseServiceStub(grpc.insecure_channel(tiller.address))

        listed = list(
            stub.ListReleases(
                tiller_pb2.ListReleasesRequest(
                    status_codes=[S.DEPLOYED, S.FAILED], sort_by=tiller_pb2.ListSort.NAME
                ),
                metadata=HEADER,
            )
        )
        names = [(r.name, r.version) for resp in listed for r in resp.releases]
        # The corrupt record is skipped; it hides nothing else.
        assert names == [("db", 1), ("legacy", 1), ("web", 2)]
        legacy = [r for resp in listed for r in resp.releases if r.name == "legacy"][0]
        assert legacy.chart.metadata.name == "from-helm"

        ns_only = list(
            stub.ListReleases(
                tiller_pb2.ListReleasesRequest(
                    status_codes=[S.DEPLOYED, S.FAILED], namespace="other"
                ),
                metadata=HEADER,
            )
        )
        assert [r.name for resp in ns_only for r in resp.releases] == ["db"]

        status = stub.GetReleaseStatus(
            tiller_pb2.GetReleaseStatusRequest(name="web"), metadata=HEADER
        )
        resources = status.info.status.resources
        assert "==> v1/ConfigMap" in resources and "live-cm" in resources
        assert "==> MISSING" in resources and "services\t\tgone-svc" in resources

        history = stub.GetHistory(
            tiller_pb2.GetHistoryRequest(name="web", max=256), metadata=HEADER
        )
        assert [r.version for r in history.releases] == [2, 1]

        with pytest.raises(grpc.RpcError) as err:
            stub.GetHistory(tiller_pb2.GetHistoryRequest(name="nope", max=1), metadata=HEADER)
        assert err.value.details() == 'release: "nope" not found'
        with pytest.raises(grpc.RpcError) as err:
            stub.GetReleaseStatus(tiller_pb2.GetReleaseStatusRequest(name="nope"), metadata=HEADER)
        assert err.value.details() == 'getting deployed release "nope": release: "nope" not found'
        with pytest.raises(grpc.RpcError) as err:
            stub.GetReleaseContent(
                tiller_pb2.GetReleaseContentRequest(name="broken"), metadata=HEADER
            )
        assert "broken.v1" in (err.value.details() or "")
        assert tiller.stop() == 0


def test_unreachable_api_server_gives_a_clear_error_and_tiller_survives(
    kube_cluster: KubeCluster, tmp_path: Path
) -> None:
    config = yaml.safe_load(kube_cluster.kubeconfig.read_text())
    for cluster in config["clusters"]:
        cluster["cluster"]["server"] = f"https://127.0.0.1:{free_port()}"
    dead = tmp_path / "dead-kubeconfig"
    dead.write_text(yaml.safe_dump(config))
    env = {**kube_cluster.env, "KUBECONFIG": str(dead)}
    with run_tiller(tmp_path, "--storage", "configmap", env=env) as tiller:
        stub = tiller_pb2_grpc.ReleaseServiceStub(grpc.insecure_channel(tiller.address))
        started = time.monotonic()
        with pytest.raises(grpc.RpcError) as err:
            list(stub.ListReleases(tiller_pb2.ListReleasesRequest(), metadata=HEADER, timeout=60))
        assert time.monotonic() - started < 30
        assert err.value.code() == grpc.StatusCode.UNKNOWN
        assert "refused" in (err.value.details() or "").lower()
        assert stub.GetVersion(tiller_pb2.GetVersionRequest()).Version.sem_ver == "v2.17.0"
