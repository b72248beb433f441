"""Sprig/Helm functions exercised through the Go template engine (Helm v2 harness)."""

from __future__ import annotations

import pytest

from tiller.engine.funcs import all_funcs, helm_funcs, sprig_funcs

from .helm_harness import TEMPLATE, render

V = "port: 8080\nname: nginx\nlist: [3, 1, 2]\nmap: {b: 2, a: 1}\nempty: ''\n"
AT = f'render error in "{TEMPLATE}": template: {TEMPLATE}:1:'


def run(template: str, values: str = V, partials: dict[str, str] | None = None) -> str:
    try:
        return render(template, values, partials)
    except RuntimeError as e:
        return f"ERROR {e}"


def test_function_map_size() -> None:
    assert len(sprig_funcs()) == 148
    assert len(all_funcs()) == 155
    assert "env" not in all_funcs() and "expandenv" not in all_funcs()
    assert set(helm_funcs()) == {
        "toYaml", "fromYaml", "toJson", "fromJson", "toToml", "include", "tpl", "required",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("template", "want"),
    [
        ("{{ typeOf (add 1 1) }} {{ typeOf (until 2) }} {{ typeOf (splitList \",\" \"a\") }}",
         "int64 []int []string"),
        ("{{ typeOf (split \".\" \"a.b\") }} {{ (split \".\" \"a.b\")._1 }}",
         "map[string]string b"),
        ("{{ typeOf (semver \"1.2.3\") }} {{ (semver \"1.2.3\").Minor }} {{ semver \"v1\" }}",
         "*semver.Version 2 1.0.0"),
        ("{{ $a := semver \"1.2.3\" }}{{ $b := semver \"1.10.0\" }}{{ $a.LessThan $b }} "
         "{{ $a.GreaterThan $b }} {{ $a.Equal (semver \"v1.2.3\") }} {{ $b.Compare $a }}",
         "true false true 1"),
        ("{{ $c := genCA \"x\" 1 }}{{ typeOf $c }} {{ hasPrefix \"-----BEGIN\" $c.Cert }}",
         "sprig.certificate true"),
        ("{{ typeOf now }} {{ toDate \"2006-01-02\" \"2020-01-02\" | date \"02/01\" }}",
         "time.Time 02/01"),
        ("{{ toYaml .Values.map | indent 2 }}|", "  a: 1\n  b: 2\n  |"),
        ("{{ .Values.list | toJson }} {{ toToml .Values.map }}", '[3,1,2] a = 1.0\nb = 2.0\n'),
        ("{{ $_ := set .Values \"x\" 1 }}{{ .Values.x }}", "1"),
        ("{{ rest (list) | toJson }} {{ list | toJson }}", "null []"),
        ("{{ default \"d\" .Values.empty }} {{ .Values.port | int | add1 }}", "d 8081"),
        ("{{ quote .Values.port }} {{ squote .Values.name }}", "\"8080\" 'nginx'"),
    ],
)  # fmt: skip
def test_rendered(template: str, want: str) -> None:
    assert run(template) == want


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ('{{ trunc .Values.port "x" }}',
         "16: executing \"mychart/templates/test.yaml\" at <.Values.port>: wrong type for value; "
         "expected int; got float64"),
        ('{{ ternary "a" "b" .Values.port }}',
         "26: executing \"mychart/templates/test.yaml\" at <.Values.port>: wrong type for value; "
         "expected bool; got float64"),
        ('{{ required "name %s" .Values.nope }}',
         "3: executing \"mychart/templates/test.yaml\" at <required \"name %s\" .Values.nope>: "
         "error calling required: name %!s(MISSING)"),
        ('{{ semverCompare "foo" "1.0.0" }}',
         "3: executing \"mychart/templates/test.yaml\" at <semverCompare \"foo\" \"1.0.0\">: "
         "error calling semverCompare: improper constraint: foo"),
    ],
)  # fmt: skip
def test_errors(template: str, error: str) -> None:
    assert run(template) == f"ERROR {AT}{error}"


def test_include_and_tpl() -> None:
    helpers = {"_h.tpl": '{{- define "h" -}}H{{ .Values.name }}{{- end -}}'}
    assert run('{{ include "h" . | upper }}', V, helpers) == "HNGINX"
    assert run('{{ tpl "{{ include \\"h\\" . }}/{{ .Values.port }}" . }}', V, helpers) == (
        "Hnginx/8080"
    )
    assert run('{{ tpl "" . }}|', V) == "|"
    err = run('{{ tpl "{{ .Values.a.b }}" . }}')
    assert err.endswith(
        'error calling tpl: Error during tpl function execution for "{{ .Values.a.b }}": '
        f'render error in "{TEMPLATE}": template: {TEMPLATE}:1:10: executing "{TEMPLATE}" '
        "at <.Values.a.b>: nil pointer evaluating interface {}.b"
    )
    err = run('{{ tpl "{{ nope }}" . }}')
    assert err.endswith(
        f'parse error in "{TEMPLATE}": template: {TEMPLATE}:1: function "nope" not defined'
    )


def test_include_recursion_limit() -> None:
    out = run('{{ include "r" . }}', "", {"_r.tpl": '{{ define "r" }}{{ include "r" . }}{{ end }}'})
    assert out.startswith(f"ERROR {AT}3: executing")
    assert out.endswith(
        "error calling include: rendering template has a nested reference name: r: "
        "unable to execute template"
    )
    assert out.count("error calling include") == 1002
