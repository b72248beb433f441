"""The "Go baseline" section of bench/render.py: Go's own speed on the same rendering work.

bench/go_render (Go's ``text/template`` with Sprig, missingkey=zero, Helm-like
``include``/``tpl``/``required``/``toYaml``...) is built into a temporary directory and
given every case as our engine sees it (bench/render_go_export.py: template texts plus
the data each template receives). Both sides are then timed per case, best of N runs
(3N for warm):

- cold: Go does the values work (parse every values file of the case with ghodss/yaml,
  merge defaults under overrides, as many passes as Helm v2 makes), parses the
  templates into a new set and executes them once; ours is ``bench/render.py``'s cold
  (requirements, coalescing, parse and compile, execute);
- warm: templates parsed before. "Like for like": both sides also have the values
  files parsed before (Go merges from cached trees, our engine caches parsed values
  too), ours being ``bench/render.py``'s warm; this row carries the 3x target. Ours
  also remembers the outcome of the requirements' import passes (they read no user
  values) where Go redoes their merges, so the target is also shown with that memory
  emptied before every case. Also shown: Go parsing the values files every time (as
  Helm would), and execution alone on both sides (ours: the engine's execute step on
  the exported case's data).

Cases where Go fails a template are left out of both sides. Cases whose templates
generate keys or hash passwords (genCA, genPrivateKey, bcrypt...) are shown apart: their
time is mostly random prime search or deliberate hashing (OpenSSL's on our side, Go's
``crypto`` on Go's), not template work.

The Go program builds in GOPATH mode (no module proxy needed) against Sprig v3,
ghodss/yaml and BurntSushi/toml sources: those of ``$GOPATH`` or ``go env GOPATH`` if
they hold them, else Debian's ``golang-github-*-dev`` packages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bench.render_go_export import Executed, export_case, values_inputs
from tests.corpus.runner import CORPUS

GO_SOURCE = Path(__file__).resolve().parent / "go_render"
DEBIAN_GOPATH = "/usr/share/gocode"  # where Debian's golang-*-dev packages put sources
NEEDED = ("github.com/Masterminds/sprig", "github.com/ghodss/yaml", "github.com/BurntSushi/toml")
DEBIAN_PACKAGES = (
    "golang-github-masterminds-sprig-dev golang-github-ghodss-yaml-dev "
    "golang-github-burntsushi-toml-dev"
)
KEY_WORK = re.compile(
    r"\b(genCA|genSignedCert|genSelfSignedCert|genPrivateKey|htpasswd|bcrypt|derivePassword)\b"
)
WARM_TARGET = 3.0
WARM_RUNS = 3
"""Warm runs per cold run: they are short, and more of them steady the best-of figure."""

RenderCase = Callable[[Any, str, dict[str, Any]], object]


@dataclass
class GoBaseline:
    """What the end-to-end part of bench/render.py compares against."""

    process_seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of one ``go_render -once`` process, by case id (compared cases only)."""
    key_work: set[str] = field(default_factory=set)
    """Compared cases that generate keys or hash passwords."""


def _gopath(go: str) -> str | None:
    candidates = [p for p in os.environ.get("GOPATH", "").split(os.pathsep) if p]
    found = subprocess.run([go, "env", "GOPATH"], capture_output=True, text=True, check=False)
    candidates += [p for p in found.stdout.strip().split(os.pathsep) if p]
    candidates.append(DEBIAN_GOPATH)
    for path in candidates:
        if all((Path(path) / "src" / pkg).is_dir() for pkg in NEEDED):
            return path
    return None


