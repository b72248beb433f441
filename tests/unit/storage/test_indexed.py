"""IndexedDriver + Informer with a scriptable watch source over FakeCoreV1Api."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hapi.release import release_pb2, status_pb2
from hapi.services import tiller_pb2

from tiller.releases import list as list_rpc
from tiller.releases.env import Env
from tiller.server import storage_readiness
from tiller.storage import ConfigMapsDriver, MemoryDriver, SecretsDriver, Selector, Storage
from tiller.storage.driver import Record
from tiller.storage.errors import (
    CorruptRecordError,
    ReleaseNotFoundError,
    StorageApiError,
    StorageUnavailableError,
)
from tiller.storage.factory import open_storage
from tiller.storage.index import Entry
from tiller.storage.indexed import IndexedDriver
from tiller.storage.informer import Informer
from tiller.storage.kube import KubeDriver
from tiller.storage.kubeapi import JsonObj
from tiller.version import TillerVersion

from .conftest import CLOCK, NS
from .fake_kube import FakeCoreV1Api
from .helpers import rel

END = object()  # ends the current watch normally


class FakeWatchSource:
    """Lists through a real driver over FakeCoreV1Api; watch events come from a queue."""

    def __init__(self, driver: KubeDriver) -> None:
        self.driver = driver
        self.events: queue.Queue[Any] = queue.Queue()
        self.watched_from: list[str] = []
        self.list_errors: list[BaseException] = []
        self.open_errors: list[BaseException] = []
        self.list_calls = 0

    def list_page(self, selector: str, limit: int, token: str | None) -> JsonObj:
        self.list_calls += 1
        if self.list_errors:
            raise self.list_errors.pop(0)
        return self.driver.list_page(selector, limit, token)

    def to_record(self, obj: JsonObj) -> Record:
        return self.driver.to_record(obj)

    def watch(self, selector: str, resource_version: str, timeout_s: int) -> Iterator[JsonObj]:
        assert selector == "OWNER=TILLER"
        self.watched_from.append(resource_version)
        if self.open_errors:
            raise self.open_errors.pop(0)
        return self._stream()

    def _stream(self) -> Iterator[JsonObj]:
        while True:
            item = self.events.get()
            if item is END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def push(self, kind: str, obj: JsonObj) -> None:
        self.events.put({"type": kind, "object": obj})


def obj_for(driver: KubeDriver, rls: release_pb2.Release, rv: int) -> JsonObj:
    """The object the API server would hold for ``rls`` at resourceVersion ``rv``."""
    body = driver._new_body(f"{rls.name}.v{rls.version}", rls, created_at=CLOCK)
    body["metadata"]["resourceVersion"] = str(rv)
    return body


def wait_for(cond: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.005)


def names(records: list[Record]) -> list[str]:
    return [r.key for r in records]


ALL = Selector.tiller()


@pytest.fixture(params=["configmap", "secret"])
def inner(request: pytest.FixtureRequest, fake_api: FakeCoreV1Api) -> KubeDriver:
    cls = ConfigMapsDriver if request.param == "configmap" else SecretsDriver
    return cls(fake_api, NS, clock=lambda: CLOCK, page_size=2)


@pytest.fixture
def source(inner: KubeDriver) -> FakeWatchSource:
    return FakeWatchSource(inner)


@pytest.fixture
def indexed(inner: KubeDriver, source: FakeWatchSource) -> Iterator[IndexedDriver]:
    drv = IndexedDriver(inner, source=source)
    # Small pages exercise paging; a short backoff keeps retry tests fast.
    drv.informer = Informer(source, drv.index, page_size=2, backoff=(0.01, 0.05))
    yield drv
    drv.stop()
    source.events.put(END)


def api_lists(api: FakeCoreV1Api) -> int:
    return sum(1 for op, _ in api.calls if op.startswith("list_"))


def test_unsynced_reads_fall_back_to_the_api(
    indexed: IndexedDriver, inner: KubeDriver, fake_api: FakeCoreV1Api
) -> None:
    inner.create("a.v1", rel("a"))
    assert not indexed.informer.live
    assert names(indexed.list_records(ALL)) == ["a.v1"]
    assert indexed.get("a.v1").name == "a"
    assert api_lists(fake_api) == 1


def test_sync_serves_listings_without_api_calls(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource, fake_api: FakeCoreV1Api
) -> None:
    for name in ("c", "a", "b"):
        inner.create(f"{name}.v1", rel(name))
    inner.create("a.v2", rel("a", 2, "SUPERSEDED"))
    indexed.start()
    assert indexed.informer.wait_live(5)
    assert len(indexed.index) == 4
    before = len(fake_api.calls)
    assert names(indexed.list_records(ALL)) == ["a.v1", "a.v2", "b.v1", "c.v1"]
    deployed = indexed.list_records(Selector.tiller(statuses=["DEPLOYED"]))
    assert names(deployed) == ["a.v1", "b.v1", "c.v1"]
    assert names(indexed.query_records({"NAME": "a", "OWNER": "TILLER"})) == ["a.v1", "a.v2"]
    with pytest.raises(ReleaseNotFoundError):
        indexed.query_records({"NAME": "zzz", "OWNER": "TILLER"})
    assert indexed.get("b.v1").name == "b"
    assert fake_api.calls[before:] == []  # all served from memory
    assert source.watched_from == [str(fake_api._rv)]
    # A SUPERSEDED revision's payload is not kept: decoding it reads that one object.
    assert [r.version for r in indexed.query({"NAME": "a"})] == [1, 2]
    assert [op for op, _ in fake_api.calls[before:]] == [f"read_{inner.name}"]


def test_superseded_payloads_are_fetched_and_vanished_ones_skipped(
    indexed: IndexedDriver, inner: KubeDriver, fake_api: FakeCoreV1Api
) -> None:
    inner.create("a.v1", rel("a", 1, "SUPERSEDED"))
    inner.create("a.v2", rel("a", 2, "SUPERSEDED"))
    inner.create("a.v3", rel("a", 3))
    indexed.start()
    assert indexed.informer.wait_live(5)
    entries = [indexed.index._entries[k] for k in ("a.v1", "a.v2", "a.v3")]
    assert [(e.on_demand, e.blob is None) for e in entries] == [
        (True, True),
        (True, True),
        (False, False),
    ]
    records = indexed.query_records({"NAME": "a", "OWNER": "TILLER"})
    inner.delete("a.v1")  # gone from the cluster before the watch says so
    assert records[1].release().version == 2
    with pytest.raises(CorruptRecordError, match="deleted while being read"):
        records[0].release()
    assert [r.version for r in Storage(indexed).history("a")] == [2, 3]
    with pytest.raises(ReleaseNotFoundError):
        indexed.get("a.v1")


def test_read_your_writes(indexed: IndexedDriver, source: FakeWatchSource) -> None:
    indexed.start()
    assert indexed.informer.wait_live(5)
    storage = Storage(indexed)
    storage.create(rel("web", 1))
    assert names(storage.list_records()) == ["web.v1"]  # no watch event delivered
    upgraded = rel("web", 1, "SUPERSEDED")
    storage.update(upgraded)
    storage.create(rel("web", 2))
    assert storage.deployed("web").version == 2
    assert [r.status for r in storage.history_records("web")] == ["SUPERSEDED", "DEPLOYED"]
    assert storage.last("web").version == 2
    storage.delete("web", 2)
    assert names(storage.list_records()) == ["web.v1"]
    with pytest.raises(ReleaseNotFoundError):
        storage.get("web", 2)


def test_external_add_modify_delete(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource
) -> None:
    indexed.start()
    assert indexed.informer.wait_live(5)
    source.push("ADDED", obj_for(inner, rel("ext", 1), 50))
    wait_for(lambda: names(indexed.list_records(ALL)) == ["ext.v1"])
    source.push("MODIFIED", obj_for(inner, rel("ext", 1, "FAILED"), 51))
    wait_for(lambda: indexed.list_records(ALL)[0].status == "FAILED")
    assert indexed.get("ext.v1").info.status.code == status_pb2.Status.FAILED
    source.push("DELETED", obj_for(inner, rel("ext", 1, "FAILED"), 52))
    wait_for(lambda: indexed.list_records(ALL) == [])


def test_stale_events_do_not_undo_local_writes(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource, fake_api: FakeCoreV1Api
) -> None:
    indexed.start()
    assert indexed.informer.wait_live(5)
    indexed.create("x.v1", rel("x", 1))
    created_rv = fake_api._rv
    indexed.update("x.v1", rel("x", 1, "SUPERSEDED"))
    # The watch now replays the create: older than what we wrote, so ignored.
    source.push("ADDED", obj_for(inner, rel("x", 1), created_rv))
    source.push("BOOKMARK", {"metadata": {"resourceVersion": str(created_rv)}})
    source.events.put(END)
    wait_for(lambda: len(source.watched_from) == 2)
    assert indexed.list_records(ALL)[0].status == "SUPERSEDED"
    # A local delete hides stale events until the watch's DELETED arrives.
    indexed.delete("x.v1")
    source.push("MODIFIED", obj_for(inner, rel("x", 1, "SUPERSEDED"), created_rv + 1))
    source.push("DELETED", obj_for(inner, rel("x", 1, "SUPERSEDED"), created_rv + 2))
    source.push("ADDED", obj_for(inner, rel("x", 1, "FAILED"), created_rv + 3))  # recreated
    wait_for(lambda: [r.status for r in indexed.list_records(ALL)] == ["FAILED"])


def test_bookmark_and_normal_end_resume_from_last_version(
    indexed: IndexedDriver, source: FakeWatchSource
) -> None:
    indexed.start()
    assert indexed.informer.wait_live(5)
    source.push("BOOKMARK", {"kind": "ConfigMap", "metadata": {"resourceVersion": "999"}})
    source.events.put(END)
    wait_for(lambda: source.watched_from[-1:] == ["999"])
    assert indexed.informer.live
    assert indexed.informer.relists == 1


def test_gone_relists(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource, fake_api: FakeCoreV1Api
) -> None:
    inner.create("kept.v1", rel("kept"))
    inner.create("changed.v1", rel("changed"))
    indexed.start()
    assert indexed.informer.wait_live(5)
    before = dict(indexed.index._entries)
    inner.create("missed.v1", rel("missed"))  # its event is "lost": only a relist finds it
    inner.update("changed.v1", rel("changed", 1, "FAILED"))
    source.push("ERROR", {"kind": "Status", "code": 410, "reason": "Expired"})
    wait_for(lambda: indexed.informer.relists == 2 and indexed.informer.live)
    assert names(indexed.list_records(ALL)) == ["changed.v1", "kept.v1", "missed.v1"]
    assert source.watched_from[-1] == str(fake_api._rv)
    after = indexed.index._entries
    # Unchanged objects keep their entry: a relist does not hold two copies of the index.
    assert after["kept.v1"] is before["kept.v1"]
    assert after["changed.v1"] is not before["changed.v1"]
    assert after["changed.v1"].status == "FAILED"


def test_expired_continue_token_restarts_the_list(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource
) -> None:
    for name in "abcde":
        inner.create(f"{name}.v1", rel(name))
    source.list_errors = [StorageApiError(410, "Expired", "continue token expired")]
    indexed.start()
    assert indexed.informer.wait_live(5)
    assert len(indexed.index) == 5


def test_broken_watch_falls_back_then_recovers(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource, fake_api: FakeCoreV1Api
) -> None:
    source.list_errors = [StorageUnavailableError("api down")]
    indexed.start()
    assert indexed.informer.wait_live(5)  # retried after backoff
    source.open_errors = [StorageUnavailableError("connection refused")] * 3
    source.events.put(StorageUnavailableError("stream reset"))
    wait_for(lambda: not indexed.informer.live)
    inner.create("during.v1", rel("during"))  # written by someone else while we are blind
    assert names(indexed.list_records(ALL)) == ["during.v1"]  # API path
    wait_for(lambda: indexed.informer.live)
    assert indexed.informer.relists == 1  # resumed the watch, no relist needed
    source.push("ADDED", obj_for(inner, rel("during"), fake_api._rv))
    wait_for(lambda: len(indexed.index) == 1)


def test_open_storage_cache_flag(fake_api: FakeCoreV1Api) -> None:
    class Src:
        def api_client(self) -> object:
            raise RuntimeError("no cluster here")

    s = open_storage("configmap", Src(), NS, cache=True)
    assert isinstance(s.driver, IndexedDriver)
    assert s.driver.name == "ConfigMap"
    s.driver.stop()
    assert not isinstance(open_storage("secret", Src(), NS).driver, IndexedDriver)


def test_readiness_waits_for_the_first_sync_only(
    indexed: IndexedDriver, inner: KubeDriver, source: FakeWatchSource
) -> None:
    now = [0.0]
    ready = storage_readiness(Storage(indexed), max_wait=60, clock=lambda: now[0])
    inner.create("a.v1", rel("a"))
    assert not ready()
    indexed.start()
    assert indexed.informer.wait_live(5)
    assert ready()
    source.events.put(StorageUnavailableError("watch broke"))
    wait_for(lambda: not indexed.informer.live)
    assert ready()  # reads fall back to the API meanwhile: slower, still correct


def test_readiness_gives_up_waiting_for_an_index_that_never_syncs(
    indexed: IndexedDriver, source: FakeWatchSource
) -> None:
    source.list_errors = [StorageApiError(403, "Forbidden", "cannot watch")] * 1000
    now = [100.0]
    ready = storage_readiness(Storage(indexed), max_wait=60, clock=lambda: now[0])
    indexed.start()
    now[0] = 159.0
    assert not ready()
    now[0] = 160.0
    assert ready()
    assert not indexed.synced
    assert storage_readiness(Storage(MemoryDriver()), clock=lambda: now[0])()


def test_a_listing_builds_records_only_for_the_page(
    indexed: IndexedDriver, inner: KubeDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("e", "d", "c", "b", "a"):
        inner.create(f"{name}.v1", rel(name))
    indexed.start()
    assert indexed.informer.wait_live(5)
    built: list[str] = []
    real = Entry.record

    def counting(self: Entry, key: str, fetch: Any) -> Record:
        built.append(key)
        return real(self, key, fetch)

    monkeypatch.setattr(Entry, "record", counting)
    no_kube: Any = None  # listing never touches Kubernetes
    env = Env(storage=Storage(indexed), kube=no_kube, version=TillerVersion("v2.17.0", "", ""))
    req = tiller_pb2.ListReleasesRequest(limit=2, offset="b", sort_by=tiller_pb2.ListSort.NAME)
    page, next_name, total = list_rpc.select(env, req)
    assert ([r.key for r in page], next_name, total) == (["b.v1", "c.v1"], "d", 5)
    assert built == ["b.v1", "c.v1"]
