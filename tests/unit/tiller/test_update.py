"""UpdateRelease on memory storage and a fake cluster (spec §3.3)."""

from __future__ import annotations

import pytest
from hapi.chart import config_pb2
from hapi.services import tiller_pb2

from tests.fakes.env import CM, DEPLOY, World, job_hook, make_world
from tests.fakes.render import chart
from tiller.errors import TillerError
from tiller.releases.common import Code
from tiller.releases.update import update_release
from tiller.storage.errors import StorageError


def upgrade(w: World, templates: dict[str, str] | None = None, **kw: object) -> object:
    req = tiller_pb2.UpdateReleaseRequest(
        name=str(kw.pop("name", "demo")),
        chart=chart("demo", templates or {"templates/cm.yaml": CM}),
        values=config_pb2.Config(raw=str(kw.pop("values", "{}\n"))),
        **kw,  # type: ignore[arg-type]
    )
    return update_release(w.env, req).release


def test_upgrade_supersedes_and_patches() -> None:
    w = make_world()
    first = w.install()
    rel = upgrade(w, {"templates/cm.yaml": CM, "templates/d.yaml": DEPLOY})
    assert (rel.version, rel.info.Description) == (2, "Upgrade complete")
    assert rel.info.first_deployed == first.info.first_deployed
    assert w.statuses() == [
        (1, "SUPERSEDED", "Install complete"),
        (2, "DEPLOYED", "Upgrade complete"),
    ]
    assert w.kube.get("ConfigMap", "demo-cfg")["data"] == {"revision": "2"}
    assert w.kube.names() == ["demo-cfg", "demo-web"]
    assert ("patch", "ConfigMap/demo-cfg") in w.kube.calls


def test_removed_objects_are_deleted_unless_kept() -> None:
    w = make_world()
    keep = DEPLOY.replace(
        "metadata:\n  name:", 'metadata:\n  annotations: {"helm.sh/resource-policy": keep}\n  name:'
    )
    w.install(
        templates={
            "templates/cm.yaml": CM,
            "templates/d.yaml": keep,
            "templates/x.yaml": CM.replace("-cfg", "-extra"),
        }
    )
    upgrade(w)
    assert w.kube.names() == ["demo-cfg", "demo-web"]


def test_invalid_names_and_missing_chart() -> None:
    w = make_world()
    with pytest.raises(TillerError, match="^no release provided$"):
        update_release(w.env, tiller_pb2.UpdateReleaseRequest())
    with pytest.raises(TillerError, match=r"^invalid release name, must match regex"):
        update_release(w.env, tiller_pb2.UpdateReleaseRequest(name="Bad_"))
    w.install()
    with pytest.raises(TillerError, match="^no chart provided$"):
        update_release(w.env, tiller_pb2.UpdateReleaseRequest(name="demo"))


def test_no_deployed_release_trap_and_force_way_out() -> None:
    w = make_world()
    w.kube.fail[("create", "demo-cfg")] = "api refused"
    with pytest.raises(TillerError):
        w.install()
    del w.kube.fail[("create", "demo-cfg")]
    with pytest.raises(StorageError, match='^"demo" has no deployed releases$'):
        upgrade(w)
    rel = upgrade(w, force=True)
    assert rel.version == 2
    assert w.statuses() == [
        (1, "DELETED", "Deletion complete"),
        (2, "DEPLOYED", "Upgrade complete"),
    ]
    assert w.kube.names() == ["demo-cfg"]


def test_values_reused_when_request_is_empty() -> None:
    w = make_world()
    w.install(values="a: 1\n")
    rel = upgrade(w)
    assert rel.config.raw == "a: 1\n"
    rel = upgrade(w, values="b: 2\n")
    assert rel.config.raw == "b: 2\n"
    rel = upgrade(w, reset_values=True)
    assert rel.config.raw == "{}\n"


def test_kube_failure_marks_failed_and_keeps_current_deployed() -> None:
    w = make_world()
    w.install()
    w.kube.fail[("patch", "demo-cfg")] = 'ConfigMap "demo-cfg" is invalid'
    with pytest.raises(TillerError, match='^ConfigMap "demo-cfg" is invalid$'):
        upgrade(w)
    assert w.statuses() == [
        (1, "DEPLOYED", "Install complete"),
        (2, "FAILED", 'Upgrade "demo" failed: ConfigMap "demo-cfg" is invalid'),
    ]
    del w.kube.fail[("patch", "demo-cfg")]
    assert upgrade(w).version == 3


