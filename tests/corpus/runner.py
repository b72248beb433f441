"""Run one corpus case in-process and compare it with the golden output.

The corpus (``/work/shared/corpus``, next to the repository) holds real charts and what
Helm v2.17's ``helm template`` made of them: ``expected.json`` (every rendered template,
NOTES.txt included), ``expected.txt`` (the printed documents, in order) or
``expected-error.txt``. Templates listed in ``nondeterministic.txt`` are not compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEP = "---\n# Source: "


@dataclass
class Outcome:
    """The result of one case: ``problems`` is empty when it passed."""

    case: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def case_ids() -> list[str]:
    """Every case id of the corpus (empty when the corpus is absent)."""
    cases = CORPUS / "cases"
    if not cases.is_dir():
        return []
    return sorted(p.name for p in cases.iterdir() if p.is_dir())


def _read(path: Path) -> str:
    # Keep "\r" intact: some charts have CRLF templates.
    return path.read_bytes().decode("utf-8", errors="surrogateescape")


def first_difference(want: str, got: str) -> str:
    """Where two texts first differ, for a readable failure."""
    wl, gl = want.split("\n"), got.split("\n")
    for i, (w, g) in enumerate(zip(wl, gl, strict=False)):
        if w != g:
            return f"line {i + 1}: want {w[:160]!r} got {g[:160]!r}"
    if len(wl) != len(gl):
        return f"want {len(wl)} lines, got {len(gl)}"
    return "identical"


def _timestamp(text: str) -> object:
    from tiller.engine.context import timestamp

    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return timestamp(int(when.timestamp()))


def run_case(case_id: str, message: bool = False) -> Outcome:
    """Render a case as ``helm template`` would and compare it with the goldens.

    Args:
        case_id: the case.
        message: load the chart as the ``hapi`` message (what Tiller renders) rather
            than as the plain objects ``helm-tui template`` renders.
    """
    from app.charts.loader import ChartLoadError, load, load_chart
    from app.charts.uservalues import UserValuesError, user_values
    from app.commands.template import (
        CommandError,
        format_documents,
        printable,
        render_like_helm_template,
    )
    from tiller.engine.kindsort import split_manifests

    case = CORPUS / "cases" / case_id
    args = json.loads(_read(case / "args.json"))
    out = Outcome(case_id)
    try:
        raw = user_values([str(case / v) for v in args.get("values", [])], args.get("set", []))
        chart = (load if message else load_chart)(str(CORPUS / args["chart"]))
        rendered = render_like_helm_template(
            chart,
            raw,
            args["name"],
            args["namespace"],
            bool(args.get("is_upgrade")),
            args.get("kube_version", ""),
            _timestamp(args.get("time", "2020-01-01T00:00:00Z")),
        )
    except (CommandError, ChartLoadError, UserValuesError) as e:
        err_file = case / "expected-error.txt"
        if not err_file.exists():
            out.problems.append(f"unexpected error: {e}")
            return out
        want = _read(err_file).strip().removeprefix("Error: ")
        if str(e) != want:
            out.problems.append(f"error differs: {first_difference(want, str(e))}")
        return out
    if (case / "expected-error.txt").exists():
        out.problems.append("expected an error, rendering succeeded")
        return out
    ignore = set()
    if (case / "nondeterministic.txt").exists():
        ignore = set(_read(case / "nondeterministic.txt").split())
    expected: dict[str, str] = json.loads(_read(case / "expected.json"))
    for name, text in sorted(expected.items()):
        if name in ignore:
            continue
        if name not in rendered:
            out.problems.append(f"missing {name}")
        elif rendered[name] != text:
            out.problems.append(f"differs {name}: {first_difference(text, rendered[name])}")
    for name in sorted(set(rendered) - set(expected)):
        out.problems.append(f"unexpected {name}")
    if not out.problems:
        got = format_documents(printable(split_manifests(rendered), bool(args.get("notes"))))
        if _doc_names(got) != _doc_names(_read(case / "expected.txt")):
            out.problems.append("documents printed in a different order")
    return out


def _doc_names(text: str) -> list[str]:
    return [part.partition("\n")[0] for part in text.split(SEP)[1:]]
