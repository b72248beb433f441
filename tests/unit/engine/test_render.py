"""The Helm v2 engine: one template set, parse order, scoping, errors, caching."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hapi.chart.chart_pb2 import Chart

from tests.unit.engine.chartbuild import chart
from tiller.engine import render as render_mod
from tiller.engine.context import ReleaseOptions, to_render_values
from tiller.engine.gotemplate import TemplateSet
from tiller.engine.render import RenderError, parse_order, render, render_chart


def run(c: Chart, user: str | None = "{}\n") -> dict[str, str]:
    return render_chart(c, user, ReleaseOptions("rel", "ns"))


def test_parse_order_is_deepest_first_then_reverse_lexicographic() -> None:
    names = ["a/templates/x.yaml", "a/templates/_b.tpl", "a/templates/_a.tpl",
             "a/charts/s/templates/y.yaml", "a/templates/sub/z.yaml"]  # fmt: skip
    assert parse_order(names) == [
        "a/charts/s/templates/y.yaml",
        "a/templates/sub/z.yaml",
        "a/templates/x.yaml",
        "a/templates/_b.tpl",
        "a/templates/_a.tpl",
    ]


def test_parent_and_lexicographically_first_defines_win() -> None:
    sub = chart(
        "sub", templates={"_h.tpl": '{{ define "n" }}sub{{ end }}', "s.yaml": '{{ template "n" }}'}
    )
    top = chart(
        "top",
        deps=[sub],
        templates={
            "_b.tpl": '{{ define "n" }}b{{ end }}{{ define "only_b" }}B{{ end }}',
            "_a.tpl": '{{ define "n" }}a{{ end }}{{ define "empty" }}{{ end }}',
            "_c.tpl": '{{ define "empty" }}kept{{ end }}',
            "t.yaml": '{{ template "n" }} {{ template "only_b" }} {{ template "empty" }}',
            "blk.yaml": '{{ block "n" . }}default{{ end }}',
        },
    )
    out = run(top)
    assert out == {
        "top/templates/t.yaml": "a B kept",
        "top/templates/blk.yaml": "a",
        "top/charts/sub/templates/s.yaml": "a",
    }


def test_partials_are_not_rendered_but_notes_are() -> None:
    c = chart(
        "c", templates={"_h.tpl": "x", "NOTES.txt": "notes {{ .Release.Name }}", "e.yaml": ""}
    )
    assert run(c) == {"c/templates/NOTES.txt": "notes rel", "c/templates/e.yaml": ""}


def test_no_value_is_scrubbed() -> None:
    c = chart("c", templates={"t.yaml": "[{{ .Values.missing }}][<no value>][{{ .Values.nul }}]"})
    assert run(c, "nul: null\n") == {"c/templates/t.yaml": "[][][]"}


def test_subchart_scoping() -> None:
    sub = chart(
        "sub",
        values="port: 80\nname: subdefault\n",
        templates={
            "s.yaml": "{{ .Values.port }} {{ .Values.name }} {{ .Chart.Name }} "
            "{{ .Template.Name }} {{ .Template.BasePath }} {{ .Values.global.g }} "
            '{{ .Release.Name }} {{ .Files.Get "f.txt" }}'
        },
        files={"f.txt": "subfile"},
    )
    top = chart(
        "top",
        values="sub: {port: 8080}\nglobal: {g: G}\n",
        deps=[sub],
        templates={"t.yaml": '{{ .Values.sub.port }} {{ .Chart.Name }} {{ .Files.Get "f.txt" }}'},
        files={"f.txt": "topfile"},
    )
    assert run(top) == {
        "top/templates/t.yaml": "8080 top topfile",
        "top/charts/sub/templates/s.yaml": "8080 subdefault sub top/charts/sub/templates/s.yaml "
        "top/charts/sub/templates G rel subfile",
    }


def test_subchart_values_are_shared_with_the_parent() -> None:
    # Subcharts run first; Go shares the map, so the parent sees the subchart's `set`.
    sub = chart("sub", templates={"s.yaml": '{{ $_ := set .Values "seen" "yes" }}'})
    top = chart("top", deps=[sub], templates={"t.yaml": "{{ .Values.sub.seen }}"})
    assert run(top)["top/templates/t.yaml"] == "yes"


def test_values_methods_and_tpl() -> None:
    c = chart(
        "c",
        values="name: web\ntmpl: '{{ .Values.name }}-{{ .Release.Name }}'\n",
        templates={
            "t.yaml": "{{ tpl .Values.tmpl . }}|{{ tpl .Values.tmpl $ }}|{{ .Values.YAML }}",
        },
    )
    assert (
        run(c)["c/templates/t.yaml"]
        == "web-rel|web-rel|name: web\ntmpl: '{{ .Values.name }}-{{ .Release.Name }}'\n"
    )


def test_parse_error_message() -> None:
    c = chart("c", templates={"bad.yaml": "x\n{{ if }}"})
    with pytest.raises(RenderError) as err:
        run(c)
    assert str(err.value).startswith(
        'parse error in "c/templates/bad.yaml": template: c/templates/bad.yaml:2:'
    )


def test_render_error_message() -> None:
    c = chart("c", templates={"t.yaml": '{{ required "need x" .Values.x }}'})
    with pytest.raises(RenderError) as err:
        run(c)
    assert str(err.value) == (
        'render error in "c/templates/t.yaml": template: c/templates/t.yaml:1:3: executing '
        '"c/templates/t.yaml" at <required "need x" .Values.x>: error calling required: need x'
    )


def test_missing_config_skips_top_values() -> None:
    c = chart("c", values="a: 1\n", templates={"t.yaml": "[{{ .Values.a }}]"})
    assert run(c, None) == {"c/templates/t.yaml": "[]"}


def test_warm_render_does_not_parse_again(monkeypatch: pytest.MonkeyPatch) -> None:
    render_mod.clear_cache()
    calls: list[str] = []
    real = TemplateSet.parse

    def counting(self: Any, name: str, text: str) -> None:
        calls.append(name)
        real(self, name, text)

    monkeypatch.setattr(TemplateSet, "parse", counting)
    c = chart("c", templates={"a.yaml": "{{ .Values.x }}", "_h.tpl": ""})
    assert run(c, "x: 1\n") == {"c/templates/a.yaml": "1"}
    assert len(calls) == 2
    assert run(c, "x: 2\n") == {"c/templates/a.yaml": "2"}
    assert len(calls) == 2  # served from the cache
    c.templates[0].data = b"changed {{ .Values.x }}"
    assert run(c, "x: 3\n") == {"c/templates/a.yaml": "changed 3"}
    assert len(calls) == 4


def test_failed_render_drops_its_cache_entry() -> None:
    render_mod.clear_cache()
    c = chart("c", templates={"a.yaml": '{{ required "x" .Values.x }}'})
    with pytest.raises(RenderError):
        run(c)
    assert not render_mod._cache
    assert run(c, "x: ok\n") == {"c/templates/a.yaml": "ok"}


def test_render_with_prebuilt_values() -> None:
    c = chart("c", templates={"a.yaml": "{{ .Values.k }}"})
    vals = to_render_values(c, "k: v\n", ReleaseOptions("r"))
    assert render(c, vals) == {"c/templates/a.yaml": "v"}


SPEC_CASES = (
    Path(__file__).resolve().parents[3].parent / "shared" / "spec" / "gotemplate-cases.json"
)


def _spec_cases() -> list[dict[str, Any]]:
    if not SPEC_CASES.exists():
        return []
    cases: list[dict[str, Any]] = json.loads(SPEC_CASES.read_text())["cases"]
    return cases


@pytest.mark.parametrize("case", _spec_cases(), ids=lambda c: str(c["name"]))
def test_spec_reference_cases_through_the_full_pipeline(case: dict[str, Any]) -> None:
    """The spec's Helm v2.17 reference cases, rendered as a real chart would be."""
    partials = {k.rsplit("/", 1)[-1]: v for k, v in (case.get("partials") or {}).items()}
    c = chart(
        "mychart",
        values=case.get("values") or "",
        templates={"test.yaml": case["template"], **partials},
    )
    try:
        got = {"output": run(c)["mychart/templates/test.yaml"]}
    except RenderError as e:
        got = {"error": str(e)}
    want = {k: v for k, v in case["expect"].items() if k in ("output", "error")}
    assert got == want