def test_failed_upgrade_objects_do_not_block_the_next_one() -> None:
    w = make_world()
    w.install()
    w.kube.fail[("patch", "demo-cfg")] = "refused"
    with pytest.raises(TillerError):
        upgrade(w, {"templates/cm.yaml": CM, "templates/d.yaml": DEPLOY})
    assert "demo-web" in w.kube.names()  # created before the patch failed
    del w.kube.fail[("patch", "demo-cfg")]
    rel = upgrade(w, {"templates/cm.yaml": CM, "templates/d.yaml": DEPLOY})
    assert rel.info.status.code == Code.DEPLOYED
    rel = upgrade(w)
    assert w.kube.names() == ["demo-cfg"]


def test_dry_run_writes_nothing() -> None:
    w = make_world()
    w.install()
    calls = len(w.kube.calls)
    rel = upgrade(w, {"templates/d.yaml": DEPLOY}, dry_run=True)
    assert (rel.version, rel.info.Description, rel.info.status.code) == (
        2,
        "Dry run complete",
        Code.PENDING_UPGRADE,
    )
    assert [c for c in w.kube.calls[calls:] if c[0] in ("create", "patch", "delete")] == []
    assert [v for v, *_ in w.statuses()] == [1]


def test_pre_upgrade_hook_failure_leaves_pending_then_in_progress() -> None:
    w = make_world()
    w.install()
    tpl = {"templates/cm.yaml": CM, "templates/h.yaml": job_hook("h", "pre-upgrade", fail="Nope")}
    with pytest.raises(TillerError, match="^Job failed: Nope$"):
        upgrade(w, tpl)
    assert w.statuses()[-1] == (2, "PENDING_UPGRADE", "Preparing upgrade")
    with pytest.raises(
        TillerError, match=r"^another operation \(install/upgrade/rollback\) is in progress$"
    ):
        upgrade(w)
    # --force abandons the stuck revision and upgrades from the DEPLOYED one.
    rel = upgrade(w, force=True)
    assert rel.version == 3
    assert w.statuses() == [
        (1, "SUPERSEDED", "Install complete"),
        (2, "FAILED", "Preparing upgrade (abandoned: superseded by upgrade --force)"),
        (3, "DEPLOYED", "Upgrade complete"),
    ]


def test_revision_left_pending_by_a_stopped_tiller_is_recovered() -> None:
    w = make_world()
    w.install()
    stuck = w.storage.get("demo", 1)
    stuck.version = 2
    stuck.info.status.code = Code.PENDING_UPGRADE
    stuck.info.Description = "Preparing upgrade"
    w.storage.create(stuck)  # as if a Tiller died mid-upgrade
    rel = upgrade(w)
    assert rel.version == 3
    assert w.statuses()[1] == (
        2,
        "FAILED",
        "Preparing upgrade (interrupted: Tiller stopped before the operation completed)",
    )


def test_history_max_prunes_on_create() -> None:
    w = make_world(history_max=2)
    w.install()
    for _ in range(3):
        upgrade(w)
    assert [v for v, *_ in w.statuses()] == [3, 4]


def test_locked_release_refuses_a_second_operation() -> None:
    w = make_world()
    w.install()
    with w.env.locks.hold("demo"), pytest.raises(TillerError, match="another operation"):
        upgrade(w)


def test_reuse_values_merges_request_over_old_config_and_old_defaults() -> None:
    w = make_world()
    req = tiller_pb2.InstallReleaseRequest(
        name="demo",
        namespace="ns",
        chart=chart("demo", {"templates/cm.yaml": CM}),
        values=config_pb2.Config(raw="b:\n  c: 3\n"),
    )
    req.chart.values.raw = "a: 1\nb:\n  c: 2\n  e: 5\n"
    from tiller.releases.install import install_release

    install_release(w.env, req)
    rel = upgrade(w, values="d: 4\nb:\n  e: 6\n", reuse_values=True)
    from tiller.engine.values import read_values

    assert read_values(rel.config.raw) == {"b": {"c": 3, "e": 6}, "d": 4}
    # The new chart's defaults are replaced by the old release's coalesced values.
    assert read_values(rel.chart.values.raw) == {"a": 1, "b": {"c": 3, "e": 5}}
