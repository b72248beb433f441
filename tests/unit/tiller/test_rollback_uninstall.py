"""RollbackRelease and UninstallRelease on memory storage and a fake cluster (§3.4, §3.5)."""

from __future__ import annotations

import pytest
from hapi.services import tiller_pb2

from tests.fakes.env import CM, DEPLOY, World, job_hook, make_world
from tests.unit.tiller.test_update import upgrade
from tiller.errors import TillerError
from tiller.releases.rollback import rollback_release
from tiller.releases.uninstall import uninstall_release
from tiller.storage.errors import StorageError


def rollback(w: World, version: int = 0, **kw: object) -> object:
    req = tiller_pb2.RollbackReleaseRequest(name="demo", version=version, **kw)  # type: ignore[arg-type]
    return rollback_release(w.env, req).release


def uninstall(w: World, **kw: object) -> tiller_pb2.UninstallReleaseResponse:
    req = tiller_pb2.UninstallReleaseRequest(name="demo", **kw)  # type: ignore[arg-type]
    return uninstall_release(w.env, req)


def test_rollback_copies_target_revision() -> None:
    w = make_world()
    w.install(templates={"templates/cm.yaml": CM, "templates/NOTES.txt": "v1 notes"})
    upgrade(w, {"templates/cm.yaml": CM, "templates/d.yaml": DEPLOY})
    rel = rollback(w)
    assert (rel.version, rel.info.Description) == (3, "Rollback to 1")
    assert rel.manifest == w.storage.get("demo", 1).manifest
    assert rel.info.status.notes == "v1 notes"
    assert w.kube.names() == ["demo-cfg"]
    assert w.kube.get("ConfigMap", "demo-cfg")["data"] == {"revision": "1"}
    assert w.statuses() == [
        (1, "SUPERSEDED", "Install complete"),
        (2, "SUPERSEDED", "Upgrade complete"),
        (3, "DEPLOYED", "Rollback to 1"),
    ]


def test_rollback_errors_and_dry_run() -> None:
    w = make_world()
    with pytest.raises(StorageError, match='release: "demo" not found'):
        rollback(w)
    w.install()
    with pytest.raises(TillerError, match="^invalid release revision$"):
        rollback(w, -1)
    with pytest.raises(StorageError, match='^release: "demo.v0" not found$'):
        rollback(w)
    upgrade(w)
    rel = rollback(w, 1, dry_run=True, description="why not")
    assert (rel.version, rel.info.status.code, rel.info.Description) == (3, 8, "why not")
    assert [v for v, *_ in w.statuses()] == [1, 2]


def test_rollback_from_failed_and_failure_marks() -> None:
    w = make_world()
    w.install()
    w.kube.fail[("patch", "demo-cfg")] = "refused"
    with pytest.raises(TillerError):
        upgrade(w)
    del w.kube.fail[("patch", "demo-cfg")]
    assert rollback(w, 1).info.status.code == 1
    assert w.statuses() == [
        (1, "SUPERSEDED", "Install complete"),
        (2, "SUPERSEDED", 'Upgrade "demo" failed: refused'),
        (3, "DEPLOYED", "Rollback to 1"),
    ]
    w.kube.fail[("patch", "demo-cfg")] = "refused again"
    with pytest.raises(TillerError, match="^refused again$"):
        rollback(w, 2)
    assert w.statuses()[2:] == [
        (3, "SUPERSEDED", "Rollback to 1"),
        (4, "FAILED", 'Rollback "demo" failed: refused again'),
    ]


def test_rollback_supersedes_every_deployed_revision() -> None:
    w = make_world()
    w.install()
    upgrade(w)
    old = w.storage.get("demo", 1)
    old.info.status.code = 1  # two DEPLOYED revisions (Helm < 2.16.7 could leave that)
    w.storage.update(old)
    rollback(w, 1)
    assert [s for _, s, _ in w.statuses()] == ["SUPERSEDED", "SUPERSEDED", "DEPLOYED"]


def test_uninstall_soft_then_rollback_then_purge() -> None:
    w = make_world()
    keep = CM.replace("-cfg", "-kept").replace(
        "metadata:\n", 'metadata:\n  annotations: {"helm.sh/resource-policy": keep}\n'
    )
    w.install(
        templates={"templates/cm.yaml": CM, "templates/k.yaml": keep, "templates/d.yaml": DEPLOY}
    )
    resp = uninstall(w)
    assert resp.release.info.status.code == 2
    assert resp.release.info.Description == "Deletion complete"
    assert (
        resp.info
        == "These resources were kept due to the resource policy:\n[ConfigMap] demo-kept\n"
    )
    assert w.kube.names() == ["demo-kept"]
    assert w.statuses() == [(1, "DELETED", "Deletion complete")]
    assert resp.release.info.deleted.seconds > 0
    with pytest.raises(TillerError, match='^the release named "demo" is already deleted$'):
        uninstall(w)
    rel = rollback(w, 1)
    assert rel.version == 2
    assert w.kube.names() == ["demo-cfg", "demo-kept", "demo-web"]
    uninstall(w, purge=True)
    assert w.storage.history("demo") == []
    with pytest.raises(StorageError, match='^release: "demo" not found$'):
        uninstall(w)


def test_purge_of_deleted_release() -> None:
    w = make_world()
    w.install()
    uninstall(w)
    resp = uninstall(w, purge=True)
    assert resp.release.info.status.code == 2
    assert w.storage.history("demo") == []


def test_uninstall_hooks_and_errors() -> None:
    w = make_world()
    w.install(
        templates={
            "templates/cm.yaml": CM,
            "templates/d.yaml": DEPLOY,
            "templates/pre.yaml": job_hook("pre-del", "pre-delete"),
            "templates/post.yaml": job_hook("post-del", "post-delete"),
        }
    )
    w.kube.fail[("delete", "demo-web")] = 'deployments.apps "demo-web" is forbidden'
    with pytest.raises(TillerError) as err:
        uninstall(w, description="bye")
    assert str(err.value) == (
        'deletion completed with 1 error(s): deployments.apps "demo-web" is forbidden'
    )
    assert w.statuses() == [(1, "DELETED", "bye")]
    assert w.kube.names("Job") == ["post-del", "pre-del"]
    order = [c[1] for c in w.kube.calls if c[0] in ("create", "delete")][-4:]
    assert order == ["Job/pre-del", "Deployment/demo-web", "ConfigMap/demo-cfg", "Job/post-del"]


def test_pre_delete_hook_failure_changes_nothing() -> None:
    w = make_world()
    w.install(
        templates={
            "templates/cm.yaml": CM,
            "templates/pre.yaml": job_hook("pre-del", "pre-delete", fail="X"),
        }
    )
    with pytest.raises(TillerError, match="^Job failed: X$"):
        uninstall(w)
    assert w.statuses() == [(1, "DEPLOYED", "Install complete")]
    assert "demo-cfg" in w.kube.names()
