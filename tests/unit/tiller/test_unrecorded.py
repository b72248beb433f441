"""Outcomes the API server could not store: kept, then written before anything else."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hapi.release import release_pb2, status_pb2
from hapi.services import tiller_pb2

from tests.fakes.env import CM, World, job_hook
from tests.fakes.kube import FakeKube
from tests.fakes.render import fake_render
from tests.unit.tiller.test_update import upgrade
from tiller.kube.client import UpdateOptions
from tiller.kube.readiness import JobFailedError
from tiller.kube.rest import ApiConnectionError
from tiller.releases import common
from tiller.releases.env import Env
from tiller.releases.rollback import rollback_release
from tiller.releases.unrecorded import UnrecordedOutcomes
from tiller.storage.errors import StorageApiError, StorageError, StorageUnavailableError
from tiller.storage.memory import MemoryDriver
from tiller.storage.storage import Storage
from tiller.version import TillerVersion

GONE = 'cannot reach the Kubernetes API server: GET "https://k/apis/apps/v1/x": connection refused'


class FlakyDriver(MemoryDriver):
    """Memory storage behind an API server that can go away."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.failures = 0  # failing calls to make even while up (a flapping server)
        self.refusal: StorageError | None = None

    def _guard(self) -> None:
        if self.refusal is not None:
            raise self.refusal
        if self.failures > 0:
            self.failures -= 1
            raise StorageUnavailableError("connection reset by peer")
        if self.down:
            raise StorageUnavailableError("connection refused")

    def get(self, key: str) -> release_pb2.Release:
        self._guard()
        return super().get(key)

    def list_records(self, selector: Any) -> Any:
        self._guard()
        return super().list_records(selector)

    def query_records(self, labels: Any) -> Any:
        self._guard()
        return super().query_records(labels)

    def create(self, key: str, rls: release_pb2.Release) -> None:
        self._guard()
        super().create(key, rls)

    def update(self, key: str, rls: release_pb2.Release) -> None:
        self._guard()
        super().update(key, rls)


class VanishingKube(FakeKube):
    """A cluster whose API server goes away during the next update (storage included)."""

    driver: FlakyDriver | None = None
    # "fail": the update fails on it; "after": it succeeded just before; "hook": a hook
    # waits on it (storage stays up).
    vanish: str = ""

    def watch_until_ready(self, namespace: str, manifest: str, timeout: float) -> None:
        if self.vanish == "hook":
            raise ApiConnectionError(GONE)
        super().watch_until_ready(namespace, manifest, timeout)

    def update(self, namespace: str, original: str, target: str, options: UpdateOptions) -> None:
        if self.vanish == "fail":
            assert self.driver is not None
            self.driver.down = True
            raise ApiConnectionError(GONE)
        super().update(namespace, original, target, options)
        if self.vanish == "after":
            assert self.driver is not None
            self.driver.down = True


def make(first_retry: float = 0.01) -> tuple[World, FlakyDriver, VanishingKube]:
    driver = FlakyDriver()
    kube = VanishingKube()
    kube.driver = driver
    storage = Storage(driver)
    env = Env(
        storage=storage,
        kube=kube,
        version=TillerVersion("v2.17.0", "abc", "clean"),
        renderer=fake_render,
        unrecorded=UnrecordedOutcomes(first_retry=first_retry, max_retry=first_retry),
    )
    return World(env=env, kube=kube, storage=storage), driver, kube


@pytest.fixture(autouse=True)
def _no_inline_retry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(common, "RECORD_RETRY_S", 0.0)
    yield


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def kept(w: World) -> list[tuple[int, str]]:
    return [
        (r.version, status_pb2.Status.Code.Name(r.info.status.code))
        for r in w.env.unrecorded.waiting("demo")
    ]


def fail_mid_upgrade(w: World, kube: VanishingKube) -> None:
    w.install(templates={"templates/cm.yaml": CM})
    kube.vanish = "fail"
    with pytest.raises(ApiConnectionError, match=f"^{GONE}$"):
        upgrade(w)
    kube.vanish = ""


def test_outcome_is_kept_while_storage_is_down_and_written_once_it_is_back() -> None:
    w, driver, kube = make()
    fail_mid_upgrade(w, kube)
    assert kept(w) == [(1, "DEPLOYED"), (2, "FAILED")]  # in order; v1 is re-stored unchanged
    driver.down = False  # no operation needed: the background writer does it
    eventually(lambda: not w.env.unrecorded.names())
    assert w.statuses() == [
        (1, "DEPLOYED", "Install complete"),
        (2, "FAILED", f'Upgrade "demo" failed: {GONE}'),
    ]


def test_next_operation_writes_kept_outcomes_before_it_starts() -> None:
    w, driver, kube = make(first_retry=3600)  # the background writer sleeps meanwhile
    fail_mid_upgrade(w, kube)
    with pytest.raises(StorageUnavailableError):  # still down: nothing may proceed
        upgrade(w)
    calls = len(kube.calls)
    driver.down = False
    rel = upgrade(w)
    assert isinstance(rel, release_pb2.Release) and rel.version == 3
    assert w.statuses() == [
        (1, "SUPERSEDED", "Install complete"),
        (2, "FAILED", f'Upgrade "demo" failed: {GONE}'),  # not "interrupted"
        (3, "DEPLOYED", "Upgrade complete"),
    ]
    assert len(kube.calls) > calls
    w.env.unrecorded.retry_in_background(lambda name: True)  # wake the writer: it ends


