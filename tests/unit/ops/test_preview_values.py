"""Previews compare the user-supplied values too: upgrade, rollback, install, revisions."""

from __future__ import annotations

from pathlib import Path

from app.ops import preview, upgrade
from app.ops.charts import ChartLocation
from app.ops.diff import Change
from app.ops.install import InstallSpec, plan_install
from app.ops.redact import MASK, MASK_CHANGED
from app.ops.upgrade import UpgradeSpec
from app.ops.values import ValueSources
from tests.unit.ops.fake_api import FakeAPI, release

FIRST = "color: blue\ndb:\n  password: hunter2\n"
SECOND = "db:\n  password: s3cret\ncolor: blue\nsize: 2\n"


def two_revisions() -> FakeAPI:
    """Revisions 1 and 2 of "web": the same manifest, different values."""
    return FakeAPI(
        releases={"web": [release("web", 1, config=FIRST), release("web", 2, config=SECOND)]}
    )


async def test_revisions_with_only_the_values_changed() -> None:
    outcome = await preview.diff_revisions(two_revisions(), "web", 1, 2)
    assert not outcome.diff.has_changes  # the manifests are the same
    assert outcome.values is not None and outcome.values.change is Change.CHANGED
    assert outcome.has_changes
    assert f"-  password: {MASK}" in outcome.values.diff
    assert f"+  password: '{MASK_CHANGED}'" in outcome.values.diff
    assert "+size: 2" in outcome.values.diff
    text = outcome.text()
    assert text.startswith("Values (user-supplied) have changed:\n@@ ")
    assert "hunter2" not in text and "s3cret" not in text
    assert text.endswith(
        "Summary: 0 added, 0 changed, 0 removed, 1 unchanged; user-supplied values changed.\n"
    )
    document = outcome.document()
    assert list(document) == ["release", "before", "after", "values", "summary", "changes"]
    assert document["values"]["change"] == "changed"
    assert "+size: 2\n" in document["values"]["diff"] and "hunter2" not in str(document)


async def test_show_secrets_reveals_the_values() -> None:
    options = preview.DiffOptions(show_secrets=True)
    outcome = await preview.diff_revisions(two_revisions(), "web", 1, 2, options=options)
    assert outcome.values is not None
    assert "-  password: hunter2" in outcome.values.diff
    assert "+  password: s3cret" in outcome.values.diff


async def test_the_same_values_are_no_change() -> None:
    api = FakeAPI(
        releases={"web": [release("web", 1, config=FIRST), release("web", 2, config=FIRST)]}
    )
    outcome = await preview.diff_revisions(api, "web", 1, 2)
    assert outcome.values is not None and not outcome.values.has_changes
    assert not outcome.has_changes
    assert outcome.text() == "Summary: 0 added, 0 changed, 0 removed, 1 unchanged.\n"
    assert outcome.document()["values"] == {"change": "unchanged", "diff": ""}


async def test_context_applies_to_the_values() -> None:
    lines = "".join(f"k{i:02}: {i}\n" for i in range(12))
    api = FakeAPI(
        releases={
            "web": [
                release("web", 1, config=lines),
                release("web", 2, config=lines.replace("k06: 6", "k06: 7")),
            ]
        }
    )
    narrow = await preview.diff_revisions(api, "web", 1, 2, options=preview.DiffOptions(0))
    whole = await preview.diff_revisions(api, "web", 1, 2, options=preview.DiffOptions(-1))
    assert narrow.values is not None and whole.values is not None
    assert len(narrow.values.diff) == 3 and len(whole.values.diff) == 14


async def test_rollback_compares_the_values_it_would_restore() -> None:
    outcome = await preview.diff_rollback(two_revisions(), "web", 1)
    assert outcome.values is not None
    assert (
        "-size: 2" in outcome.values.diff
        and f"+  password: '{MASK_CHANGED}'" in outcome.values.diff
    )


async def test_values_upgrade_shows_the_new_values() -> None:
    api = FakeAPI(releases={"web": [release("web", 1, config=FIRST)]})
    deployed = api.releases["web"][-1]
    plan = upgrade.plan_values_upgrade(deployed, "color: red\n", reuse_values=True, description="d")
    outcome = await preview.diff_upgrade_plan(api, plan)
    assert outcome.values is not None and outcome.values.change is Change.CHANGED
    changes = [line for line in outcome.values.diff if line[:1] in "+-"]
    assert changes == ["-color: blue", "+color: red"]  # the reused password is unchanged
    reset = upgrade.plan_values_upgrade(deployed, "color: red\n", reuse_values=False)
    dropped = await preview.diff_upgrade_plan(api, reset)
    assert dropped.values is not None
    assert "-db:" in dropped.values.diff and f"-  password: {MASK}" in dropped.values.diff


async def test_chart_upgrade_without_values_keeps_them(chart_dir: Path) -> None:
    api = FakeAPI(releases={"web": [release("web", 1, config=FIRST)]})
    up = UpgradeSpec(name="web", location=ChartLocation(str(chart_dir)))
    outcome = await preview.diff_upgrade(api, up)
    assert outcome.values is not None and not outcome.values.has_changes
    assert outcome.diff.has_changes and outcome.has_changes


async def test_install_shows_the_values_as_added(chart_dir: Path) -> None:
    sources = ValueSources(set=("color=red", "apiKey=k3y"))
    plan = plan_install(
        InstallSpec(location=ChartLocation(str(chart_dir)), name="new", values=sources)
    )
    outcome = await preview.diff_install_plan(FakeAPI(), plan)
    assert outcome.values is not None and outcome.values.change is Change.ADDED
    assert outcome.values.diff[1:] == (f"+apiKey: {MASK}", "+color: red")
    assert outcome.text().startswith("Values (user-supplied) have been added:\n")
