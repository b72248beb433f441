"""Pilot tests of the diff preview over the diff's fast paths: identical and noise-only
resources counted unchanged, secrets masked until revealed, footer kept current; the
user-supplied values as their own item, masked until revealed."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from app.tui.app import HelmTuiApp
from app.tui.screens.diff import DiffScreen
from app.tui.widgets.diff_view import DiffView
from app.tui.widgets.info_line import InfoLine
from app.tui.widgets.steady_footer import SteadyFooter
from tests.tui.conftest import AppFactory
from tests.tui.fakes import FakeTiller, make_release
from tests.tui.helpers import settle

CONFIG = """---
# Source: big/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
"""
SECRET = """---
# Source: big/templates/{name}.yaml
apiVersion: v1
kind: Secret
metadata:
  name: {name}
  labels:
    chart: big-{version}
data:
  password: {password}
"""
DEPLOYMENT = """---
# Source: big/templates/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  template:
    metadata:
      labels:
        chart: big-{version}
      annotations:
        checksum/config: {version}abc
    spec:
      containers:
      - name: web
        image: nginx
"""


def manifest(version: str, password: str) -> str:
    return (
        CONFIG
        + SECRET.format(name="quiet", version=version, password="c2FtZQ==")
        + SECRET.format(name="token", version=version, password=password)
        + DEPLOYMENT.format(version=version)
    )


def tiller() -> FakeTiller:
    old = replace(make_release("big", 1), manifest=manifest("0.1.0", "b2xk"))
    new = replace(make_release("big", 2), manifest=manifest("0.2.0", "bmV3"))
    return FakeTiller(releases=[old, new])


def shown(screen: DiffScreen) -> str:
    return "\n".join(line.left + line.right for line in screen.query_one(DiffView).lines)


async def test_unchanged_resources_counted_and_secrets_masked_until_revealed(
    make_app: AppFactory,
) -> None:
    app = make_app(tiller())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_revision_diff(app, pilot)
        assert screen.masked is not None
        # The ConfigMap is identical; the quiet Secret and the Deployment differ only in
        # noise (chart labels, a pod template checksum): all three are unchanged.
        counts = screen.masked.diff.summary()
        assert counts == {"added": 0, "changed": 1, "removed": 0, "unchanged": 3}
        text = shown(screen)
        assert "token" in text and "quiet" not in text and "Deployment" not in text
        assert "b2xk" not in text and "bmV3" not in text and "redacted" in text
        screen.query_one(DiffView).cursor = 0  # the token Secret's header
        await pilot.press("x")
        await settle(pilot)
        text = shown(screen)
        assert "-  password: b2xk" in text and "+  password: bmV3" in text
        await pilot.press("x")
        await settle(pilot)
        assert "bmV3" not in shown(screen)


async def test_noise_filter_off_shows_the_noise_only_resources(make_app: AppFactory) -> None:
    app = make_app(tiller())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.flows.diff_revisions("big", 1, 2)
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.masked is not None
        assert screen.masked.diff.summary()["changed"] == 3
        text = shown(screen)
        assert "+        checksum/config: 0.2.0abc" in text
        assert "+    chart: big-0.2.0" in text
        assert "c2FtZQ==" not in text  # still masked


async def test_footer_follows_bindings_without_rebuilding_for_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app(tiller())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.flows.diff_revisions("big", 1, 2)
        await settle(pilot)
        footer = app.screen.query_one(SteadyFooter)
        keys = [key.description for key in footer.query(FooterKey)]
        assert "Reveal" in keys and "Noise filter" in keys
        first = list(footer.query("FooterKey"))
        app.screen.refresh_bindings()  # nothing changed: the same key widgets stay
        app.screen.refresh_bindings()
        await settle(pilot)
        assert list(footer.query("FooterKey")) == first
        app.update_keymap({"diff.noise": "z"})  # a key changed: the keys are rebuilt
        await settle(pilot)
        assert list(footer.query("FooterKey")) != first
        noise = next(k for k in footer.query(FooterKey) if k.description == "Noise filter")
        assert noise.key == "z"


async def test_footer_shows_apply_enabled_once_the_diff_is_there(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "u")  # undo: a preview that applies
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        footer = screen.query_one(SteadyFooter)

        def apply_key() -> FooterKey:
            return next(k for k in footer.query(FooterKey) if k.description == "Apply")

        assert not apply_key().has_class("-disabled")
        computed, screen.masked = screen.masked, None  # as while computing
        screen.refresh_bindings()
        await settle(pilot)
        assert apply_key().has_class("-disabled")
        screen.masked = computed
        screen.refresh_bindings()
        await settle(pilot)
        assert not apply_key().has_class("-disabled")


async def test_apply_is_offered_as_soon_as_a_slow_diff_arrives(make_app: AppFactory) -> None:
    tiller = FakeTiller()
    app = make_app(tiller)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tiller.hold = asyncio.Event()  # the dry run waits: the screen settles first
        await pilot.press("G", "u")
        for _ in range(5):
            await pilot.pause(0.02)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.masked is None
        footer = screen.query_one(SteadyFooter)

        def apply_key() -> FooterKey:
            return next(k for k in footer.query(FooterKey) if k.description == "Apply")

        assert apply_key().has_class("-disabled")
        tiller.hold.set()
        await settle(pilot)
        assert screen.masked is not None
        assert not apply_key().has_class("-disabled")


OLD_VALUES = 'image:\n  tag: "1.19"\ndb:\n  password: hunter2\n'
NEW_VALUES = 'db:\n  password: s3cret\nimage:\n  tag: "1.20"\n'


def values_tiller(*, same_manifest: bool = False) -> FakeTiller:
    """Two revisions of "big" whose user-supplied values differ (a password among them)."""
    old = replace(make_release("big", 1), manifest=manifest("0.1.0", "b2xk"), config=OLD_VALUES)
    new_manifest = manifest("0.1.0", "b2xk") if same_manifest else manifest("0.2.0", "bmV3")
    new = replace(make_release("big", 2), manifest=new_manifest, config=NEW_VALUES)
    return FakeTiller(releases=[old, new])


async def open_revision_diff(app: HelmTuiApp, pilot: Pilot[int]) -> DiffScreen:
    """Open the diff of revisions 1 and 2 of "big" and wait for it."""
    await settle(pilot)
    app.flows.diff_revisions("big", 1, 2)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DiffScreen)
    return screen


def summary(screen: DiffScreen) -> str:
    return str(screen.query_one("#diff-summary", InfoLine).text)


async def test_values_come_first_masked_until_revealed(make_app: AppFactory) -> None:
    app = make_app(values_tiller())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_revision_diff(app, pilot)
        assert summary(screen).startswith("values changed │ 1 changed · ")
        lines = screen.query_one(DiffView).lines
        assert lines[0].kind == "header" and "Values (user-supplied)" in lines[0].left
        assert lines[0].left.startswith("~ changed") and "+2 -2" in lines[0].left
        headers = [line.left for line in lines if line.kind == "header"]
        assert len(headers) == 2 and "Secret token" in headers[1]  # then the resources
        text = shown(screen)
        assert "hunter2" not in text and "s3cret" not in text
        assert "+  password: '<redacted: changed>'" in text
        assert "-  tag: '1.19'" in text and "+  tag: '1.20'" in text
        screen.query_one(DiffView).cursor = 2  # a line of the values group
        await pilot.press("x")
        await settle(pilot)
        text = shown(screen)
        assert "-  password: hunter2" in text and "+  password: s3cret" in text
        assert "[secrets shown]" in screen.query_one(DiffView).lines[0].left
        assert "bmV3" not in text  # the Secret resource was not revealed
        await pilot.press("x")
        await settle(pilot)
        assert "s3cret" not in shown(screen)


async def test_values_follow_layout_and_context(make_app: AppFactory) -> None:
    app = make_app(values_tiller())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_revision_diff(app, pilot)
        await pilot.press("v")
        await settle(pilot)
        lines = screen.query_one(DiffView).lines
        values = [line for line in lines if line.resource == 0 and line.kind == "pair"]
        assert ("  tag: '1.19'", "  tag: '1.20'") in [(v.left, v.right) for v in values]
        await pilot.press("minus")  # context 3 -> 0
        await settle(pilot)
        lines = screen.query_one(DiffView).lines
        values = [line for line in lines if line.resource == 0 and line.kind == "pair"]
        assert all(v.left_kind == "del" and v.right_kind == "add" for v in values)
        assert [(v.left, v.right) for v in values][-1] == ("  tag: '1.19'", "  tag: '1.20'")


async def test_a_values_only_change_is_shown(make_app: AppFactory) -> None:
    app = make_app(values_tiller(same_manifest=True))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_revision_diff(app, pilot)
        assert screen.masked is not None
        assert not screen.masked.diff.has_changes and screen.masked.has_changes
        assert summary(screen).startswith("values changed │ 0 changed · ")
        headers = [line.left for line in screen.query_one(DiffView).lines if line.kind == "header"]
        assert len(headers) == 1 and "Values (user-supplied)" in headers[0]


async def test_unchanged_values_are_only_in_the_summary(make_app: AppFactory) -> None:
    app = make_app(tiller())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_revision_diff(app, pilot)
        assert summary(screen).startswith("values unchanged │ 1 changed · ")
        assert "Values (user-supplied)" not in shown(screen)
