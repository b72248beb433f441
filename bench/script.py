"""Start-up time of ``helm-tui`` and per-command overhead of one-shot vs. ``--script`` mode.

Usage:

    .venv/bin/python bench/script.py [--runs 15] [--commands 50]

Starts a ``tiller`` process (memory storage; no cluster needed for these calls) and prints:

* start-up: wall time of ``helm-tui version --client`` and ``helm-tui version`` (client +
  a GetVersion round trip), median of ``--runs`` processes; target < 0.3 s;
* whether Textual (or gRPC, for ``--client``) was imported: it must not be;
* per-command overhead: ``--commands`` ``history`` calls as separate processes vs. as
  lines of one script (one process, one connection), per command and as a ratio.
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.tiller_process import run_tiller  # noqa: E402

TARGET = 0.3


def _helm_tui(*args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{args}: {proc.returncode}\n{proc.stderr}")
    return elapsed


def _median(args: tuple[str, ...], runs: int, env: dict[str, str]) -> float:
    _helm_tui(*args, env=env)  # warm the page cache and .pyc files
    return statistics.median(_helm_tui(*args, env=env) for _ in range(runs))


def _imported(args: str) -> dict[str, bool]:
    code = (
        "import sys, json, runpy; sys.argv = ['helm-tui', *json.loads(sys.argv[1])]\n"
        "try:\n    runpy.run_module('app.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "roots = {m.split('.')[0] for m in sys.modules}\n"
        "print(json.dumps({r: r in roots for r in ('textual', 'grpc', 'hapi')}), file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args.split())],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "HELM_HOST": "127.0.0.1:1"},
    )  # fmt: skip
    found: dict[str, bool] = json.loads(proc.stderr.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--commands", type=int, default=50)
    opts = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        run_tiller(Path(tmp), "--storage", "memory") as tiller,
    ):
        env = {**os.environ, "HELM_HOST": tiller.address, "PYTHONPATH": str(REPO)}
        client_only = _median(("version", "--client"), opts.runs, env)
        with_server = _median(("version",), opts.runs, env)
        verdict = "ok" if with_server < TARGET else "MISSED"
        print(f"start-up  version --client  {client_only * 1000:7.1f} ms (median of {opts.runs})")
        print(
            f"start-up  version           {with_server * 1000:7.1f} ms (target < 300 ms: {verdict})"
        )
        print(f"imports   version --client: {_imported('version --client')}")
        print(f"imports   version:          {_imported('version')}")

        n = opts.commands
        start = time.perf_counter()
        for _ in range(n):
            _helm_tui("history", "nothing-here", env=env)
        one_shot = (time.perf_counter() - start) / n
        script = Path(tmp) / "bench.txt"
        script.write_text("history nothing-here\n" * n)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", "--script", str(script), "--keep-going"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        total = time.perf_counter() - start
        assert proc.returncode in (0, 1), proc.stderr
        empty = Path(tmp) / "empty.txt"
        empty.write_text("# nothing\n")
        baseline = _median(("--script", str(empty)), 5, env)
        per_line = (total - baseline) / n
        print(f"overhead  one-shot process  {one_shot * 1000:7.1f} ms per command ({n} x history)")
        print(
            f"overhead  script line       {per_line * 1000:7.1f} ms per command "
            f"({n} lines: {total:.2f} s; empty script {baseline * 1000:.0f} ms)"
        )
        print(f"ratio     one-shot / script {one_shot / per_line:7.1f}x")


if __name__ == "__main__":
    main()
