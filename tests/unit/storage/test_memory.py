"""Memory driver: deep copies and Helm v2's quirks (spec §5.4)."""

from __future__ import annotations

import threading

import pytest

from tiller.storage import (
    InvalidKeyError,
    MemoryDriver,
    NoRevisionError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    Selector,
    Storage,
)

from .helpers import rel


def test_stores_and_returns_deep_copies() -> None:
    mem = MemoryDriver()
    original = rel("foo", 1)
    mem.create("foo.v1", original)
    original.manifest = "mutated after create"
    got = mem.get("foo.v1")
    assert got.manifest != "mutated after create"
    got.manifest = "mutated after get"
    assert mem.get("foo.v1").manifest != "mutated after get"
    (rec,) = mem.list_records(Selector.tiller())
    rec.release().manifest = "mutated via record"
    assert mem.get("foo.v1").manifest != "mutated via record"


def test_query_without_match_is_empty_not_an_error() -> None:
    mem = MemoryDriver()
    assert mem.query({"NAME": "nope", "OWNER": "TILLER"}) == []
    assert Storage(mem).history("nope") == []


def test_last_of_unknown_name_is_no_revision() -> None:
    with pytest.raises(NoRevisionError, match='^no revision for release "nope"$'):
        Storage(MemoryDriver()).last("nope")


def test_update_of_missing_record_names_the_release() -> None:
    mem = MemoryDriver()
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo" not found$'):
        mem.update("foo.v1", rel("foo", 1))


def test_create_twice_and_missing_keys() -> None:
    mem = MemoryDriver()
    mem.create("foo.v1", rel("foo", 1))
    with pytest.raises(ReleaseExistsError, match='^release: "foo.v1" already exists$'):
        mem.create("foo.v1", rel("foo", 1))
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo.v2" not found$'):
        mem.get("foo.v2")
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo.v2" not found$'):
        mem.delete("foo.v2")
    with pytest.raises(InvalidKeyError, match='^release: "foo" invalid key$'):
        mem.get("foo")
    with pytest.raises(InvalidKeyError, match='^release: "foo.vx" invalid key$'):
        mem.delete("foo.vx")


def test_labels_are_the_memory_set() -> None:
    mem = MemoryDriver()
    mem.create("foo.v1", rel("foo", 1, "SUPERSEDED", "prod"))
    (rec,) = mem.query_records({"NAME": "foo"})
    assert rec.labels == {
        "NAME": "foo",
        "OWNER": "TILLER",
        "STATUS": "SUPERSEDED",
        "VERSION": "1",
        "NAMESPACE": "prod",
    }
    assert rec.created_at is None and rec.modified_at is None


def test_records_sorted_by_version_and_update_relabels() -> None:
    mem = MemoryDriver()
    for v in (3, 1, 2):
        mem.create(f"foo.v{v}", rel("foo", v, "SUPERSEDED"))
    mem.update("foo.v3", rel("foo", 3, "DEPLOYED"))
    recs = mem.query_records({"NAME": "foo"})
    assert [r.version for r in recs] == [1, 2, 3]
    assert [r.key for r in mem.query_records({"STATUS": "DEPLOYED"})] == ["foo.v3"]
    assert mem.delete("foo.v3").info.status.code == 1
    assert [r.version for r in mem.query_records({"NAME": "foo"})] == [1, 2]


def test_concurrent_creates() -> None:
    mem = MemoryDriver()

    def worker(n: int) -> None:
        for v in range(1, 51):
            mem.create(f"r{n}.v{v}", rel(f"r{n}", v))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(mem.query({"OWNER": "TILLER"})) == 400
