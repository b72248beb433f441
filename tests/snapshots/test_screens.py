"""SVG snapshots of every screen at 80x24 and 120x40, incl. empty, loading and error states.

Update after an intended change with ``pytest tests/snapshots --snapshot-update`` and
review the SVGs (``__snapshots__``) before committing. Pinned to the Textual version in
the lock (8.2.x): a different Textual renders differently.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from app.client.errors import IncompatibleVersionError, TillerUnreachableError, TlsError
from app.client.models import Release, ReleaseStatus
from app.tui.app import HelmTuiApp
from app.tui.backend import ConnectionInfo
from app.tui.config import TuiConfig
from app.tui.themes import BUNDLED_THEMES
from app.tui.widgets.history_table import HistoryTable
from tests.tui.fakes import FakeTiller, connection, make_release, many_releases

SIZES = [(80, 24), (120, 40)]
ROOT = Path(__file__).resolve().parents[2]
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


def build(tiller: FakeTiller | None = None, **config: Any) -> HelmTuiApp:
    return HelmTuiApp(
        tiller if tiller is not None else FakeTiller(),
        connection(),
        TuiConfig(**config),
        theme_dirs=[BUNDLED_THEMES],
    )


def steps(
    *keys: str, focus: str | None = None, held: bool = False, pause: float = 0.0
) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Settle, press ``keys`` (settling after each), optionally focus a widget, settle.

    ``held``: a worker is waiting on the fake forever (loading states), so only pause.
    """

    async def run(pilot: Pilot[int]) -> None:
        async def settle() -> None:
            for _ in range(3):
                if not held:
                    await pilot.app.workers.wait_for_complete()
                await pilot.pause(0.05 if held else None)

        await settle()
        for key in keys:
            await pilot.press(key)
            await settle()
        if focus:
            pilot.app.screen.query_one(focus).focus()
            await settle()
        if pause:
            await pilot.pause(pause)
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]  # blink phase is timing
        await pilot.pause()

    return run


def twins() -> list[Release]:
    """Two revisions of "twin" with the same manifest (a diff with no changes)."""
    first = make_release("twin", 1, ReleaseStatus.SUPERSEDED)
    second = replace(make_release("twin", 2), manifest=first.manifest)
    return [first, second]


def values_revisions() -> list[Release]:
    """Two revisions of "shop" whose user-supplied values differ, a password among them."""
    first = make_release(
        "shop", 1, ReleaseStatus.SUPERSEDED,
        config='replicaCount: 2\nimage:\n  tag: "1.19"\ndb:\n  password: hunter2\n',
    )  # fmt: skip
    second = make_release(
        "shop", 2,
        config='db:\n  password: s3cret\nimage:\n  tag: "1.20"\nreplicaCount: 2\n',
    )  # fmt: skip
    return [first, second]


def unreachable() -> FakeTiller:
    return FakeTiller(
        fail_with=TillerUnreachableError(
            "could not reach Tiller at 127.0.0.1:44134: connection refused. Is Tiller "
            "running? Set --host or HELM_HOST."
        )
    )


CASES: dict[str, tuple[Callable[[], HelmTuiApp], Callable[[Pilot[int]], Awaitable[None]]]] = {
    "releases": (build, steps()),
    "releases_filtered": (build, steps("slash", "w", "e")),
    "releases_many": (lambda: build(FakeTiller(releases=many_releases(10_000))), steps("end")),
    "releases_empty": (lambda: build(FakeTiller(releases=[])), steps()),
    "releases_loading": (lambda: build(FakeTiller(hold=asyncio.Event())), steps(held=True)),
    "releases_read_only": (lambda: build(read_only=True), steps()),
    "releases_light": (lambda: build(theme="helm-light"), steps()),
    "releases_high_contrast": (lambda: build(theme="helm-high-contrast"), steps()),
    "namespace_picker": (build, steps("n")),
    "help": (build, steps("question_mark")),
    "palette": (build, steps("colon")),
    "error_unreachable": (lambda: build(unreachable()), steps()),
    "error_unreachable_details": (lambda: build(unreachable()), steps("d")),
    "error_incompatible": (
        lambda: build(
            FakeTiller(
                fail_with=IncompatibleVersionError(
                    "v2.17.0",
                    "v2.14.3",
                    detail="incompatible versions client[v2.17.0] server[v2.14.3]",
                )
            )
        ),
        steps(),
    ),
    "error_tls": (
        lambda: build(
            FakeTiller(fail_with=TlsError("TLS handshake with Tiller at 127.0.0.1:44134 failed"))
        ),
        steps(),
    ),
    "release_status": (build, steps("G", "enter")),
    "release_values": (build, steps("G", "enter", "2")),
    "release_values_computed": (build, steps("G", "enter", "2", "a")),
    "release_manifest": (build, steps("G", "enter", "3")),
    "release_notes": (build, steps("G", "enter", "4")),
    "release_hooks": (build, steps("G", "enter", "5")),
    "release_history": (build, steps("G", "enter", "6", focus="HistoryTable")),
    "release_loading": (
        lambda: build(FakeTiller()),
        steps("G", "enter"),
    ),
    "diff_unified": (build, steps("G", "u")),
    "diff_side_by_side": (build, steps("G", "u", "v")),
    "diff_noise_shown": (build, steps("G", "u", "f")),
    "diff_no_changes": (lambda: build(FakeTiller(releases=twins())), steps()),
    "diff_values": (lambda: build(FakeTiller(releases=values_revisions())), steps()),
    "diff_computing": (lambda: build(FakeTiller()), steps()),
    "confirm_rollback": (build, steps("G", "u", "ctrl+s")),
    "uninstall_type_name": (build, steps("D", "c", "a")),
    "uninstall_done": (build, steps("D", *"cache", "enter", "enter")),
    "tests_run": (
        lambda: build(FakeTiller(tests=[("web-test-ok", True), ("web-test-bad", False)])),
        steps("G", "t"),
    ),
    "values_editor": (build, steps("G", "enter", "e", "down", "down")),
    "values_editor_invalid": (
        build,
        steps("G", "enter", "e", "home", "left_square_bracket"),
    ),
    "repos": (lambda: build_with_home(), steps("p", "tab", "tab", "down")),
    "install_wizard": (lambda: build_with_home(), steps("p", "tab", "tab", "down", "i")),
}

