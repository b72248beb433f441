"""Every corpus case, rendered in-process, must match Helm v2.17's golden output.

Cases listed in ``known_failures.txt`` are expected to fail (xfail); a listed case that
passes fails the suite until it is removed from the list, so the list only shrinks and
a case that passes keeps passing. The session summary prints the real pass rate.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus.runner import CORPUS, case_ids, run_case

KNOWN_FAILURES_FILE = Path(__file__).with_name("known_failures.txt")
RESULTS: dict[str, bool] = {}


def _known_failures() -> set[str]:
    lines = KNOWN_FAILURES_FILE.read_text().splitlines() if KNOWN_FAILURES_FILE.exists() else []
    return {ln.split("#", 1)[0].strip() for ln in lines} - {""}


KNOWN = _known_failures()
CASES = case_ids()

pytestmark = pytest.mark.skipif(not CASES, reason=f"corpus not found at {CORPUS}")


@pytest.mark.parametrize("case_id", CASES)
def test_case(case_id: str) -> None:
    outcome = run_case(case_id)
    RESULTS[case_id] = outcome.passed
    if case_id in KNOWN:
        if outcome.passed:
            pytest.fail(f"{case_id} passes now: remove it from {KNOWN_FAILURES_FILE.name}")
        pytest.xfail("; ".join(outcome.problems)[:500])
    assert outcome.passed, f"{case_id}: " + "; ".join(outcome.problems[:5])


@pytest.mark.parametrize("case_id", CASES)
def test_case_as_message(case_id: str) -> None:
    """The same case, the chart loaded as the ``hapi`` message Tiller renders."""
    outcome = run_case(case_id, message=True)
    if case_id in KNOWN:
        pytest.xfail("; ".join(outcome.problems)[:500])
    assert outcome.passed, f"{case_id}: " + "; ".join(outcome.problems[:5])


def test_known_failures_are_cases() -> None:
    unknown = KNOWN - set(CASES)
    assert not unknown, f"{KNOWN_FAILURES_FILE.name} names cases that do not exist: {unknown}"


def test_compare_script_through_cli() -> None:
    """The command line satisfies the corpus's own compare.py (a sample of cases)."""
    exe = Path(sys.executable).with_name("helm-tui")
    cmd = (
        f"{shlex.quote(str(exe))} template {{chart}} --name {{name}} --namespace {{ns}} "
        "--kube-version {kube_version} -f {values}"
    )
    only = os.environ.get("CORPUS_COMPARE_ONLY", "incubator-c")
    proc = subprocess.run(
        [sys.executable, str(CORPUS / "compare.py"), str(CORPUS), "--cmd", cmd, "--only", only],
        capture_output=True,
        text=True,
        timeout=600,
    )
    failing = [ln for ln in proc.stdout.splitlines() if ln.startswith("FAIL ")]
    failing = [ln for ln in failing if ln.split()[1].rstrip(":") not in KNOWN]
    assert not failing, "\n".join(failing)
    assert "0 passed" not in proc.stdout.splitlines()[-1], proc.stdout
