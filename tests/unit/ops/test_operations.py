"""Install, upgrade (--install, --atomic), rollback, delete, test and previews on a fake API."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.client.errors import TillerError
from app.client.models import ReleaseStatus, TestRunStatus
from app.client.requests import RollbackRequest, TestRequest, UninstallRequest
from app.ops import lifecycle, preview, queries, upgrade
from app.ops.charts import ChartLocation
from app.ops.errors import OpsError
from app.ops.install import AtomicError, InstallSpec, apply_install, plan_install
from app.ops.progress import ProgressEvent
from app.ops.redact import MASK
from app.ops.upgrade import UpgradeSpec, apply_upgrade, plan_upgrade
from app.ops.values import ValueSources
from tests.unit.ops.conftest import write_chart
from tests.unit.ops.fake_api import FakeAPI, messages, release


def spec(chart_dir: Path, **kwargs: object) -> InstallSpec:
    return InstallSpec(location=ChartLocation(str(chart_dir)), **kwargs)  # type: ignore[arg-type]


async def test_install_plan_and_apply(chart_dir: Path, api: FakeAPI) -> None:
    plan = plan_install(spec(chart_dir, name="new", values=ValueSources(set=("color=red",))))
    assert plan.request.values == "color: red\n"
    assert plan.chart.metadata.name == "demo" and plan.request.namespace == "default"
    events: list[ProgressEvent] = []
    outcome = await apply_install(api, plan, events.append)
    assert outcome.release.name == "new" and outcome.status is not None
    assert api.methods() == ["install", "release_status"]
    assert [e.message.split(" ")[0] for e in events] == ["installing", "done"]


async def test_install_dry_run_skips_status(chart_dir: Path, api: FakeAPI) -> None:
    outcome = await apply_install(api, plan_install(spec(chart_dir, dry_run=True)))
    assert outcome.status is None and api.methods() == ["install"]


def test_plan_install_errors(chart_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(OpsError, match="release name Bad_Name is invalid"):
        plan_install(spec(chart_dir, name="Bad_Name"))
    with pytest.raises(OpsError, match='path "./nowhere" not found'):
        plan_install(InstallSpec(location=ChartLocation("./nowhere")))
    with pytest.raises(OpsError, match="open missing.yaml: no such file"):
        plan_install(spec(chart_dir, values=ValueSources(files=("missing.yaml",))))
    reqs = "dependencies:\n- name: sub\n  version: 1.0.0\n"
    broken = write_chart(tmp_path / "other", requirements=reqs)
    with pytest.raises(OpsError, match="missing in charts/ directory: sub"):
        plan_install(spec(broken))


def test_plan_install_name_template_and_deprecation(tmp_path: Path) -> None:
    chart = write_chart(tmp_path, deprecated=True)
    plan = plan_install(spec(chart, name_template='{{ printf "x-%d" 7 }}'))
    assert plan.final_name == "x-7" and plan.request.name == "x-7"
    assert plan.warnings == ("This chart is deprecated",)


async def test_atomic_install_purges(chart_dir: Path, api: FakeAPI) -> None:
    api.fail["install"] = TillerError("release new failed: timed out waiting for the condition")
    plan = plan_install(spec(chart_dir, name="new", atomic=True))
    assert plan.request.wait  # --atomic implies --wait
    api.releases["new"] = [release("new", status=ReleaseStatus.FAILED)]
    with pytest.raises(AtomicError) as err:
        await apply_install(api, plan)
    assert (err.value.undo, err.value.release, err.value.undo_error) == ("purge", "new", None)
    assert "timed out" in str(err.value)
    purge = api.calls[-1][1]
    assert isinstance(purge, UninstallRequest) and purge.purge and purge.name == "new"


async def test_atomic_install_learns_a_generated_name(chart_dir: Path, api: FakeAPI) -> None:
    api.fail["install"] = TillerError("release brave-fox failed: boom")
    api.releases["brave-fox"] = [release("brave-fox", status=ReleaseStatus.FAILED)]
    with pytest.raises(AtomicError) as err:
        await apply_install(api, plan_install(spec(chart_dir, atomic=True)))
    assert err.value.release == "brave-fox" and "brave-fox" not in api.releases


async def test_upgrade(chart_dir: Path, api: FakeAPI) -> None:
    up = UpgradeSpec(name="web", location=ChartLocation(str(chart_dir)), reuse_values=True)
    plan = await plan_upgrade(api, up)
    assert plan.install is None and plan.previous is not None and plan.previous.revision == 1
    assert plan.request is not None and plan.request.reuse_values
    outcome = await apply_upgrade(api, plan)
    assert outcome.release.revision == 2 and outcome.status is not None
    assert api.methods() == ["history", "upgrade", "release_status"]


@pytest.mark.parametrize("memory_quirk", [False, True])
async def test_upgrade_install_path(chart_dir: Path, api: FakeAPI, memory_quirk: bool) -> None:
    api.empty_history_for_unknown = memory_quirk
    up = UpgradeSpec(name="fresh", location=ChartLocation(str(chart_dir)), install=True)
    plan = await plan_upgrade(api, up)
    assert plan.install is not None and plan.install.request.name == "fresh"
    outcome = await apply_upgrade(api, plan)
    assert outcome.installed is not None and "fresh" in api.releases


async def test_upgrade_install_warns_about_namespace(chart_dir: Path, api: FakeAPI) -> None:
    up = UpgradeSpec(
        name="web", location=ChartLocation(str(chart_dir)), install=True, namespace="other"
    )
    plan = await plan_upgrade(api, up)
    assert plan.warnings == (
        'Namespace "other" doesn\'t match with previous. Release will be deployed to default',
    )


async def test_atomic_upgrade_rolls_back(chart_dir: Path, api: FakeAPI) -> None:
    api.releases["web"].append(release("web", 2))
    api.fail["upgrade"] = TillerError('Upgrade "web" failed: boom')
    up = UpgradeSpec(name="web", location=ChartLocation(str(chart_dir)), atomic=True)
    plan = await plan_upgrade(api, up)
    with pytest.raises(AtomicError) as err:
        await apply_upgrade(api, plan)
    assert err.value.undo == "rollback" and err.value.undo_error is None
    rollback = api.calls[-1][1]
    assert isinstance(rollback, RollbackRequest) and rollback.revision == 2 and rollback.wait


async def test_rollback_delete_and_test(api: FakeAPI) -> None:
    api.releases["web"].append(release("web", 2))
    rel = await lifecycle.rollback(api, RollbackRequest(name="web", revision=1))
    assert rel.revision == 3
    api.releases["db"] = [release("db")]
    seen: list[str] = []
    with pytest.raises(TillerError):
        await lifecycle.delete(
            api,
            ["db", "nope", "web"],
            UninstallRequest(name="", purge=True),
            on_deleted=lambda o: seen.append(o.name),
        )
    assert seen == ["db"] and "web" in api.releases
    api.test_messages = messages(
        ("RUNNING: t1", TestRunStatus.RUNNING),
        ("FAILED: t1", TestRunStatus.FAILURE),
        ("PASSED: t2", TestRunStatus.SUCCESS),
    )
    outcome = await lifecycle.run_tests(api, TestRequest(name="web"))
    assert outcome.failed == 1 and not outcome.passed
    with pytest.raises(lifecycle.TestsFailedError, match="1 test\\(s\\) failed"):
        lifecycle.raise_for_failures(outcome)


async def test_delete_dry_run_only_looks_up(api: FakeAPI) -> None:
    done = await lifecycle.delete(api, ["web"], UninstallRequest(name=""), dry_run=True)
    assert done[0].dry_run and api.methods() == ["release_content"] and "web" in api.releases


async def test_release_details_mask_secrets(api: FakeAPI) -> None:
    api.releases["web"] = [release("web", config="password: hunter2\n")]
    details = await queries.release_details(api, "web")
    assert details.user_values == f"password: {MASK}\n"
    assert "hunter2" not in details.computed_values and "a: 1" in details.computed_values
    shown = await queries.release_details(api, "web", show_secrets=True)
    assert shown.user_values == "password: hunter2\n"
    values = await queries.release_values(api, "web", all_values=True)
    assert values == {"a": 1.0, "password": "hunter2"}


async def test_previews(chart_dir: Path, api: FakeAPI) -> None:
    up = UpgradeSpec(name="web", location=ChartLocation(str(chart_dir)))
    outcome = await preview.diff_upgrade(api, up)
    assert outcome.diff.summary()["changed"] == 1
    assert outcome.before == "revision 1" and outcome.after == "upgrade (dry run)"
    assert len(api.releases["web"]) == 1  # a dry run stores nothing
    document = outcome.document()
    assert document["release"] == "web" and document["changes"][0]["kind"] == "ConfigMap"
    fresh = UpgradeSpec(name="fresh", location=ChartLocation(str(chart_dir)), install=True)
    installed = await preview.diff_upgrade(api, fresh)
    assert installed.diff.summary()["added"] == 1
    with pytest.raises(OpsError, match="does not exist"):
        await preview.diff_upgrade(
            api, UpgradeSpec(name="x", location=ChartLocation(str(chart_dir)))
        )
    api.releases["web"].append(release("web", 2, manifest=""))
    back = await preview.diff_rollback(api, "web", 1)
    assert back.diff.summary()["added"] == 1
    revs = await preview.diff_revisions(api, "web", 1, 2)
    assert revs.diff.summary()["removed"] == 1 and revs.after == "revision 2"


async def test_values_upgrade_previews_then_applies_the_same_plan(api: FakeAPI) -> None:
    deployed = api.releases["web"][-1]
    plan = upgrade.plan_values_upgrade(deployed, "b: 2\n", reuse_values=True, description="d")
    assert plan.request is not None
    assert plan.request.chart is deployed.chart  # nothing loaded: the deployed chart
    assert (plan.request.reuse_values, plan.request.reset_values) == (True, False)
    assert (plan.request.values, plan.request.description) == ("b: 2\n", "d")

    outcome = await preview.diff_upgrade_plan(api, plan)
    assert outcome.diff.summary()["changed"] == 1
    sent = [arg for method, arg in api.calls if method == "upgrade"]
    assert [r.dry_run for r in sent] == [True] and plan.request.dry_run is False
    assert len(api.releases["web"]) == 1

    applied = await upgrade.apply_upgrade(api, plan)
    assert applied.release.revision == 2 and len(api.releases["web"]) == 2

    dry = upgrade.plan_values_upgrade(deployed, "", reuse_values=False, dry_run=True)
    assert dry.request is not None and dry.request.reset_values
    await preview.diff_upgrade_plan(api, dry)
    assert [arg for method, arg in api.calls if method == "upgrade"][-1] is dry.request


def test_values_upgrade_needs_the_deployed_chart() -> None:
    chartless = replace(release("web"), chart=None)
    with pytest.raises(OpsError, match="revision 1 has no chart"):
        upgrade.plan_values_upgrade(chartless, "", reuse_values=False)


async def test_install_plan_preview_leaves_the_plan_as_it_was(
    chart_dir: Path, api: FakeAPI
) -> None:
    plan = plan_install(spec(chart_dir, name="new"))
    outcome = await preview.diff_install_plan(api, plan)
    assert outcome.diff.summary()["added"] == 1 and outcome.before == "nothing (not installed)"
    assert plan.request.dry_run is False and "new" not in api.releases
