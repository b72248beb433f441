"""ListReleases must filter by labels and decode only the revisions it returns."""

from __future__ import annotations

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


def _env(driver: SpyDriver) -> Env:
    return Env(storage=Storage(driver), kube=NoKube(), version=TillerVersion("v2.17.0", "", ""))


def test_only_the_returned_page_is_decoded() -> None:
    driver = SpyDriver()
    storage = Storage(driver)
    for i in range(50):
        storage.create(make_release(f"rel{i:02d}", 1, "SUPERSEDED"))
        storage.create(make_release(f"rel{i:02d}", 2, "DEPLOYED"))
    req = tiller_pb2.ListReleasesRequest(limit=5, sort_by=tiller_pb2.ListSort.NAME)
    responses = list(list_rpc.list_releases(_env(driver), req))
    assert [r.name for r in responses[0].releases] == [f"rel{i:02d}" for i in range(5)]
    assert responses[0].total == 50
    # SUPERSEDED revisions never left the storage layer: the status went into the selector.
    assert len(driver.listed) == 50
    assert {r.status for r in driver.listed} == {"DEPLOYED"}
    assert sum(r.decoded for r in driver.listed) == 5


def test_name_filter_runs_on_labels_before_decoding() -> None:
    driver = SpyDriver()
    storage = Storage(driver)
    for i in range(20):
        storage.create(make_release(f"app{i}", 1, "DEPLOYED"))
    req = tiller_pb2.ListReleasesRequest(filter="^app1$", status_codes=[status_pb2.Status.DEPLOYED])
    responses = list(list_rpc.list_releases(_env(driver), req))
    assert [r.name for resp in responses for r in resp.releases] == ["app1"]
    assert sum(r.decoded for r in driver.listed) == 1
