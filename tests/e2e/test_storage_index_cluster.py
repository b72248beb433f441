"""The watch-kept storage index against the real API server (scripts/local-cluster.sh).

Another client (a second, unindexed driver standing in for another Tiller, or the plain
kubernetes client standing in for kubectl) changes objects; the indexed driver must see
them through its watch, and its own writes must be visible immediately.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hapi.release import release_pb2, status_pb2
from kubernetes import client

from tests.cluster import KubeCluster, temp_namespace
from tiller.storage import ConfigMapsDriver, SecretsDriver, Selector, Storage
from tiller.storage.indexed import IndexedDriver
from tiller.storage.informer import Informer, KubeWatchSource
from tiller.storage.kube import KubeDriver

pytestmark = pytest.mark.cluster

ALL = Selector.tiller()


def rel(name: str, version: int, status: str = "DEPLOYED") -> release_pb2.Release:
    r = release_pb2.Release(name=name, version=version, namespace="apps")
    r.info.status.code = status_pb2.Status.Code.Value(status)
    r.chart.metadata.name = "mychart"
    r.manifest = "---\nkind: ConfigMap\n"
    return r


def wait_for(cond: Callable[[], object], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


@pytest.fixture(scope="module")
def api(kube_cluster: KubeCluster) -> Iterator[client.ApiClient]:
    with kube_cluster.api_client() as api_client:
        yield api_client


@pytest.fixture
def core(api: client.ApiClient) -> client.CoreV1Api:
    return client.CoreV1Api(api)


@pytest.fixture
def namespace(api: client.ApiClient) -> Iterator[str]:
    with temp_namespace(api, prefix="e2e-index") as ns:
        yield ns


@pytest.fixture(params=["configmap", "secret"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def plain(kind: str, core: Any, namespace: str) -> KubeDriver:
    cls = ConfigMapsDriver if kind == "configmap" else SecretsDriver
    return cls(core, namespace)


@pytest.fixture
def indexed(kind: str, core: client.CoreV1Api, namespace: str) -> Iterator[IndexedDriver]:
    drv = IndexedDriver(plain(kind, core, namespace))
    # Short server-side watches: the test also crosses normal watch ends and resumes.
    drv.informer = Informer(KubeWatchSource(drv.inner), drv.index, watch_timeout_s=2)
    drv.start()
    assert drv.informer.wait_live(30)
    yield drv
    drv.stop()


def keys(drv: IndexedDriver) -> list[str]:
    return [r.key for r in drv.list_records(ALL)]


def test_other_clients_changes_appear_and_disappear(
    kind: str, indexed: IndexedDriver, core: client.CoreV1Api, namespace: str
) -> None:
    other = Storage(plain(kind, core, namespace))  # another Tiller, without an index
    other.create(rel("ext", 1))
    wait_for(lambda: keys(indexed) == ["ext.v1"])
    assert indexed.informer.live  # served from the index, not the fallback
    other.update(rel("ext", 1, "SUPERSEDED"))
    other.create(rel("ext", 2))
    wait_for(lambda: [r.status for r in indexed.list_records(ALL)] == ["SUPERSEDED", "DEPLOYED"])
    assert Storage(indexed).deployed("ext").version == 2
    # kubectl delete: straight through the API.
    delete = (
        core.delete_namespaced_config_map if kind == "configmap" else core.delete_namespaced_secret
    )
    delete("ext.v2", namespace)
    wait_for(lambda: keys(indexed) == ["ext.v1"])
    time.sleep(2.5)  # let a server-side watch end and resume from its resourceVersion
    other.delete("ext", 1)
    wait_for(lambda: keys(indexed) == [])
    assert indexed.informer.relists == 1


def test_own_writes_are_read_immediately(
    indexed: IndexedDriver, kind: str, core: client.CoreV1Api, namespace: str
) -> None:
    storage = Storage(indexed)
    for version in (1, 2, 3):
        if version > 1:
            storage.update(rel("mine", version - 1, "SUPERSEDED"))
        storage.create(rel("mine", version))
        assert storage.deployed("mine").version == version
    assert [r.version for r in storage.history_records("mine")] == [1, 2, 3]
    storage.delete("mine", 3)
    storage.delete("mine", 1)
    assert [r.key for r in storage.list_records()] == ["mine.v2"]
    # What the API server holds agrees once the watch has caught up.
    names = sorted(r.key for r in plain(kind, core, namespace).list_records(ALL))
    assert names == ["mine.v2"]
    time.sleep(0.5)
    assert keys(indexed) == ["mine.v2"]
