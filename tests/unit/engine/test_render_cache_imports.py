"""Start-up cost: the function table matches the registrations; unused modules stay unloaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tiller.engine.funcs import sprig_funcs
from tiller.engine.funcs._table import SPRIG_TABLE
from tiller.engine.funcs._tablegen import registered

ROOT = Path(__file__).resolve().parents[3]


def test_table_matches_the_registrations() -> None:
    # Regenerate with `python -m tiller.engine.funcs._tablegen` when this fails.
    assert registered() == SPRIG_TABLE


def test_deferred_functions_behave_like_the_real_ones() -> None:
    from tiller.engine.funcs import strings

    funcs = sprig_funcs()
    assert funcs["trunc"](3, "abcdef") == strings.trunc(3, "abcdef") == "abc"
    assert funcs["trunc"].name == "trunc" and funcs["trunc"].params == ("int", "string")
    assert sprig_funcs()["trunc"].fn is strings.trunc  # resolved once called


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = dict(os.environ, HELM_TUI_TEMPLATE_CACHE="off")
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_template_command_imports_only_what_it_uses(tmp_path: Path) -> None:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: c\nversion: 0.1.0\n")
    (chart / "templates" / "a.yaml").write_text("a: {{ .Values.x | default 1 | quote }}\n")
    loaded = _modules_after(
        "from app.cli import main\n"
        f"main(['template', {str(chart)!r}])\n"
        "assert 'tiller.engine.funcs.defaults' in sys.modules"
    )
    unused = {
        "cryptography",
        "grpc",
        "kubernetes",
        "textual",
        "zoneinfo",
        "uuid",
        "tiller.engine.funcs.crypto",
        "tiller.engine.funcs.dates",
        "tiller.engine.funcs.network",
        "tiller.engine.gotemplate.treecodec",  # the parse cache is off here
    }
    assert sorted(unused & loaded) == []
