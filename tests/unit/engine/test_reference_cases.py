"""Every case of /work/shared/spec/gotemplate-cases.json (Helm v2.17's exact output).

Cases that use a Sprig/Helm function that is not registered yet are skipped with
the missing names in the skip reason (``pytest -rs`` lists them), so this runner
covers more as the function library grows and needs no edits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tiller.engine.gotemplate.builtins import BUILTINS

from .helm_harness import available_funcs, identifiers, render

CASES_FILE = Path("/work/shared/spec/gotemplate-cases.json")


def _cases() -> list[dict[str, Any]]:
    if not CASES_FILE.exists():
        return []
    return list(json.loads(CASES_FILE.read_text())["cases"])


CASES = _cases()
FUNCS = available_funcs()


def _missing_functions(case: dict[str, Any]) -> set[str]:
    used = identifiers(case["template"])
    for text in (case.get("partials") or {}).values():
        used |= identifiers(text)
    missing = {n for n in used if n not in BUILTINS and n not in FUNCS}
    error = case["expect"].get("error", "")
    # a case about an undefined function runs without it
    return {n for n in missing if f'function "{n}" not defined' not in error}


@pytest.mark.skipif(not CASES, reason="shared reference cases not available")
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_case(case: dict[str, Any]) -> None:
    missing = _missing_functions(case)
    if missing:
        pytest.skip(f"needs functions not registered yet: {', '.join(sorted(missing))}")
    expect = case["expect"]
    try:
        got = render(case["template"], case["values"], case.get("partials"), FUNCS)
    except RuntimeError as e:
        if "error" in expect:
            full = expect["error"]
            if full.startswith("render error") and "..." in full and len(str(e)) > len(full):
                head, _, tail = full.partition("...")
                assert str(e).startswith(head.rstrip()) and str(e).endswith(tail.lstrip())
            else:
                assert str(e) == full
            return
        raise
    assert "error" not in expect, f"expected an error, got output {got!r}"
    assert got == expect["output"]