def test_rollback_after_a_kept_outcome_starts_from_the_true_history() -> None:
    w, driver, kube = make(first_retry=3600)
    fail_mid_upgrade(w, kube)
    driver.down = False
    req = tiller_pb2.RollbackReleaseRequest(name="demo", version=1)
    rel = rollback_release(w.env, req).release
    assert rel.version == 3
    # Written before the rollback: a late write would have made v1 DEPLOYED again.
    assert not w.env.unrecorded.names()
    assert [s[:2] for s in w.statuses()] == [
        (1, "SUPERSEDED"),
        (2, "SUPERSEDED"),  # rollback supersedes the newest revision, as Helm does
        (3, "DEPLOYED"),
    ]
    w.env.unrecorded.retry_in_background(lambda name: True)


def test_success_whose_final_records_are_lost_is_kept_in_order() -> None:
    w, driver, kube = make()
    w.install(templates={"templates/cm.yaml": CM})
    kube.vanish = "after"
    rel = upgrade(w)
    assert isinstance(rel, release_pb2.Release)
    assert (rel.version, rel.info.Description) == (2, "Upgrade complete")
    assert kept(w) == [(1, "SUPERSEDED"), (2, "DEPLOYED")]
    driver.down = False
    eventually(lambda: not w.env.unrecorded.names())
    assert [s[:2] for s in w.statuses()] == [(1, "SUPERSEDED"), (2, "DEPLOYED")]


def test_a_brief_blip_is_ridden_out_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "RECORD_RETRY_S", 5.0)
    w, driver, _ = make()
    w.install(templates={"templates/cm.yaml": CM})
    rel = w.storage.get("demo", 1)
    common.set_status(rel, common.Code.SUPERSEDED, "Install complete")
    driver.failures = 2
    common.record(w.env, rel)
    assert not w.env.unrecorded.names()
    assert w.statuses() == [(1, "SUPERSEDED", "Install complete")]


def test_an_api_refusal_is_logged_not_kept() -> None:
    w, driver, _ = make()
    w.install(templates={"templates/cm.yaml": CM})
    rel = w.storage.get("demo", 1)
    common.set_status(rel, common.Code.SUPERSEDED, "Install complete")
    driver.refusal = StorageApiError(422, "Invalid", 'ConfigMap "demo.v1" is invalid')
    common.record(w.env, rel)
    assert not w.env.unrecorded.names()
    driver.refusal = None
    assert w.statuses() == [(1, "DEPLOYED", "Install complete")]


def test_a_newer_change_of_a_kept_revision_wins() -> None:
    outcomes = UnrecordedOutcomes()
    outcomes.keep(release_pb2.Release(name="a", version=2))
    stale = outcomes.waiting("a")[0]
    outcomes.keep(release_pb2.Release(name="a", version=2, manifest="newer"))
    outcomes.keep(release_pb2.Release(name="a", version=1))
    outcomes.written(stale)  # written meanwhile, but a newer change waits: kept
    assert [(r.version, r.manifest) for r in outcomes.waiting("a")] == [(1, ""), (2, "newer")]
    outcomes.written(outcomes.waiting("a")[1])
    assert [r.version for r in outcomes.waiting("a")] == [1]
    assert outcomes.holds("a") and not outcomes.holds("b")


HOOKED = {
    "templates/cm.yaml": CM,
    "templates/hook.yaml": job_hook("demo-pre", "pre-upgrade", policy="hook-failed"),
}


def test_an_api_server_lost_during_a_hook_fails_the_revision_instead_of_blocking() -> None:
    w, _, kube = make()
    w.install(templates={"templates/cm.yaml": CM})
    kube.vanish = "hook"
    with pytest.raises(ApiConnectionError, match=f"^{GONE}$"):
        upgrade(w, HOOKED)
    assert w.statuses()[-1] == (2, "FAILED", f'Upgrade "demo" failed: {GONE}')
    kube.vanish = ""
    rel = upgrade(w, HOOKED)  # no --force needed: nothing is left pending
    assert isinstance(rel, release_pb2.Release) and rel.version == 3


def test_a_failed_hook_still_leaves_the_revision_pending_as_helm_does() -> None:
    w, _, kube = make()
    w.install(templates={"templates/cm.yaml": CM})
    failing = {
        "templates/cm.yaml": CM,
        "templates/hook.yaml": job_hook("demo-pre", "pre-upgrade", policy="hook-failed", fail="x"),
    }
    kube.fail[("delete", "demo-pre")] = GONE  # its cleanup fails too: not what is reported
    with pytest.raises(JobFailedError, match="^Job failed: x$"):
        upgrade(w, failing)
    assert w.statuses()[-1] == (2, "PENDING_UPGRADE", "Preparing upgrade")
