"""Release storage against the real Kubernetes API server (scripts/local-cluster.sh).

Objects are inspected with the plain kubernetes client, independently of our drivers, to
check what Helm v2 would see: names, labels, and the data layering of ConfigMaps and
Secrets (for Secrets, ``kubectl get -o yaml`` shows base64(base64(gzip(proto)))).
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hapi.release import release_pb2, status_pb2
from kubernetes import client

from tests.cluster import KubeCluster, temp_namespace
from tiller.storage import (
    ConfigMapsDriver,
    CorruptRecordError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    SecretsDriver,
    Selector,
    Storage,
    StorageApiError,
)
from tiller.storage.factory import LazyCoreV1Api, open_storage
from tiller.storage.kube import KubeDriver

pytestmark = pytest.mark.cluster

KINDS = ["configmap", "secret"]


def rel(
    name: str, version: int, status: str = "DEPLOYED", namespace: str = "apps"
) -> release_pb2.Release:
    r = release_pb2.Release(name=name, version=version, namespace=namespace)
    r.info.status.code = status_pb2.Status.Code.Value(status)
    r.info.Description = "Install complete"
    r.chart.metadata.name = "mychart"
    r.chart.metadata.version = "0.1.0"
    r.config.raw = "replicas: 2\n"
    r.manifest = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    return r


@pytest.fixture(scope="module")
def api(kube_cluster: KubeCluster) -> Iterator[client.ApiClient]:
    with kube_cluster.api_client() as api_client:
        yield api_client


@pytest.fixture
def core(api: client.ApiClient) -> client.CoreV1Api:
    return client.CoreV1Api(api)


@pytest.fixture
def namespace(api: client.ApiClient) -> Iterator[str]:
    with temp_namespace(api, prefix="e2e-storage") as ns:
        yield ns


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_driver(kind: str, core: Any, namespace: str, **kw: Any) -> KubeDriver:
    cls = ConfigMapsDriver if kind == "configmap" else SecretsDriver
    return cls(core, namespace, **kw)


def raw_object(core: client.CoreV1Api, kind: str, name: str, namespace: str) -> dict[str, Any]:
    """The object as JSON, exactly as ``kubectl get -o json`` shows it."""
    read = core.read_namespaced_config_map if kind == "configmap" else core.read_namespaced_secret
    resp = read(name, namespace, _preload_content=False)
    return json.loads(resp.data)


def object_names(core: client.CoreV1Api, kind: str, namespace: str) -> list[str]:
    lister = core.list_namespaced_config_map if kind == "configmap" else core.list_namespaced_secret
    return sorted(
        i.metadata.name for i in lister(namespace).items if i.metadata.name.startswith("rel")
    )


def helm_payload_bytes(kind: str, obj: dict[str, Any]) -> bytes:
    """Peel the layers by hand: (Secret: base64 →) base64 → gzip → protobuf bytes."""
    wire = obj["data"]["release"]
    text = base64.b64decode(wire, validate=True) if kind == "secret" else wire.encode()
    blob = base64.b64decode(text, validate=True)
    assert blob[:3] == b"\x1f\x8b\x08"
    return gzip.decompress(blob)


def test_create_layout_seen_by_helm(kind: str, core: client.CoreV1Api, namespace: str) -> None:
    drv = make_driver(kind, core, namespace)
    rls = rel("rel-a", 1)
    before = int(time.time())
    drv.create("rel-a.v1", rls)
    obj = raw_object(core, kind, "rel-a.v1", namespace)
    labels = obj["metadata"]["labels"]
    assert set(labels) == {"NAME", "OWNER", "STATUS", "VERSION", "CREATED_AT", "NAMESPACE"}
    assert labels["NAME"] == "rel-a" and labels["OWNER"] == "TILLER"
    assert labels["STATUS"] == "DEPLOYED" and labels["VERSION"] == "1"
    assert labels["NAMESPACE"] == "apps"
    assert before - 1 <= int(labels["CREATED_AT"]) <= int(time.time()) + 1
    assert list(obj["data"]) == ["release"]
    assert helm_payload_bytes(kind, obj) == rls.SerializeToString()
    if kind == "secret":
        assert obj["type"] == "Opaque"


def test_update_replaces_labels_and_data(kind: str, core: client.CoreV1Api, namespace: str) -> None:
    drv = make_driver(kind, core, namespace)
    drv.create("rel-b.v1", rel("rel-b", 1, "DEPLOYED"))
    rv = raw_object(core, kind, "rel-b.v1", namespace)["metadata"]["resourceVersion"]
    updated = rel("rel-b", 1, "SUPERSEDED")
    drv.update("rel-b.v1", updated)
    obj = raw_object(core, kind, "rel-b.v1", namespace)
    labels = obj["metadata"]["labels"]
    assert set(labels) == {"NAME", "OWNER", "STATUS", "VERSION", "MODIFIED_AT", "NAMESPACE"}
    assert labels["STATUS"] == "SUPERSEDED"
    assert obj["metadata"]["resourceVersion"] != rv
    assert helm_payload_bytes(kind, obj) == updated.SerializeToString()
    assert drv.get("rel-b.v1") == updated


def test_error_mapping(kind: str, core: client.CoreV1Api, namespace: str) -> None:
    drv = make_driver(kind, core, namespace)
    drv.create("rel-c.v1", rel("rel-c", 1))
    with pytest.raises(ReleaseExistsError, match='^release: "rel-c.v1" already exists$'):
        drv.create("rel-c.v1", rel("rel-c", 1))
    with pytest.raises(ReleaseNotFoundError, match='^release: "rel-c.v2" not found$'):
        drv.get("rel-c.v2")
    with pytest.raises(ReleaseNotFoundError, match='^release: "rel-c.v2" not found$'):
        drv.update("rel-c.v2", rel("rel-c", 2))
    with pytest.raises(ReleaseNotFoundError, match='^release: "nope" not found$'):
        drv.query({"NAME": "nope", "OWNER": "TILLER"})
    assert drv.delete("rel-c.v1").name == "rel-c"
    assert object_names(core, kind, namespace) == []
    with pytest.raises(ReleaseNotFoundError, match='^release: "rel-c.v1" not found$'):
        drv.delete("rel-c.v1")


def test_reads_objects_written_like_helm(kind: str, core: client.CoreV1Api, namespace: str) -> None:
    rls = rel("rel-helm", 3, "DEPLOYED", "team-a")
    text = base64.b64encode(gzip.compress(rls.SerializeToString(), 9)).decode()
    labels = {
        "NAME": "rel-helm",
        "OWNER": "TILLER",
        "STATUS": "DEPLOYED",
        "VERSION": "3",
        "CREATED_AT": "1500000000",
    }
    meta = client.V1ObjectMeta(name="rel-helm.v3", labels=labels)
    if kind == "configmap":
        core.create_namespaced_config_map(
            namespace, client.V1ConfigMap(metadata=meta, data={"release": text})
        )
    else:
        wire = base64.b64encode(text.encode()).decode()
        core.create_namespaced_secret(
            namespace, client.V1Secret(metadata=meta, data={"release": wire})
        )
    s = Storage(make_driver(kind, core, namespace))
    assert s.get("rel-helm", 3) == rls
    assert s.deployed("rel-helm") == rls
    (rec,) = s.list_records(["DEPLOYED"])
    assert rec.namespace is None and not rec.decoded
    assert [r.key for r in s.list_records(namespace="team-a")] == ["rel-helm.v3"]
    assert s.list_records(namespace="apps") == []


def test_storage_on_cluster(kind: str, core: client.CoreV1Api, namespace: str) -> None:
    s = Storage(make_driver(kind, core, namespace))
    for v, status in enumerate(["SUPERSEDED", "SUPERSEDED", "DEPLOYED", "FAILED"], start=1):
        s.create(rel("rel-x", v, status))
    s.create(rel("rel-y", 1, "DELETED"))
    s.create(rel("rel-z", 1, "PENDING_INSTALL"))
    assert [r.version for r in s.history("rel-x")] == [1, 2, 3, 4]
    assert s.deployed("rel-x").version == 3
    assert s.last("rel-x").version == 4
    # The set-based selector is evaluated by the API server.
    assert [r.key for r in s.list_records(["DEPLOYED", "FAILED"])] == ["rel-x.v3", "rel-x.v4"]
    assert [r.key for r in s.list_records(["DELETED", "PENDING_INSTALL"])] == [
        "rel-y.v1",
        "rel-z.v1",
    ]
    assert len(s.list_records(name="rel-x")) == 4
    with pytest.raises(ReleaseNotFoundError, match='^release: "nope" not found$'):
        s.history("nope")

    s.max_history = 2
    s.create(rel("rel-x", 5, "PENDING_UPGRADE"))
    assert [r.version for r in s.history_records("rel-x")] == [3, 5]
    assert object_names(core, kind, namespace) == ["rel-x.v3", "rel-x.v5", "rel-y.v1", "rel-z.v1"]


def test_paged_listing(kind: str, core: client.CoreV1Api, namespace: str) -> None:
    calls: list[dict[str, Any]] = []

    class Counting:
        def __getattr__(self, name: str) -> Any:
            real = getattr(core, name)
            if not name.startswith("list_"):
                return real

            def wrapped(*args: Any, **kw: Any) -> Any:
                calls.append(kw)
                return real(*args, **kw)

            return wrapped

    drv = make_driver(kind, Counting(), namespace, page_size=7)
    for i in range(25):
        drv.create(f"rel-p{i:02d}.v1", rel(f"rel-p{i:02d}", 1))
    records = drv.list_records(Selector.tiller(statuses=["DEPLOYED"]))
    assert [r.name for r in records] == [f"rel-p{i:02d}" for i in range(25)]
    assert len(calls) == 4
    assert all(kw["limit"] == 7 for kw in calls)
    assert calls[0].get("_continue") is None and all(kw["_continue"] for kw in calls[1:])
    assert not any(r.decoded for r in records)


def test_corrupt_object_is_reported_per_record(
    kind: str, core: client.CoreV1Api, namespace: str
) -> None:
    drv = make_driver(kind, core, namespace)
    drv.create("rel-ok.v1", rel("rel-ok", 1))
    labels = {"NAME": "rel-bad", "OWNER": "TILLER", "STATUS": "DEPLOYED", "VERSION": "1"}
    meta = client.V1ObjectMeta(name="rel-bad.v1", labels=labels)
    garbage = base64.b64encode(b"\x1f\x8b\x08 definitely not gzip").decode()
    if kind == "configmap":
        core.create_namespaced_config_map(
            namespace, client.V1ConfigMap(metadata=meta, data={"release": garbage})
        )
    else:
        wire = base64.b64encode(garbage.encode()).decode()
        core.create_namespaced_secret(
            namespace, client.V1Secret(metadata=meta, data={"release": wire})
        )
    records = drv.list_records(Selector.tiller(statuses=["DEPLOYED"]))
    assert [r.key for r in records] == ["rel-bad.v1", "rel-ok.v1"]
    assert records[1].release().name == "rel-ok"
    with pytest.raises(CorruptRecordError, match='^release: "rel-bad.v1": corrupt record: '):
        records[0].release()


def test_configmap_size_limit_error_comes_from_the_api(
    core: client.CoreV1Api, namespace: str
) -> None:
    drv = make_driver("configmap", core, namespace)
    big = rel("rel-big", 1)
    big.manifest = base64.b64encode(os.urandom(900_000)).decode()  # incompressible
    with pytest.raises(StorageApiError) as info:
        drv.create("rel-big.v1", big)
    assert info.value.status == 422
    assert 'ConfigMap "rel-big.v1" is invalid' in str(info.value)
    assert "Too long" in str(info.value)


def test_concurrent_writers_share_one_client(
    kind: str, core: client.CoreV1Api, namespace: str
) -> None:
    s = Storage(make_driver(kind, core, namespace))
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for v in range(1, 4):
                s.create(rel(f"rel-t{n}", v, "SUPERSEDED" if v < 3 else "DEPLOYED"))
            s.update(rel(f"rel-t{n}", 3, "FAILED"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(s.list_records(["FAILED"])) == 8


def test_factory_with_kubeconfig_connection(kube_cluster: KubeCluster, namespace: str) -> None:
    class Source:
        def api_client(self) -> client.ApiClient:
            return kube_cluster.api_client()

    s = open_storage("secret", Source(), namespace, history_max=1)
    assert isinstance(s.driver.__dict__["_api"], LazyCoreV1Api)
    s.create(rel("rel-f", 1))
    s.create(rel("rel-f", 2, "PENDING_UPGRADE"))
    # history-max 1: the latest DEPLOYED revision is never pruned.
    assert [r.key for r in s.history_records("rel-f")] == ["rel-f.v1", "rel-f.v2"]