def _build(tmp: Path) -> Path | str:
    """Build bench/go_render; returns the program, or why it could not be built."""
    go = shutil.which("go")
    if go is None:
        return "no `go` command on PATH"
    gopath = _gopath(go)
    if gopath is None:
        return (
            f"Go sources of {', '.join(NEEDED)} not found in $GOPATH, `go env GOPATH` or "
            f"{DEBIAN_GOPATH} (Debian: apt-get install {DEBIAN_PACKAGES})"
        )
    program = tmp / "go_render"
    env = dict(os.environ, GO111MODULE="off", GOPATH=gopath, GOFLAGS="")
    built = subprocess.run(
        [go, "build", "-o", str(program), "."],
        cwd=GO_SOURCE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        return f"`go build` failed:\n{built.stderr.strip()}"
    return program


def _best(times: dict[str, list[float]], ids: list[str]) -> float:
    return sum(min(times[i]) for i in ids)


def _median_pass(times: dict[str, list[float]], ids: list[str]) -> float:
    passes = len(times[ids[0]]) if ids else 0
    return statistics.median(sum(times[i][p] for i in ids) for p in range(passes)) if ids else 0.0


def _ours(
    prepared: list[tuple[str, Any, str, dict[str, Any]]],
    executed: dict[str, Executed],
    render_case: RenderCase,
    repeat: int,
) -> dict[str, dict[str, list[float]]]:
    """Our per-case times: ``repeat`` cold passes, ``WARM_RUNS * repeat`` warm ones."""
    from tiller.engine import render, requirements
    from tiller.engine._gc import fewer_collections

    out: dict[str, dict[str, list[float]]] = {
        "cold": {},
        "warm": {},
        "warm-imports": {},
        "execute": {},
    }
    for kind in out:
        for _ in range(repeat if kind == "cold" else WARM_RUNS * repeat):
            for case_id, chart, raw, args in prepared:
                if kind in ("cold", "warm-imports"):
                    requirements.clear_import_memo()
                if kind == "cold":
                    render.clear_cache()
                started = time.perf_counter()
                if kind == "execute":
                    with fewer_collections():
                        render._execute(*executed[case_id])
                else:
                    render_case(chart, raw, args)
                out[kind].setdefault(case_id, []).append(time.perf_counter() - started)
        if kind == "cold":
            for _case_id, chart, raw, args in prepared:  # fill the cache for warm
                render_case(chart, raw, args)
    return out


def _golden_matches(go_cases: list[dict[str, Any]]) -> tuple[int, int]:
    """How many deterministic Go outputs equal the corpus goldens, out of how many."""
    same = total = 0
    for case in go_cases:
        expected = json.loads((CORPUS / "cases" / case["id"] / "expected.json").read_text())
        nondet = CORPUS / "cases" / case["id"] / "nondeterministic.txt"
        skip = set(nondet.read_text().split()) if nondet.exists() else set()
        for name, text in (case.get("outputs") or {}).items():
            if name not in skip:
                total += 1
                same += expected.get(name) == text
    return same, total


def _processes(program: Path, files: list[Path]) -> list[float]:
    subprocess.run([str(program), "-once", str(files[0])], capture_output=True, check=False)
    times = []
    for file in files:
        started = time.perf_counter()
        subprocess.run([str(program), "-once", str(file)], capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return times


def _groups(plain: list[str], every: list[str]) -> list[tuple[str, list[str]]]:
    groups = [("without key generation", plain)] if plain else []
    if len(every) > len(plain):
        groups.append(("every compared case", every))
    return groups


def _line(label: str, go: float, ours: float, n: int, target: float | None = None) -> str:
    ratio = ours / go if go else float("inf")
    verdict = ""
    if target is not None:
        verdict = f" (target under {target:g}x: {'met' if ratio < target else 'NOT met'})"
    return (
        f"    {label}: Go {go / n * 1000:.2f} ms a case, ours {ours / n * 1000:.2f} ms a case "
        f"= {ratio:.1f}x Go{verdict}"
    )


ROWS = (
    # (label, statistic, Go series, our series, target)
    ("warm, like for like", _best, "warm+cached", "warm", WARM_TARGET),
    ("  same, median pass", _median_pass, "warm+cached", "warm", None),
    ("  same, our imports redone", _best, "warm+cached", "warm-imports", WARM_TARGET),
    ("warm, Go parsing values files", _best, "warm+values", "warm", None),
    ("warm, execution alone", _best, "warm", "execute", None),
    ("cold", _best, "cold", "cold", None),
)
ROWS_LEGEND = """\
  warm, like for like: both sides have the templates and the values files parsed before
    (Go: values merged from cached trees, then execute; ours: bench/render.py's warm);
  our imports redone: ours without its remembered requirements import outcomes, so the
    import passes are merged (and written as YAML) again every time, as Go merges them;
  warm, Go parsing values files: Go parses every values file again, as Helm does;
  warm, execution alone: Go's execute against our engine's execute step alone;
  cold: values, parse, execute (ours: bench/render.py's cold)."""


def _go_series(cases: list[dict[str, Any]]) -> dict[str, dict[str, list[float]]]:
    def runs(case: dict[str, Any], extra: str) -> list[float]:
        return [w + v for w, v in zip(case["warm"], case[extra], strict=True)]

    return {
        "warm": {c["id"]: c["warm"] for c in cases},
        "warm+values": {c["id"]: runs(c, "values") for c in cases},
        "warm+cached": {c["id"]: runs(c, "values_cached") for c in cases},
        "cold": {c["id"]: c["cold"] for c in cases},
    }


def _compare(title: str, ids: list[str], go: dict[str, Any], ours: dict[str, Any]) -> None:
    n = len(ids)
    if not n:
        return
    print(f"  {title}: {n} cases")
    for label, stat, go_kind, our_kind, target in ROWS:
        print(_line(label, stat(go[go_kind], ids), stat(ours[our_kind], ids), n, target))


def go_baseline(
    prepared: list[tuple[str, Any, str, dict[str, Any]]], render_case: RenderCase, repeat: int
) -> GoBaseline | None:
    """Print the Go baseline section; None when Go or its sources are missing."""
    from tiller.engine import render, requirements

    print("Go baseline:")
    with tempfile.TemporaryDirectory(prefix="bench-go-render-") as tmp_name:
        tmp = Path(tmp_name)
        program = _build(tmp)
        if isinstance(program, str):
            print(f"  skipped: {program}")
            return None
        render.CACHE_SIZE = max(render.CACHE_SIZE, len(prepared) + 1)
        requirements.IMPORTS_MEMO_SIZE = max(requirements.IMPORTS_MEMO_SIZE, 8 * len(prepared))
        export = tmp / "cases"
        export.mkdir()
        executed = {
            case_id: export_case(
                case_id, partial(render_case, chart, raw, args), values_inputs(chart, raw), export
            )
            for case_id, chart, raw, args in prepared
        }
        run = subprocess.run(
            [str(program), "-repeat", str(repeat)]
            + ["-warm-repeat", str(WARM_RUNS * repeat), "-outputs", str(export)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            print(f"  skipped: go_render failed:\n{run.stderr.strip()}")
            return None
        result = json.loads(run.stdout)
        return _report(program, export, result, prepared, executed, render_case, repeat)


def _say(text: str, indent: str = "  ") -> None:
    print(textwrap.fill(text, 100, initial_indent=indent, subsequent_indent=indent + "  "))


def _report(
    program: Path,
    export: Path,
    result: dict[str, Any],
    prepared: list[tuple[str, Any, str, dict[str, Any]]],
    executed: dict[str, Executed],
    render_case: RenderCase,
    repeat: int,
) -> GoBaseline:
    go_cases = result["cases"]
    same, total = _golden_matches(go_cases)
    _say(
        f"{result['go']}, text/template + Sprig; {len(go_cases)} cases exported; Go's outputs "
        f"equal the golden ones for {same} of {total} deterministic templates; times: best of "
        f"{repeat} cold and {WARM_RUNS * repeat} warm runs a case, summed (or median pass)"
    )
    failed = [c for c in go_cases if c["errors"]]
    print(f"  cases Go failed (left out of both sides): {len(failed)}")
    for case in failed:
        _say(f"{case['id']}: {case['errors']} template(s): {case['error'][:200]}", "    ")
    print(ROWS_LEGEND)
    ok = {c["id"] for c in go_cases if not c["errors"]}
    compared = [p for p in prepared if p[0] in ok]
    ids = [p[0] for p in compared]
    keys = [i for i in ids if KEY_WORK.search((export / f"{i}.json").read_text())]
    plain = [i for i in ids if i not in keys]
    go = _go_series([c for c in go_cases if c["id"] in ok])
    ours = _ours(compared, executed, render_case, repeat)
    _compare("without key generation", plain, go, ours)
    _say(f"(key generation or password hashing in: {', '.join(keys) or 'none'})")
    if keys:
        _compare("every compared case", ids, go, ours)
    times = dict(zip(ids, _processes(program, [export / f"{i}.json" for i in ids]), strict=True))
    _say(
        "end to end estimate: one `go_render -once` process per case (read the exported JSON, "
        "values work, parse, execute, print; Helm also reads the chart's files and processes "
        "requirements, so its `helm template` takes longer):"
    )
    for title, chosen in _groups(plain, ids):
        per_case = [times[i] for i in chosen]
        print(
            f"    {title}: {statistics.mean(per_case) * 1000:.1f} ms a case "
            f"(median {statistics.median(per_case) * 1000:.1f} ms)"
        )
    return GoBaseline(times, set(keys))


def compare_processes(baseline: GoBaseline, times: dict[str, float], label: str) -> None:
    """Print our per-process times against the Go estimate over the same cases."""
    ids = [i for i in times if i in baseline.process_seconds]
    plain = [i for i in ids if i not in baseline.key_work]
    for title, chosen in _groups(plain, ids):
        ours = statistics.mean(times[i] for i in chosen)
        go = statistics.mean(baseline.process_seconds[i] for i in chosen)
        print(
            f"  {label}, against the Go process estimate, {title} ({len(chosen)}): "
            f"ours {ours * 1000:.0f} ms, Go {go * 1000:.1f} ms a case = {ours / go:.1f}x"
        )
