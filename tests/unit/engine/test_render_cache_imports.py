"""A one-shot render's overheads: modules loaded only when used, fewer GC collections."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.unit.engine.chartbuild import chart
from tiller.engine import _gc
from tiller.engine.context import ReleaseOptions
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


def _modules_after(code: str, cache: str = "off") -> tuple[set[str], str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = dict(os.environ, HELM_TUI_TEMPLATE_CACHE=cache)
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    *rendered, modules = out.stdout.splitlines()
    return set(json.loads(modules)), "\n".join(rendered)


def _chart(tmp_path: Path) -> Path:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: c\nversion: 0.1.0\n")
    (chart / "templates" / "a.yaml").write_text("a: {{ .Values.x | default 1 | quote }}\n")
    return chart


def test_template_command_imports_only_what_it_uses(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    loaded, _ = _modules_after(
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
        # The chart stays plain Python objects: no protobuf, no generated hapi code.
        "google.protobuf",
        "hapi",
        "hapi.chart.chart_pb2",
        # Standard modules that cost start-up time and the engine avoids.
        "dataclasses",
        "inspect",
        "decimal",
        "calendar",
        "urllib.parse",
        "pickle",  # only the parse cache encodes trees
    }
    assert sorted(unused & loaded) == []


def test_a_parse_cache_hit_loads_no_parser(tmp_path: Path) -> None:
    chart, cache = _chart(tmp_path), str(tmp_path / "cache")
    code = f"from app.cli import main\nmain(['template', {str(chart)!r}])"
    first, out1 = _modules_after(code, cache)
    again, out2 = _modules_after(code, cache)
    assert out1 == out2 == '---\n# Source: c/templates/a.yaml\na: "1"\n'
    parser = {f"tiller.engine.gotemplate.{m}" for m in ("lex", "parse", "literals")}
    assert parser <= first
    assert "tempfile" not in first  # storing the entry needs no tempfile either
    assert sorted(parser & again) == []


def test_collections_are_rarer_while_rendering_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from tiller.engine import render as render_mod

    seen: list[int] = []
    real = render_mod._execute

    def spy(*args: Any) -> Any:
        seen.append(gc.get_threshold()[0])
        return real(*args)

    monkeypatch.setattr(render_mod, "_execute", spy)
    before = gc.get_threshold()
    c = chart("c", templates={"a.yaml": "{{ .Values.x }}", "b.yaml": '{{ fail "no" }}'})
    with pytest.raises(render_mod.RenderError):
        render_mod.render_chart(c, "x: 1\n", ReleaseOptions("r"))
    assert seen == [_gc.RENDER_THRESHOLD]
    assert gc.get_threshold() == before


def test_overlapping_renders_restore_the_threshold_once_all_end() -> None:
    before = gc.get_threshold()
    inner_started, outer_may_end = threading.Event(), threading.Event()

    def other_render() -> None:
        with _gc.fewer_collections():
            inner_started.set()
            outer_may_end.wait(5)

    with _gc.fewer_collections():
        worker = threading.Thread(target=other_render)
        worker.start()
        inner_started.wait(5)
    assert gc.get_threshold()[0] == _gc.RENDER_THRESHOLD  # the other render still runs
    outer_may_end.set()
    worker.join(5)
    assert gc.get_threshold() == before


def test_signing_with_a_generated_ca_does_not_parse_its_key_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from tiller.engine.funcs import crypto

    ca = crypto.gen_ca("my-ca", 30)

    def parse_refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the generated CA key was parsed again")

    monkeypatch.setattr(serialization, "load_pem_private_key", parse_refused)
    signed = crypto.gen_signed_cert("leaf", None, ["a.example"], 30, ca)
    leaf = x509.load_pem_x509_certificate(str(signed.Cert).encode())
    root = x509.load_pem_x509_certificate(str(ca.Cert).encode())
    leaf.verify_directly_issued_by(root)
    monkeypatch.undo()
    foreign = crypto.Certificate(Cert=ca.Cert, Key=crypto.gen_private_key("rsa"))
    assert crypto.gen_signed_cert("leaf", None, None, 1, foreign).Cert  # parsed as before
