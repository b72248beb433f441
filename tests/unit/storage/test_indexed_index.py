"""ReleaseIndex ordering rules, relist replay, and the --storage-cache flag."""

from __future__ import annotations

import pytest
from hapi.release import release_pb2

from tiller.config import parse_config
from tiller.storage import CorruptRecordError, Selector, codec
from tiller.storage.index import Entry, ReleaseIndex, resource_version


def entry(name: str, version: int, status: str = "DEPLOYED", rv: int | None = 1) -> Entry:
    labels = {"NAME": name, "OWNER": "TILLER", "STATUS": status, "VERSION": str(version)}
    return Entry(labels, f"payload-{name}-{version}-{status}", None, rv)


def statuses(index: ReleaseIndex) -> dict[str, str]:
    return {r.key: r.status for r in index.select(Selector.tiller())}


def test_select_sorts_and_filters() -> None:
    idx = ReleaseIndex()
    idx.replace_all(
        [("b.v1", entry("b", 1)), ("a.v10", entry("a", 10)), ("a.v9", entry("a", 9, "FAILED"))],
        5,
    )
    assert [r.key for r in idx.select(Selector.tiller())] == ["a.v9", "a.v10", "b.v1"]
    assert [r.key for r in idx.select(Selector.tiller(statuses=["FAILED"]))] == ["a.v9"]
    assert [r.key for r in idx.select(Selector.tiller(name="a"))] == ["a.v9", "a.v10"]
    idx.apply_event("ADDED", "a.v2", entry("a", 2, rv=6))
    assert [r.key for r in idx.select(Selector.tiller())] == ["a.v2", "a.v9", "a.v10", "b.v1"]


def test_records_are_fresh_copies() -> None:
    idx = ReleaseIndex()
    idx.put_local("a.v1", entry("a", 1))
    rec = idx.get("a.v1")
    assert rec is not None and not rec.decoded
    rec.labels["STATUS"] = "MUTATED"
    assert statuses(idx) == {"a.v1": "DEPLOYED"}


def test_relist_replays_local_writes_newer_than_snapshot() -> None:
    idx = ReleaseIndex()
    idx.replace_all([("old.v1", entry("old", 1, rv=3)), ("gone.v1", entry("gone", 1, rv=3))], 3)
    idx.begin_relist()
    idx.put_local("new.v1", entry("new", 1, rv=12))  # after the snapshot below
    idx.put_local("old.v1", entry("old", 1, "SUPERSEDED", rv=8))  # included in the snapshot
    idx.delete_local("gone.v1")
    idx.replace_all(
        [
            ("old.v1", entry("old", 1, "SUPERSEDED", rv=8)),
            ("gone.v1", entry("gone", 1, rv=3)),
        ],
        10,
    )
    assert statuses(idx) == {"new.v1": "DEPLOYED", "old.v1": "SUPERSEDED"}
    # gone.v1 is tombstoned until the watch confirms the delete.
    idx.apply_event("MODIFIED", "gone.v1", entry("gone", 1, rv=4))
    assert "gone.v1" not in statuses(idx)
    idx.apply_event("DELETED", "gone.v1", entry("gone", 1, rv=11))
    idx.apply_event("ADDED", "gone.v1", entry("gone", 1, rv=13))
    assert "gone.v1" in statuses(idx)


def test_opaque_resource_versions_always_apply() -> None:
    idx = ReleaseIndex()
    idx.put_local("a.v1", entry("a", 1, rv=None))
    idx.apply_event("MODIFIED", "a.v1", entry("a", 1, "FAILED", rv=None))
    assert statuses(idx) == {"a.v1": "FAILED"}
    assert resource_version({"metadata": {"resourceVersion": "abc"}}) is None
    assert resource_version({"metadata": {"resourceVersion": "42"}}) == 42
    assert resource_version({}) is None


def test_delete_of_unindexed_key_leaves_no_tombstone() -> None:
    idx = ReleaseIndex()
    idx.delete_local("a.v1")  # the watch's DELETED was applied first
    idx.apply_event("ADDED", "a.v1", entry("a", 1, rv=20))  # re-created by someone else
    assert statuses(idx) == {"a.v1": "DEPLOYED"}


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], None, True),
        (["--storage-cache=false"], None, False),
        (["--storage-cache", "true"], "false", True),
        ([], "0", False),
    ],
)
def test_storage_cache_flag(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], env: str | None, expected: bool
) -> None:
    if env is None:
        monkeypatch.delenv("TILLER_STORAGE_CACHE", raising=False)
    else:
        monkeypatch.setenv("TILLER_STORAGE_CACHE", env)
    assert parse_config(argv).storage_cache is expected


def test_entries_keep_labels_compactly_and_give_them_back_unchanged() -> None:
    labels = {"NAME": "a", "OWNER": "TILLER", "STATUS": "DEPLOYED", "VERSION": "3", "X": "y"}
    payload = codec.encode(release_pb2.Release(name="a", version=3, manifest="m" * 500))
    first, second = Entry(labels, payload, None, 1), Entry(dict(labels), payload, None, 2)
    assert first.label_dict() == labels and list(first.label_dict()) == list(labels)
    assert first._keys is second._keys  # one key tuple for every entry labelled alike
    assert (first.label("STATUS"), first.label("MISSING")) == ("DEPLOYED", None)
    assert first.blob is not None and len(first.blob) < len(payload)
    rec = first.record("a.v3", None)
    assert (rec.name, rec.version, rec.status, rec.labels) == ("a", 3, "DEPLOYED", labels)
    assert rec.release().manifest == "m" * 500


def test_a_payload_that_is_not_base64_is_an_error_when_read() -> None:
    entry = Entry({"NAME": "a", "STATUS": "DEPLOYED"}, "!!", None, 1)
    assert entry.blob is None
    with pytest.raises(CorruptRecordError, match='"a.v1": corrupt record: invalid base64'):
        entry.record("a.v1", None).release()


def test_superseded_payloads_are_left_to_a_fetcher() -> None:
    payload = codec.encode(release_pb2.Release(name="a", version=1))
    fetched: list[str] = []

    def fetch(key: str) -> bytes:
        fetched.append(key)
        return codec.unwrap(payload, key)

    idx = ReleaseIndex(fetch=fetch)
    labels = {"NAME": "a", "OWNER": "TILLER", "STATUS": "SUPERSEDED", "VERSION": "1"}
    idx.put_local("a.v1", Entry(labels, payload, None, 1))
    rec = idx.get("a.v1")
    assert rec is not None and fetched == []
    assert rec.release().version == 1 and fetched == ["a.v1"]
    unfetchable = ReleaseIndex()
    unfetchable.put_local("a.v1", Entry(labels, payload, None, 1))
    with pytest.raises(CorruptRecordError, match="not kept"):
        unfetchable.select(Selector.tiller())[0].release()
