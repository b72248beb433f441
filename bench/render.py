"""Render the whole golden corpus and print throughput: cold, warm and one process per case.

Usage: .venv/bin/python bench/render.py [--e2e-cases N]

- cold: parse + compile + execute (the parsed-set cache emptied before every case);
- warm: execute only (parsed template sets cached per chart digest, as Tiller renders);
- end to end: `helm-tui template` as a fresh process per case, as a user or CI runs it.

Go's `helm template` v2.17 takes about 20 ms a case on this kind of machine (the figure
given with the corpus); the ratios below are against that reference.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus.runner import CORPUS, _timestamp, case_ids  # noqa: E402

GO_SECONDS_PER_CASE = 0.020


def _prepare() -> list[tuple[str, object, str, dict[str, object]]]:
    from app.charts.loader import load
    from app.charts.uservalues import user_values

    prepared = []
    for case_id in case_ids():
        case = CORPUS / "cases" / case_id
        if (case / "expected-error.txt").exists():
            continue
        args = json.loads((case / "args.json").read_text())
        raw = user_values([str(case / v) for v in args.get("values", [])], args.get("set", []))
        prepared.append((case_id, load(str(CORPUS / args["chart"])), raw, args))
    return prepared


def _render_all(
    prepared: list[tuple[str, object, str, dict[str, object]]], cold: bool
) -> tuple[float, int]:
    from app.commands.template import render_like_helm_template
    from tiller.engine import render

    templates = 0
    started = time.perf_counter()
    for _case_id, chart, raw, args in prepared:
        if cold:
            render._cache.clear()
        out = render_like_helm_template(
            chart,
            raw,
            str(args["name"]),
            str(args["namespace"]),
            bool(args.get("is_upgrade")),
            str(args.get("kube_version", "")),
            _timestamp(str(args.get("time", "2020-01-01T00:00:00Z"))),
        )
        templates += len(out)
    return time.perf_counter() - started, templates


def _end_to_end(limit: int) -> tuple[float, int]:
    exe = ROOT / ".venv" / "bin" / "helm-tui"
    ids = case_ids()[:limit]
    started = time.perf_counter()
    for case_id in ids:
        case = CORPUS / "cases" / case_id
        args = json.loads((case / "args.json").read_text())
        cmd = [
            str(exe),
            "template",
            str(CORPUS / args["chart"]),
            "--name",
            args["name"],
            "--namespace",
            args["namespace"],
        ]
        if args.get("kube_version"):
            cmd += ["--kube-version", args["kube_version"]]
        for values in args.get("values", []):
            cmd += ["-f", str(case / values)]
        subprocess.run(cmd, capture_output=True, check=False)
    return time.perf_counter() - started, len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--e2e-cases", type=int, default=192)
    opts = parser.parse_args()
    started = time.perf_counter()
    prepared = _prepare()
    print(f"load {len(prepared)} cases (charts + values): {time.perf_counter() - started:.2f} s")
    cold, n = _render_all(prepared, cold=True)
    print(f"cold: {n} templates in {cold:.2f} s = {n / cold:,.0f} templates/s")
    from tiller.engine import render

    render.CACHE_SIZE = len(prepared) + 1  # the whole corpus stays parsed, as "warm" means
    _render_all(prepared, cold=False)  # fill the cache
    warm, n = _render_all(prepared, cold=False)
    print(
        f"warm: {n} templates in {warm:.2f} s = {n / warm:,.0f} templates/s "
        f"({warm / len(prepared) * 1000:.1f} ms a case)"
    )
    e2e, cases = _end_to_end(opts.e2e_cases)
    per_case = e2e / cases
    print(
        f"end to end: {cases} `helm-tui template` processes in {e2e:.1f} s = "
        f"{per_case * 1000:.0f} ms a case, {per_case / GO_SECONDS_PER_CASE:.1f}x Go's ~20 ms"
    )


if __name__ == "__main__":
    main()
