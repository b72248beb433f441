"""Headless TUI benchmark: first screen at 10,000 releases, filter keystrokes, big diff, RSS.

Run: ``.venv/bin/python bench/tui.py [--releases N]``. Prints one line per figure with its
target. Uses the test suite's fake Tiller (canned dataclasses), so the figures measure the
interface, not gRPC or Tiller.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.ops.diff import diff_manifests  # noqa: E402
from app.tui.app import HelmTuiApp  # noqa: E402
from app.tui.config import TuiConfig  # noqa: E402
from app.tui.diff_lines import DiffLine  # noqa: E402
from app.tui.screens.diff import DiffScreen  # noqa: E402
from app.tui.widgets.diff_view import DiffView  # noqa: E402
from app.tui.widgets.release_table import ReleaseTable  # noqa: E402
from tests.tui.fakes import FakeTiller, connection, make_release, many_releases  # noqa: E402

TARGETS = {"first": 1.0, "keystroke": 0.050, "diff": 0.300, "rss": 250.0}


def _line(label: str, value: float, unit: str, target: float) -> str:
    verdict = "ok" if value <= target else "OVER"
    return f"{label:<38} {value:9.1f} {unit:<3} (target < {target:g} {unit}) {verdict}"


def _frame_clock(app: HelmTuiApp) -> list[float]:
    """Record when each frame is handed to the (headless) display."""
    stamps: list[float] = []
    display = app._display

    def recording(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        if renderable is not None:
            stamps.append(time.perf_counter())

    app._display = recording  # type: ignore[method-assign]
    return stamps


async def first_screen_and_filter(count: int) -> list[str]:
    tiller = FakeTiller(releases=many_releases(count))
    app = HelmTuiApp(tiller, connection(), TuiConfig())
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one(ReleaseTable)
        while not table.rows:
            await pilot.pause(0)
        await pilot.pause(0)  # one more frame: the rows are drawn
        first = time.perf_counter() - start
        while app.screen.is_loading:  # type: ignore[attr-defined]
            await pilot.pause(0.01)
        loaded = time.perf_counter() - start
        await pilot.press("slash")
        frames = _frame_clock(app)
        table = app.screen.query_one(ReleaseTable)
        shown: list[float] = []
        set_rows = table.set_rows

        def recording_set_rows(*args: object, **kwargs: object) -> None:
            set_rows(*args, **kwargs)  # type: ignore[arg-type]
            shown.append(time.perf_counter())

        table.set_rows = recording_set_rows  # type: ignore[method-assign]
        timings = []
        keys = [k if k != "-" else "minus" for k in "release-0042"] + ["backspace"] * 12
        for key in keys:
            frames.clear()
            shown.clear()
            t0 = time.perf_counter()
            await pilot.press(key)
            # Latency: key sent -> the first frame showing the filtered rows is composed
            # (Pilot adds idle waits after that, which a user would not see).
            after = [f for f in frames if shown and f >= shown[0]]
            timings.append((after[0] if after else time.perf_counter()) - t0)
            if "-v" in sys.argv:
                print(key, [round((f - t0) * 1000, 1) for f in frames + shown])
    return [
        _line(f"first screen, {count:,} releases", first * 1000, "ms", TARGETS["first"] * 1000),
        f"{'(all pages loaded)':<38} {loaded * 1000:9.1f} ms",
        _line(
            "filter keystroke (median)",
            statistics.median(timings) * 1000,
            "ms",
            TARGETS["keystroke"] * 1000,
        ),
        _line("filter keystroke (max)", max(timings) * 1000, "ms", TARGETS["keystroke"] * 1000),
    ]


def big_manifest(resources: int, tag: str) -> str:
    """~49 lines per resource; every tenth resource differs between tags."""
    docs = []
    for i in range(resources):
        data = "".join(
            f"  key{j}: value-{j}-{tag if j == 3 and i % 10 == 0 else 'x'}\n" for j in range(40)
        )
        docs.append(
            f"---\n# Source: big/templates/cm{i}.yaml\napiVersion: v1\nkind: ConfigMap\n"
            f"metadata:\n  name: cm-{i}\n  labels:\n    chart: big-{tag}\ndata:\n{data}"
        )
    return "".join(docs)


def big_deployments(resources: int, tag: str) -> str:
    """~52 lines per Deployment, chart label and checksum on the pod template too; every
    tenth differs between tags in one environment value."""
    docs = []
    for i in range(resources):
        env = "".join(
            f"        - name: VAR_{j}\n"
            f"          value: v{j}-{tag if j == 3 and i % 10 == 0 else 'x'}\n"
            for j in range(15)
        )
        docs.append(
            f"---\n# Source: big/templates/d{i}.yaml\napiVersion: apps/v1\nkind: Deployment\n"
            f"metadata:\n  name: d-{i}\n  labels:\n    helm.sh/chart: big-{tag}\nspec:\n"
            "  replicas: 1\n  template:\n    metadata:\n      labels:\n"
            f"        app: d-{i}\n        helm.sh/chart: big-{tag}\n"
            f"      annotations:\n        checksum/config: {tag}\n"
            "    spec:\n      containers:\n      - name: c\n        image: nginx\n"
            f"        env:\n{env}"
        )
    return "".join(docs)


def ops_only(label: str, old: str, new: str) -> str:
    """One ``diff_manifests`` figure (median of three)."""
    timings = []
    for _ in range(3):
        t0 = time.perf_counter()
        diff_manifests(old, new)
        timings.append(time.perf_counter() - t0)
    return f"{label:<38} {statistics.median(timings) * 1000:9.1f} ms"


async def open_big_diff(lines_wanted: int) -> list[str]:
    """Time from asking for a revision diff to the first frame showing it.

    The loop waits on plain sleeps rather than ``pilot.pause`` (which makes every widget
    process a message each time): the diff is computed in a worker thread, and a busy
    poll would take the GIL from it and measure itself.
    """
    resources = lines_wanted // 49
    old, new = big_manifest(resources, "1"), big_manifest(resources, "2")
    base = make_release("big", 1)
    releases = [
        replace(base, manifest=old),
        replace(make_release("big", 2), manifest=new),
    ]
    app = HelmTuiApp(FakeTiller(releases=releases), connection(), TuiConfig())
    lines_set: list[float] = []
    set_lines = DiffView.set_lines

    def recording_set_lines(view: DiffView, lines: Sequence[DiffLine], **kwargs: bool) -> None:
        set_lines(view, lines, **kwargs)
        if lines:
            lines_set.append(time.perf_counter())

    DiffView.set_lines = recording_set_lines  # type: ignore[method-assign, assignment]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            diff_frames: list[float] = []  # frames composed while the diff screen is on
            display = app._display

            def on_frame(screen: object, renderable: object) -> None:
                display(screen, renderable)  # type: ignore[arg-type]
                if renderable is not None and isinstance(app.screen, DiffScreen):
                    diff_frames.append(time.perf_counter())

            app._display = on_frame  # type: ignore[method-assign]
            start = time.perf_counter()
            app.flows.diff_revisions("big", 1, 2)
            while not (lines_set and diff_frames and diff_frames[-1] > lines_set[0]):
                await asyncio.sleep(0.002)
            opened = diff_frames[0] - start
            drawn = next(f for f in diff_frames if f > lines_set[0]) - start
            computed = lines_set[0] - start
    finally:
        DiffView.set_lines = set_lines  # type: ignore[method-assign]
    deployments = lines_wanted // 52
    count = len(old.splitlines())
    return [
        _line(f"diff screen open, {count:,}-line manifest", opened * 1000, "ms",
              TARGETS["diff"] * 1000),
        f"{'  ... until the diff lines are set':<38} {computed * 1000:9.1f} ms",
        _line("  ... until the diff is drawn", drawn * 1000, "ms", TARGETS["diff"] * 1000),
        ops_only("  (app.ops diff_manifests alone)", old, new),
        ops_only("  (... identical manifests)", old, old),
        ops_only("  (... Deployments, pod template noise)",
                 big_deployments(deployments, "1"), big_deployments(deployments, "2")),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("-v", action="store_true", help="print each frame time")
    args = parser.parse_args()
    lines = asyncio.run(first_screen_and_filter(args.releases))
    lines += asyncio.run(open_big_diff(20_000))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines.append(_line("peak RSS", rss, "MB", TARGETS["rss"]))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
