"""The Storage facade over every driver: lookups, listing, pruning (spec §3.6-3.8, §5.5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tiller.storage import (
    CorruptRecordError,
    NoDeployedReleasesError,
    NoRevisionError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    Storage,
    codec,
)
from tiller.storage import driver as driver_mod

from .fake_kube import FakeCoreV1Api
from .helpers import rel

Factory = Callable[..., Storage]


def _seed(s: Storage, name: str, statuses: list[str], namespace: str = "default") -> None:
    for v, status in enumerate(statuses, start=1):
        s.create(rel(name, v, status, namespace))


def test_get_create_update_delete(storage_factory: Factory) -> None:
    s = storage_factory()
    s.create(rel("foo", 1, "PENDING_INSTALL"))
    with pytest.raises(ReleaseExistsError):
        s.create(rel("foo", 1))
    s.update(rel("foo", 1, "DEPLOYED"))
    assert s.get("foo", 1).info.status.code == 1
    assert s.delete("foo", 1).name == "foo"
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo.v1" not found$'):
        s.get("foo", 1)


def test_history_deployed_last(storage_factory: Factory) -> None:
    s = storage_factory()
    _seed(s, "foo", ["SUPERSEDED", "DEPLOYED", "DEPLOYED", "FAILED"])
    _seed(s, "bar", ["DEPLOYED"])
    assert [r.version for r in s.history("foo")] == [1, 2, 3, 4]
    assert s.deployed("foo").version == 3  # highest DEPLOYED
    assert [r.version for r in s.deployed_all("foo")] == [2, 3]
    assert s.last("foo").version == 4  # highest, any status


def test_deployed_and_last_decode_only_what_they_return(
    storage_factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = storage_factory()
    _seed(s, "foo", ["SUPERSEDED", "DEPLOYED", "FAILED"])
    decoded: list[str] = []
    real = codec.parse

    def counting(data: bytes, key: str) -> object:
        decoded.append(key)
        return real(data, key)

    monkeypatch.setattr(driver_mod.codec, "parse", counting)
    s.deployed("foo")
    s.last("foo")
    if s.driver.name != "Memory":
        assert decoded == ["foo.v2", "foo.v3"]


def test_unknown_release(storage_factory: Factory, driver_kind: str) -> None:
    s = storage_factory()
    with pytest.raises(NoDeployedReleasesError, match='^"nope" has no deployed releases$'):
        s.deployed("nope")
    with pytest.raises(NoDeployedReleasesError):
        s.deployed_all("nope")
    if driver_kind == "memory":
        assert s.history("nope") == []
        with pytest.raises(NoRevisionError, match='^no revision for release "nope"$'):
            s.last("nope")
    else:
        with pytest.raises(ReleaseNotFoundError, match='^release: "nope" not found$'):
            s.history("nope")
        with pytest.raises(ReleaseNotFoundError, match='^release: "nope" not found$'):
            s.last("nope")


def test_no_deployed_revision(storage_factory: Factory) -> None:
    s = storage_factory()
    _seed(s, "foo", ["FAILED"])
    with pytest.raises(NoDeployedReleasesError, match='^"foo" has no deployed releases$'):
        s.deployed("foo")


def test_list_filters_by_status_without_decoding(storage_factory: Factory) -> None:
    s = storage_factory()
    _seed(s, "a", ["SUPERSEDED", "DEPLOYED"])
    _seed(s, "b", ["FAILED"])
    _seed(s, "c", ["DELETED"])
    recs = s.list_records(["DEPLOYED", "FAILED"])
    assert [r.key for r in recs] == ["a.v2", "b.v1"]
    assert not any(r.decoded for r in recs)
    assert [r.key for r in s.list_records([1])] == ["a.v2"]  # codes work too
    assert len(s.list_records()) == 4
    assert [r.key for r in s.list_records(name="a")] == ["a.v1", "a.v2"]
    assert recs[1].release().info.status.code == 4


def test_list_pushes_filters_into_label_selector(fake_api: FakeCoreV1Api) -> None:
    from .conftest import make_driver

    s = Storage(make_driver("configmap", fake_api))
    s.list_records(["FAILED", "DEPLOYED"], name="foo")
    (op, kw) = fake_api.calls[-1]
    assert op == "list_ConfigMap"
    assert kw["label_selector"] == "NAME=foo,OWNER=TILLER,STATUS in (DEPLOYED,FAILED)"


def test_list_by_namespace_labelled_and_helm_written(
    storage_factory: Factory, fake_api: FakeCoreV1Api, driver_kind: str
) -> None:
    s = storage_factory()
    _seed(s, "a", ["DEPLOYED"], "prod")
    _seed(s, "b", ["DEPLOYED"], "dev")
    if driver_kind != "memory":
        # A record written by Helm has no NAMESPACE label: it must still be found.
        kind = "ConfigMap" if driver_kind == "configmap" else "Secret"
        obj = fake_api.get_raw(kind, "kube-system", "b.v1")
        del obj["metadata"]["labels"]["NAMESPACE"]
        fake_api.get_raw(kind, "kube-system", "a.v1")["metadata"]["labels"]["NAMESPACE"] = "prod"
    assert [r.key for r in s.list_records(namespace="dev")] == ["b.v1"]
    prod = s.list_records(namespace="prod")
    assert [r.key for r in prod] == ["a.v1"]
    assert not prod[0].decoded  # labelled: no decoding needed


def test_corrupt_record_in_listing(
    storage_factory: Factory, fake_api: FakeCoreV1Api, driver_kind: str
) -> None:
    if driver_kind == "memory":
        pytest.skip("memory records cannot be corrupt")
    s = storage_factory()
    _seed(s, "good", ["DEPLOYED"])
    _seed(s, "bad", ["SUPERSEDED", "DEPLOYED"])
    kind = "ConfigMap" if driver_kind == "configmap" else "Secret"
    fake_api.get_raw(kind, "kube-system", "bad.v2")["data"]["release"] = "AAAA"
    recs = s.list_records(["DEPLOYED"])
    assert [r.key for r in recs] == ["bad.v2", "good.v1"]
    assert recs[1].release().name == "good"
    with pytest.raises(CorruptRecordError, match='^release: "bad.v2": corrupt record: '):
        recs[0].release()
    with pytest.raises(CorruptRecordError, match='"bad.v2"'):
        s.deployed("bad")
    assert [r.version for r in s.history("bad")] == [1]  # skipped like Helm's Query
    assert [r.key for r in s.history_records("bad")] == ["bad.v1", "bad.v2"]


# --- pruning (--history-max) -------------------------------------------------


def _versions(s: Storage, name: str) -> list[int]:
    return [r.version for r in s.history_records(name)]


def test_prune_keeps_max_including_new(storage_factory: Factory) -> None:
    s = storage_factory(max_history=3)
    _seed(s, "foo", ["SUPERSEDED", "SUPERSEDED", "SUPERSEDED", "DEPLOYED"])
    s.create(rel("foo", 5, "PENDING_UPGRADE"))
    assert _versions(s, "foo") == [3, 4, 5]


def test_prune_never_deletes_latest_deployed(storage_factory: Factory) -> None:
    s = storage_factory()
    _seed(s, "foo", ["DEPLOYED", "FAILED", "FAILED", "FAILED"])
    s.max_history = 2
    s.create(rel("foo", 5, "PENDING_UPGRADE"))
    assert _versions(s, "foo") == [1, 5]


def test_prune_skipped_without_deployed_revision(storage_factory: Factory) -> None:
    s = storage_factory()
    _seed(s, "foo", ["FAILED", "FAILED", "FAILED"])
    s.max_history = 2
    s.create(rel("foo", 4, "PENDING_UPGRADE"))
    assert _versions(s, "foo") == [1, 2, 3, 4]


def test_prune_history_max_one(storage_factory: Factory) -> None:
    s = storage_factory()
    _seed(s, "foo", ["DEPLOYED", "FAILED"])
    s.max_history = 1
    s.create(rel("foo", 3, "PENDING_UPGRADE"))
    # Helm's loop: v1 is the latest DEPLOYED so only v2 goes.
    assert _versions(s, "foo") == [1, 3]


def test_prune_runs_on_create_only(storage_factory: Factory) -> None:
    s = storage_factory(max_history=1)
    _seed(s, "foo", ["DEPLOYED"])
    s.update(rel("foo", 1, "SUPERSEDED"))
    assert _versions(s, "foo") == [1]


def test_prune_errors_do_not_block_create(
    storage_factory: Factory, fake_api: FakeCoreV1Api, driver_kind: str
) -> None:
    if driver_kind == "memory":
        pytest.skip("needs API fault injection")
    from .fake_kube import api_exception

    s = storage_factory()
    _seed(s, "foo", ["SUPERSEDED", "DEPLOYED"])
    s.max_history = 2
    fake_api.fail("delete", api_exception(500, "InternalError", "etcd is sad"))
    s.create(rel("foo", 3, "PENDING_UPGRADE"))
    assert _versions(s, "foo") == [1, 2, 3]
    fake_api.fail("list", api_exception(500, "InternalError", "etcd is sad"))
    s.create(rel("foo", 4, "PENDING_UPGRADE"))  # the history lookup failed: create anyway
    assert 4 in _versions(s, "foo")
