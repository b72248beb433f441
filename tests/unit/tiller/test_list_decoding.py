"""ListReleases must filter by labels and decode only the revisions it returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hapi.release import status_pb2
from hapi.services import tiller_pb2

from tests.releases_factory import make_release
from tiller.releases import list as list_rpc
from tiller.releases.env import Env
from tiller.storage import labels as lbl
from tiller.storage.driver import Record
from tiller.storage.memory import MemoryDriver
from tiller.storage.storage import Storage
from tiller.version import TillerVersion


class SpyDriver(MemoryDriver):
    """Remembers the records and selectors handed to ListReleases."""

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[Record] = []
        self.selectors: list[lbl.Selector] = []

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        records = super().list_records(selector)
        self.selectors.append(selector)
        self.listed.extend(records)
        return records


class NoKube:
    def resources_table(self, namespace: str, manifest: str) -> str:
        raise AssertionError("list must not touch Kubernetes")


def count_decodes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count, per key, how often a record's release is decoded or serialized."""
    counts: dict[str, int] = {}

    def counting(method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: Record, *args: Any, **kwargs: Any) -> Any:
            counts[self.key] = counts.get(self.key, 0) + 1
            return method(self, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(Record, "release", counting(Record.release))
    monkeypatch.setattr(Record, "serialized", counting(Record.serialized))
    return counts


def _env(driver: SpyDriver) -> Env:
    return Env(storage=Storage(driver), kube=NoKube(), version=TillerVersion("v2.17.0", "", ""))


def test_only_the_returned_page_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    driver = SpyDriver()
    storage = Storage(driver)
    for i in range(50):
        storage.create(make_release(f"rel{i:02d}", 1, "SUPERSEDED"))
        storage.create(make_release(f"rel{i:02d}", 2, "DEPLOYED"))
    req = tiller_pb2.ListReleasesRequest(limit=5, sort_by=tiller_pb2.ListSort.NAME)
    decodes = count_decodes(monkeypatch)
    responses = list(list_rpc.list_releases(_env(driver), req))
    assert [r.name for r in responses[0].releases] == [f"rel{i:02d}" for i in range(5)]
    assert responses[0].total == 50
    # SUPERSEDED revisions never left the storage layer: the status went into the selector.
    assert len(driver.listed) == 50
    assert {r.status for r in driver.listed} == {"DEPLOYED"}
    # Checked once (count must be right in the first chunk), then put into the chunk.
    assert decodes == {f"rel{i:02d}.v2": 2 for i in range(5)}
    assert not any(r.decoded for r in driver.listed)  # nothing kept decoded


def test_name_filter_runs_on_labels_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    driver = SpyDriver()
    storage = Storage(driver)
    for i in range(20):
        storage.create(make_release(f"app{i}", 1, "DEPLOYED"))
    req = tiller_pb2.ListReleasesRequest(filter="^app1$", status_codes=[status_pb2.Status.DEPLOYED])
    decodes = count_decodes(monkeypatch)
    responses = list(list_rpc.list_releases(_env(driver), req))
    assert [r.name for resp in responses for r in resp.releases] == ["app1"]
    assert set(decodes) == {"app1.v1"}


class CorruptAmong(SpyDriver):
    """Lists one record whose payload cannot be decoded, between good ones."""

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        records = super().list_records(selector)
        labels = {"NAME": "b-bad", "OWNER": "TILLER", "STATUS": "DEPLOYED", "VERSION": "1"}
        return sorted([*records, Record("b-bad.v1", labels, payload="not base64!")], key=_key)


def _key(record: Record) -> tuple[str, int]:
    return record.name, record.version


def test_corrupt_records_are_left_out_of_count_but_not_total() -> None:
    driver = CorruptAmong()
    storage = Storage(driver)
    for name, deployed_at in (("a", 30), ("c", 10), ("d", 20)):
        storage.create(make_release(name, deployed_at=deployed_at))
    for sort_by in (tiller_pb2.ListSort.NAME, tiller_pb2.ListSort.LAST_RELEASED):
        req = tiller_pb2.ListReleasesRequest(sort_by=sort_by)
        responses = list(list_rpc.list_releases(_env(driver), req))
        names = [r.name for resp in responses for r in resp.releases]
        assert names == (
            ["a", "c", "d"] if sort_by == tiller_pb2.ListSort.NAME else ["c", "d", "a"]
        )
        assert {(resp.count, resp.total) for resp in responses} == {(3, 4)}


def test_sorting_by_a_decoded_field_keeps_no_release_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    driver = SpyDriver()
    storage = Storage(driver)
    for i in range(5):
        storage.create(make_release(f"r{i}", chart=f"chart-{4 - i}"))
    decodes = count_decodes(monkeypatch)
    req = tiller_pb2.ListReleasesRequest(limit=2, sort_by=tiller_pb2.ListSort.CHART_NAME)
    responses = list(list_rpc.list_releases(_env(driver), req))
    assert [r.name for r in responses[0].releases] == ["r4", "r3"]
    assert responses[0].next == "r2"
    assert not any(r.decoded for r in driver.listed)
    # Every record decoded once for its sort key; the page once more into its chunk.
    assert decodes == {f"r{i}.v1": 2 if i >= 3 else 1 for i in range(5)}
