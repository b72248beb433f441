"""Render the whole golden corpus and print throughput: cold, warm and one process per case.

Usage: .venv/bin/python bench/render.py [--e2e-cases N] [--no-disk-cache] [--no-bytecode]
                                        [--skip-in-process] [--startup-runs N]
                                        [--skip-go] [--go-repeat N]

In process (the corpus loaded once):

- cold: parse + compile + execute (memory caches emptied before every case, no disk cache);
- cold, parse cache on disk: as cold, but parse trees come from the persistent cache
  (what a new ``helm-tui template`` process gets for a chart rendered before);
- warm: execute only (parsed template sets cached in memory, as Tiller renders; the
  requirements' import outcomes remembered, as the client's repeated renders have them).

Charts are loaded as ``helm-tui template`` loads them (plain objects, no protobuf).

Start-up, the fixed cost of every process (median of ``--startup-runs`` runs each): the
interpreter alone (``python -c pass``), and ``helm-tui template`` of a one-template chart.

End to end, ``helm-tui template`` as a fresh process per case, as a user or CI runs it
(errors included), with the case's flags; each process's wall time, mean and median:

- first run: an empty parse cache directory, so every template is parsed (and stored);
- cached: the same cases again, parse trees read from the cache
  (skipped with ``--no-disk-cache``, which also turns the cache off for the first run).

Python's bytecode cache is on for these processes, as for any installed program (an
installer compiles it; here a private ``PYTHONPYCACHEPREFIX``, warmed by one run first),
even if ``PYTHONDONTWRITEBYTECODE`` is set here; ``--no-bytecode`` measures without it.

Go's ``helm template`` v2.17 takes about 20 ms a case on this kind of machine (the figure
given with the corpus); the ratios below are against that reference.

Go baseline (``--skip-go`` to leave it out; skipped with a message when Go or the Go
sources of Sprig are missing): Go's own ``text/template`` + Sprig on the same cases, cold
and warm, against ours (see ``bench/render_go.py``), and one Go process per case as an
end-to-end estimate the end-to-end figures are also compared with.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.render_go import GoBaseline, compare_processes, go_baseline  # noqa: E402
from tests.corpus.runner import CORPUS, _timestamp, case_ids  # noqa: E402

GO_SECONDS_PER_CASE = 0.020
Prepared = list[tuple[str, Any, str, dict[str, Any]]]


def _prepare() -> Prepared:
    from app.charts.loader import load_chart
    from app.charts.uservalues import user_values

    prepared = []
    for case_id in case_ids():
        case = CORPUS / "cases" / case_id
        if (case / "expected-error.txt").exists():
            continue
        args = json.loads((case / "args.json").read_text())
        raw = user_values([str(case / v) for v in args.get("values", [])], args.get("set", []))
        prepared.append((case_id, load_chart(str(CORPUS / args["chart"])), raw, args))
    return prepared


def _render_case(chart: Any, raw: str, args: dict[str, Any]) -> dict[str, str]:
    from app.commands.template import render_like_helm_template

    return render_like_helm_template(
        chart,
        raw,
        str(args["name"]),
        str(args["namespace"]),
        bool(args.get("is_upgrade")),
        str(args.get("kube_version", "")),
        _timestamp(str(args.get("time", "2020-01-01T00:00:00Z"))),
    )


def _render_all(prepared: Prepared, cold: bool) -> tuple[float, int]:
    from tiller.engine import render, requirements

    templates = 0
    started = time.perf_counter()
    for _case_id, chart, raw, args in prepared:
        if cold:
            render.clear_cache()
            requirements.clear_import_memo()
        templates += len(_render_case(chart, raw, args))
    return time.perf_counter() - started, templates


def _in_process(prepared: Prepared) -> None:
    from tiller.engine import render, requirements

    cold, n = _render_all(prepared, cold=True)
    print(f"cold: {n} templates in {cold:.2f} s = {n / cold:,.0f} templates/s")
    with tempfile.TemporaryDirectory(prefix="bench-parse-cache-") as cache:
        render.set_disk_cache(cache)
        _render_all(prepared, cold=True)  # fill the disk cache
        disk, n = _render_all(prepared, cold=True)
        render.set_disk_cache(None)
    print(f"cold, parse cache on disk: {n} templates in {disk:.2f} s = {n / disk:,.0f} templates/s")
    # The whole corpus stays parsed and its imports remembered, as "warm" means.
    render.CACHE_SIZE = len(prepared) + 1
    requirements.IMPORTS_MEMO_SIZE = 8 * len(prepared)
    _render_all(prepared, cold=False)  # fill the cache
    warm, n = _render_all(prepared, cold=False)
    print(
        f"warm: {n} templates in {warm:.2f} s = {n / warm:,.0f} templates/s "
        f"({warm / len(prepared) * 1000:.1f} ms a case)"
    )


def _command(case_id: str) -> list[str]:
    case = CORPUS / "cases" / case_id
    args = json.loads((case / "args.json").read_text())
    cmd = [str(ROOT / ".venv" / "bin" / "helm-tui"), "template", str(CORPUS / args["chart"])]
    cmd += ["--name", args["name"], "--namespace", args["namespace"]]
    if args.get("kube_version"):
        cmd += ["--kube-version", args["kube_version"]]
    if args.get("is_upgrade"):
        cmd.append("--is-upgrade")
    if args.get("notes"):
        cmd.append("--notes")
    for values in args.get("values", []):
        cmd += ["-f", str(case / values)]
    for value in args.get("set", []):
        cmd += ["--set", value]
    return cmd


def _end_to_end(commands: list[list[str]], env: dict[str, str]) -> list[float]:
    times = []
    for cmd in commands:
        started = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - started)
    return times


def _startup(env: dict[str, str], runs: int) -> None:
    python = str(ROOT / ".venv" / "bin" / "python")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        chart = Path(tmp) / "tiny"
        (chart / "templates").mkdir(parents=True)
        (chart / "Chart.yaml").write_text("name: tiny\nversion: 0.1.0\n")
        (chart / "templates" / "cm.yaml").write_text("kind: ConfigMap\nname: {{ .Release.Name }}\n")
        helm_tui = [str(ROOT / ".venv" / "bin" / "helm-tui"), "template", str(chart)]
        subprocess.run(helm_tui, capture_output=True, check=False, env=env)  # fill the caches
        interpreter = statistics.median(_end_to_end([[python, "-c", "pass"]] * runs, env))
        template = statistics.median(_end_to_end([helm_tui] * runs, env))
    print(
        f"start-up: interpreter alone {interpreter * 1000:.0f} ms, `helm-tui template` of a "
        f"one-template chart {template * 1000:.0f} ms (medians of {runs})"
    )


def _report(label: str, times: list[float], ids: list[str], go: GoBaseline | None) -> None:
    mean, median = statistics.mean(times), statistics.median(times)
    print(
        f"end to end, {label}: {len(times)} `helm-tui template` processes in {sum(times):.1f} s"
        f" = {mean * 1000:.0f} ms a case (median {median * 1000:.0f} ms), "
        f"{mean / GO_SECONDS_PER_CASE:.1f}x Go's ~20 ms"
    )
    if go is not None:
        compare_processes(go, dict(zip(ids, times, strict=True)), label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--e2e-cases", type=int, default=192)
    parser.add_argument("--no-disk-cache", action="store_true", help="parse in every process")
    parser.add_argument("--no-bytecode", action="store_true", help="no .pyc files either")
    parser.add_argument("--skip-in-process", action="store_true", help="processes only")
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--skip-go", action="store_true", help="no Go baseline section")
    parser.add_argument(
        "--go-repeat", type=int, default=5, help="Go baseline: cold runs a case (3x as many warm)"
    )
    opts = parser.parse_args()
    go = None
    if not (opts.skip_in_process and opts.skip_go):
        started = time.perf_counter()
        prepared = _prepare()
        loaded = time.perf_counter() - started
        print(f"load {len(prepared)} cases (charts + values): {loaded:.2f} s")
        if not opts.skip_in_process:
            _in_process(prepared)
        if not opts.skip_go:
            go = go_baseline(prepared, _render_case, max(opts.go_repeat, 1))
    ids = case_ids()[: opts.e2e_cases]
    commands = [_command(c) for c in ids]
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        env = dict(os.environ)
        if opts.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path.home() / ".cache" / "helm-tui" / "bench-pyc")
        env["HELM_TUI_TEMPLATE_CACHE"] = "off" if opts.no_disk_cache else f"{tmp}/templates"
        if opts.startup_runs > 0:
            _startup(dict(env, HELM_TUI_TEMPLATE_CACHE=f"{tmp}/startup"), opts.startup_runs)
        if not commands:
            return
        # Write the .pyc files (and warm the page cache) without filling the parse cache.
        warm_up = dict(env, HELM_TUI_TEMPLATE_CACHE="off")
        subprocess.run(commands[0], capture_output=True, check=False, env=warm_up)
        _report("first run" if not opts.no_disk_cache else "no parse cache",
                _end_to_end(commands, env), ids, go)  # fmt: skip
        if not opts.no_disk_cache:
            _report("parse cache warm", _end_to_end(commands, env), ids, go)


if __name__ == "__main__":
    main()
