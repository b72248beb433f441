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
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.ops.diff import diff_manifests  # noqa: E402
from app.tui.app import HelmTuiApp  # noqa: E402
from app.tui.config import TuiConfig  # noqa: E402
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


async def open_big_diff(lines_wanted: int) -> list[str]:
    resources = lines_wanted // 49
    old, new = big_manifest(resources, "1"), big_manifest(resources, "2")
    base = make_release("big", 1)
    releases = [
        replace(base, manifest=old),
        replace(make_release("big", 2), manifest=new),
    ]
    app = HelmTuiApp(FakeTiller(releases=releases), connection(), TuiConfig())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        app.flows.diff_revisions("big", 1, 2)
        opened = 0.0
        while True:
            await pilot.pause(0.005)
            screen = app.screen
            if not opened and isinstance(screen, DiffScreen):
                opened = time.perf_counter() - start
            if isinstance(screen, DiffScreen) and screen.query_one(DiffView).lines:
                break
        shown = time.perf_counter() - start
    t0 = time.perf_counter()
    diff_manifests(old, new)
    ops_only = time.perf_counter() - t0
    count = len(old.splitlines())
    return [
        _line(f"diff screen open, {count:,}-line manifest", opened * 1000, "ms",
              TARGETS["diff"] * 1000),
        _line("  ... until the diff is drawn", shown * 1000, "ms", TARGETS["diff"] * 1000),
        f"{'  (app.ops diff_manifests alone)':<38} {ops_only * 1000:9.1f} ms",
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
