"""InstallRelease on memory storage and a fake cluster (spec §3.2)."""

from __future__ import annotations

import pytest
from hapi.services import tiller_pb2

from tests.fakes.env import CM, DEPLOY, NOTES, job_hook, make_world
from tests.fakes.render import chart
from tiller.errors import TillerError
from tiller.releases.install import install_release


def test_install_creates_objects_and_records_deployed() -> None:
    w = make_world()
    rel = w.install(
        templates={
            "templates/cm.yaml": CM,
            "templates/d.yaml": DEPLOY,
            "templates/NOTES.txt": NOTES,
        },
        description="",
    )
    assert (rel.version, rel.info.status.code, rel.info.Description) == (1, 1, "Install complete")
    assert rel.info.status.notes == "Thanks for installing demo"
    assert rel.manifest.startswith("\n---\n# Source: demo/templates/cm.yaml\n")
    assert rel.manifest.index("kind: ConfigMap") < rel.manifest.index("kind: Deployment")
    assert w.kube.names() == ["demo-cfg", "demo-web"]
    assert w.statuses() == [(1, "DEPLOYED", "Install complete")]
    assert rel.info.first_deployed == rel.info.last_deployed
    stored = w.storage.get("demo", 1)
    assert stored == rel


def test_description_and_namespace() -> None:
    w = make_world()
    rel = w.install(description="first!", namespace="apps")
    assert rel.info.Description == "first!"
    assert rel.namespace == "apps"


def test_no_chart() -> None:
    w = make_world()
    with pytest.raises(TillerError, match="^no chart provided$"):
        install_release(w.env, tiller_pb2.InstallReleaseRequest(name="x"))


def test_name_rules() -> None:
    w = make_world()
    with pytest.raises(TillerError, match="exceeds max length of 53"):
        w.install("a" * 54)
    w.install("taken")
    with pytest.raises(TillerError) as err:
        w.install("taken")
    assert str(err.value) == (
        "a release named taken already exists.\nRun: helm ls --all taken; to check the status "
        "of the release\nOr run: helm del --purge taken; to delete it"
    )
    with pytest.raises(TillerError, match="^a release named taken is in use, cannot re-use"):
        w.install("taken", reuse_name=True)


def test_generated_name() -> None:
    w = make_world()
    req = tiller_pb2.InstallReleaseRequest(
        namespace="ns", chart=chart("c", {"templates/cm.yaml": CM})
    )
    rel = install_release(w.env, req).release
    adjective, animal = rel.name.split("-")
    assert adjective and animal
    assert w.storage.get(rel.name, 1).name == rel.name


def test_dry_run_writes_nothing() -> None:
    w = make_world()
    rel = w.install(dry_run=True)
    assert rel.info.Description == "Dry run complete"
    assert rel.info.status.code == 6  # PENDING_INSTALL
    assert w.kube.objects == {}
    assert w.storage.history("demo") == []
    assert [c for c in w.kube.calls if c[0] in ("create", "patch", "delete")] == []


def test_dry_run_with_crd_hooks_skips_validation() -> None:
    w = make_world()
    crd = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
        "  name: widgets.x.io\n  annotations:\n    helm.sh/hook: crd-install\n"
    )
    w.kube.unknown_kinds.add("Widget")
    widget = "apiVersion: x.io/v1\nkind: Widget\nmetadata:\n  name: w\n"
    tpl = {"templates/crd.yaml": crd, "templates/w.yaml": widget}
    rel = w.install(templates=tpl, dry_run=True)
    assert rel.info.Description == "Validation skipped because CRDs are not installed"
    with pytest.raises(TillerError, match="^validation failed: unable to recognize"):
        w.install(templates=tpl, dry_run=True, disable_crd_hook=True)


def test_crd_install_hooks_run_before_validation() -> None:
    w = make_world()
    crd = (
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
        "  name: widgets.x.io\n  annotations:\n    helm.sh/hook: crd-install\n"
    )
    rel = w.install(templates={"templates/crd.yaml": crd, "templates/cm.yaml": CM})
    ops = [c for c in w.kube.calls if c[0] in ("create", "established")]
    assert ops == [
        ("create", "CustomResourceDefinition/widgets.x.io"),
        ("established", "CustomResourceDefinition/widgets.x.io"),
        ("create", "ConfigMap/demo-cfg"),
    ]
    assert rel.hooks[0].last_run.seconds > 0


def test_render_failure_stores_nothing() -> None:
    w = make_world()
    with pytest.raises(TillerError, match='render error in "demo/templates/bad.yaml": fail'):
        w.install(templates={"templates/bad.yaml": "{{ fail }}"})
    assert w.storage.history("demo") == []


