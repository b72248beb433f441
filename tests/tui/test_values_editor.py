"""Pilot tests of side-by-side values editing and of secret masking in release views."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from app.client.requests import UpgradeRequest
from app.tui.screens.confirm import ConfirmScreen
from app.tui.screens.diff import DiffScreen
from app.tui.screens.release import ReleaseScreen
from app.tui.screens.releases import ReleasesScreen
from app.tui.screens.values_editor import ValuesEditorScreen
from app.tui.widgets.code_view import CodeView
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.resource_browser import ResourceBrowser
from app.tui.widgets.yaml_editor import YamlEditor
from tests.tui.conftest import AppFactory
from tests.tui.fakes import MANIFEST, FakeTiller, make_release, sample_releases
from tests.tui.helpers import settle

SECRET_MANIFEST = (
    MANIFEST + "---\n# Source: nginx/templates/secret.yaml\napiVersion: v1\nkind: Secret\n"
    "metadata:\n  name: web-secret\ndata:\n  password: aHVudGVyMg==\n"
)


def upgrades(tiller: FakeTiller) -> list[UpgradeRequest]:
    return [a for c, a in tiller.calls if c == "upgrade" and not a.dry_run]  # type: ignore[attr-defined,misc]


async def open_editor(pilot: object) -> ValuesEditorScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("G", "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("e")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ValuesEditorScreen)
    return screen


async def test_edit_preview_and_upgrade(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        editor_screen = await open_editor(pilot)
        editor = editor_screen.query_one(YamlEditor)
        assert editor.text.startswith("replicaCount: 2")
        assert editor_screen.query_one("#baseline-view", CodeView).lines[0] == "replicaCount: 2"
        editor.load_text('replicaCount: 5\nimage:\n  tag: "1.20"\n')
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        lines = [line.left for line in app.screen.query_one("DiffView").lines]  # type: ignore[attr-defined]
        assert any("replicaCount: 5" in line for line in lines)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert any("reset" in line for line in app.screen.lines)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReleaseScreen)  # editor closed after the upgrade
        sent = upgrades(tiller)
        assert len(sent) == 1 and sent[0].values.startswith("replicaCount: 5")
        assert sent[0].reset_values and not sent[0].reuse_values


async def test_baseline_switch_mode_toggle_and_path(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        baseline = screen.query_one("#baseline-view", CodeView)
        await pilot.press("ctrl+b")
        assert screen.baseline == "defaults" and baseline.lines[0] == "replicaCount: 1"
        await pilot.press("ctrl+b")
        assert screen.baseline == "computed" and "replicaCount: 2" in baseline.lines
        await pilot.press("ctrl+b")
        assert screen.baseline == "deployed"
        await pilot.press("ctrl+r")
        assert screen.reuse
        assert "REUSE" in screen.query_one("#values-toolbar", InfoLine).text
        await pilot.press("down", "down")  # editor cursor on "  tag: ..."
        assert "image.tag" in screen.query_one("#values-cursor-path", InfoLine).text
        await pilot.press("ctrl+g")
        assert app.clipboard == "image.tag"
        await pilot.press("ctrl+l")
        assert screen.revealed


async def test_validation_waits_for_a_pause(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await pilot.press("end", *": [")
        assert screen.valid is None  # typing: not judged yet
        await pilot.pause(0.8)
        assert screen.valid is False
        assert "✗" in screen.query_one("#values-toolbar", InfoLine).text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ValuesEditorScreen)  # refused: invalid YAML
        await pilot.press("escape")
        assert isinstance(app.screen, ReleaseScreen)


async def test_external_editor_through_suspend(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()

    @contextlib.contextmanager
    def fake_suspend() -> Iterator[None]:
        yield

    monkeypatch.setattr(app, "suspend", fake_suspend)
    monkeypatch.setenv("VISUAL", "sed -i s/replicaCount:.2/replicaCount:\\ 9/")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_editor(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert screen.query_one(YamlEditor).text.startswith("replicaCount: 9")


async def test_secrets_masked_until_revealed(make_app: AppFactory) -> None:
    releases = [r for r in sample_releases() if r.name != "web"]
    secret = make_release(
        "web", 1, namespace="apps", config="db:\n  password: hunter2\n  host: db.local\n"
    )
    from dataclasses import replace

    releases.append(replace(secret, manifest=SECRET_MANIFEST.format(
        name="web", chart="nginx", version="1.2.3", port=80, replicas=1, app="1.19")))  # fmt: skip
    app = make_app(FakeTiller(releases=releases))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReleaseScreen)
        values = screen.query_one("#values-view", CodeView)
        manifest = screen.query_one("#manifest-browser", ResourceBrowser).code
        assert "hunter2" not in values.text and "db.local" in values.text
        assert "aHVudGVyMg==" not in manifest.text and "kind: Secret" in manifest.text
        await pilot.press("x")
        await settle(pilot)
        assert "hunter2" in values.text and "aHVudGVyMg==" in manifest.text
        await pilot.press("x")
        await settle(pilot)
        assert "hunter2" not in values.text
        await pilot.press("escape")
        assert isinstance(app.screen, ReleasesScreen)


async def test_diff_masks_secret_data_and_reveals_one_resource(make_app: AppFactory) -> None:
    from dataclasses import replace

    from app.tui.widgets.diff_view import DiffView

    def rev(revision: int, password: str) -> object:
        base = make_release("web", revision, namespace="apps")
        secret = (
            "---\n# Source: nginx/templates/secret.yaml\napiVersion: v1\nkind: Secret\n"
            f"metadata:\n  name: web-secret\ndata:\n  password: {password}\n"
        )
        return replace(base, manifest=base.manifest + secret)

    releases = [r for r in sample_releases() if r.name != "web"]
    releases += [rev(1, "b2xk"), rev(2, "bmV3")]  # type: ignore[list-item]
    app = make_app(FakeTiller(releases=releases))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.flows.diff_revisions("web", 1, 2)
        await settle(pilot)
        view = app.screen.query_one(DiffView)
        text = "\n".join(line.left for line in view.lines)
        assert "b2xk" not in text and "bmV3" not in text and "redacted" in text
        secret_header = next(
            i
            for i, line in enumerate(view.lines)
            if line.kind == "header" and "Secret" in line.left
        )
        view.cursor = secret_header
        await pilot.press("x")
        await settle(pilot)
        text = "\n".join(line.left for line in view.lines)
        assert "b2xk" in text and "bmV3" in text and "[secrets shown]" in text
        await pilot.press("x")
        await settle(pilot)
        assert "bmV3" not in "\n".join(line.left for line in view.lines)