SNAP_HOME = Path("/tmp/helm-tui-snapshots/home")  # fixed: its path is shown on screen


def build_with_home() -> HelmTuiApp:
    return HelmTuiApp(
        FakeTiller(),
        ConnectionInfo("127.0.0.1:44134", "kind-local", helm_home=str(SNAP_HOME)),
        TuiConfig(),
        theme_dirs=[BUNDLED_THEMES],
    )


@pytest.fixture(scope="module", autouse=True)
def snapshot_home() -> None:
    """A $HELM_HOME with a file:// repository "files" holding chart "demo"."""
    root = SNAP_HOME.parent
    shutil.rmtree(root, ignore_errors=True)
    repo = root / "repo"
    repo.mkdir(parents=True)

    def helm(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "app.cli", "--home", str(SNAP_HOME), *args],
            cwd=root, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip

    helm("init", "--client-only")
    helm("create", str(root / "demo"))
    (root / "demo" / "README.md").write_text("# demo\n\nA demo chart for snapshots.\n")
    helm("package", str(root / "demo"), "-d", str(repo), "--save=false")
    helm("repo", "index", str(repo), "--url", repo.as_uri())
    helm("repo", "remove", "local")
    helm("repo", "add", "files", repo.as_uri())


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("case", list(CASES))
def test_screen(case: str, size: tuple[int, int], snap_compare: SnapCompare) -> None:
    make, run_before = CASES[case]
    app = make()
    if case == "release_loading":
        run_before = _loading_release(app)
    if case == "diff_computing":
        run_before = _computing_diff(app)
    if case == "diff_no_changes":
        run_before = _revision_diff(app, "twin")
    if case == "diff_values":
        run_before = _revision_diff(app, "shop")
    if case == "values_editor_invalid":
        run_before = _invalid_values(run_before)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def _loading_release(app: HelmTuiApp) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Open a release whose content never arrives (the list itself loads normally)."""

    async def run(pilot: Pilot[int]) -> None:
        await steps()(pilot)
        tiller = app.backend
        assert isinstance(tiller, FakeTiller)
        tiller.hold = asyncio.Event()
        await steps("G", "enter", held=True)(pilot)

    return run


def _invalid_values(
    before: Callable[[Pilot[int]], Awaitable[None]],
) -> Callable[[Pilot[int]], Awaitable[None]]:
    """After typing, wait for the pause validation itself rather than a fixed time."""

    async def run(pilot: Pilot[int]) -> None:
        await before(pilot)
        for _ in range(100):
            if getattr(pilot.app.screen, "valid", None) is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    return run


def _revision_diff(app: HelmTuiApp, name: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Open the diff of revisions 1 and 2 of ``name``."""

    async def run(pilot: Pilot[int]) -> None:
        await steps()(pilot)
        app.flows.diff_revisions(name, 1, 2)
        await steps()(pilot)

    return run


def _computing_diff(app: HelmTuiApp) -> Callable[[Pilot[int]], Awaitable[None]]:
    """Open an undo preview whose dry run never answers."""

    async def run(pilot: Pilot[int]) -> None:
        await steps()(pilot)
        tiller = app.backend
        assert isinstance(tiller, FakeTiller)
        tiller.hold = asyncio.Event()
        await steps("G", "u", held=True)(pilot)

    return run


assert HistoryTable  # the history case focuses it by type name