def test_yaml_error_on_dry_run_shows_the_rendered_files() -> None:
    w = make_world()
    tpl = {"templates/bad.yaml": "a: b: c\n", "templates/cm.yaml": CM}
    with pytest.raises(TillerError) as err:
        w.install(templates=tpl, dry_run=True)
    text = str(err.value)
    assert text.startswith("YAML parse error on demo/templates/bad.yaml: ")
    assert "\n---\n# Source: demo/templates/cm.yaml\n" in text
    with pytest.raises(TillerError) as err:
        w.install(templates=tpl)
    assert "# Source" not in str(err.value)


def test_kube_failure_records_failed() -> None:
    w = make_world()
    w.kube.fail[("create", "demo-cfg")] = 'ConfigMap "demo-cfg" is invalid: data: bad'
    with pytest.raises(TillerError) as err:
        w.install()
    assert str(err.value) == 'release demo failed: ConfigMap "demo-cfg" is invalid: data: bad'
    assert w.statuses() == [
        (1, "FAILED", 'Release "demo" failed: ConfigMap "demo-cfg" is invalid: data: bad')
    ]


def test_pre_install_hook_failure_stores_nothing() -> None:
    w = make_world()
    tpl = {
        "templates/cm.yaml": CM,
        "templates/pre.yaml": job_hook("pre", "pre-install", fail="Boom"),
    }
    with pytest.raises(TillerError, match="^Job failed: Boom$"):
        w.install(templates=tpl)
    assert w.storage.history("demo") == []
    assert "demo-cfg" not in w.kube.names()


def test_post_install_hook_failure_records_failed() -> None:
    w = make_world()
    tpl = {
        "templates/cm.yaml": CM,
        "templates/post.yaml": job_hook("post", "post-install", fail="Boom"),
    }
    with pytest.raises(TillerError, match="^Job failed: Boom$"):
        w.install(templates=tpl)
    assert w.statuses() == [(1, "FAILED", 'Release "demo" failed post-install: Job failed: Boom')]


def test_disable_hooks() -> None:
    w = make_world()
    tpl = {"templates/cm.yaml": CM, "templates/pre.yaml": job_hook("pre", "pre-install", fail="x")}
    rel = w.install(templates=tpl, disable_hooks=True)
    assert rel.info.status.code == 1
    assert "pre" not in w.kube.names()
    assert rel.hooks[0].name == "pre" and not rel.hooks[0].HasField("last_run")


def test_hooks_order_and_delete_policies() -> None:
    w = make_world()
    tpl = {
        "templates/cm.yaml": CM,
        "templates/a.yaml": job_hook("b-second", "pre-install", 0, "hook-succeeded"),
        "templates/b.yaml": job_hook("a-first", "pre-install", 0),
        "templates/c.yaml": job_hook("z-earliest", "pre-install", -5, "before-hook-creation"),
        "templates/d.yaml": job_hook("post", "post-install", 0),
    }
    w.install(templates=tpl)
    creates = [c[1] for c in w.kube.calls if c[0] == "create"]
    assert creates == [
        "Job/z-earliest",
        "Job/a-first",
        "Job/b-second",
        "ConfigMap/demo-cfg",
        "Job/post",
    ]
    # before-hook-creation deletes before creating; hook-succeeded after all succeeded.
    deletes = [c[1] for c in w.kube.calls if c[0] == "delete"]
    assert deletes == ["Job/z-earliest", "Job/b-second"]
    assert w.kube.names("Job") == ["a-first", "post", "z-earliest"]


def test_hook_failed_policy_deletes_failed_hook() -> None:
    w = make_world()
    tpl = {
        "templates/cm.yaml": CM,
        "templates/p.yaml": job_hook("p", "pre-install", 0, "hook-failed", fail="Bad"),
    }
    with pytest.raises(TillerError):
        w.install(templates=tpl)
    assert w.kube.names("Job") == []


def test_reuse_name_replaces_failed_release() -> None:
    w = make_world()
    w.kube.fail[("create", "demo-cfg")] = "nope"
    with pytest.raises(TillerError):
        w.install()
    del w.kube.fail[("create", "demo-cfg")]
    rel = w.install(reuse_name=True)
    assert rel.version == 2
    assert w.statuses() == [
        (1, "SUPERSEDED", 'Release "demo" failed: nope'),
        (2, "DEPLOYED", "Install complete"),
    ]


def test_install_left_pending_by_a_stopped_tiller_can_be_replaced() -> None:
    w = make_world()
    w.install()
    stuck = w.storage.get("demo", 1)
    stuck.info.status.code = 6  # PENDING_INSTALL, as if Tiller died mid-install
    w.storage.update(stuck)
    with pytest.raises(TillerError, match="already exists"):
        w.install()
    del w.kube.objects[("ConfigMap", "ns", "demo-cfg")]
    rel = w.install(reuse_name=True)
    assert rel.version == 2
    assert [s for _, s, _ in w.statuses()] == ["SUPERSEDED", "DEPLOYED"]
