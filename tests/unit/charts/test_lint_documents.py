"""The template rule on rendered documents: Helm v2.17's, then what Tiller would refuse.

v2.17 decodes the first YAML document of each rendered ``.yaml`` template into a stub
holding only ``metadata.namespace``: syntax errors and type errors against that stub are
reported with its texts. Beyond v2.17, every document must then be an object with
``apiVersion`` and ``kind`` (Tiller refuses the install otherwise, with the same text).
"""

from pathlib import Path

from app.charts.lint import lint_chart

_CLEAN = ["[INFO] Chart.yaml: icon is recommended"]
_PARSE = "unable to parse YAML\n\t"
_JSON = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal"


def _chart(tmp_path: Path, templates: dict[str, str], values: str = "") -> Path:
    chart = tmp_path / "demo"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: demo\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text(values)
    for name, text in templates.items():
        (chart / "templates" / name).write_text(text)
    return chart


def _messages(chart: Path) -> list[str]:
    return [str(m) for m in lint_chart(chart).messages]


def test_a_valid_object_lints_clean(tmp_path: Path) -> None:
    doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
    assert _messages(_chart(tmp_path, {"cm.yaml": doc})) == _CLEAN


def test_missing_kind_or_api_version_is_the_error_tiller_would_give(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "nokind.yaml": "apiVersion: v1\nmetadata:\n  name: a\n",
            "noapi.yaml": "kind: ConfigMap\nmetadata:\n  name: b\n",
            "neither.yaml": "data:\n  a: b\n",
            "second.yaml": "apiVersion: v1\nkind: A\n---\n# c\n---\nkind: B\n",
        },
    )
    assert sorted(_messages(chart)) == sorted(
        [
            *_CLEAN,
            "[ERROR] templates/nokind.yaml: error validating data: [kind not set]",
            "[ERROR] templates/noapi.yaml: error validating data: [apiVersion not set]",
            "[ERROR] templates/neither.yaml: error validating data: "
            "[apiVersion not set, kind not set]",
            "[ERROR] templates/second.yaml: error validating data (document 3): "
            "[apiVersion not set]",
        ]
    )


def test_invalid_yaml_is_an_error_with_the_go_text(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {"bad.yaml": "kind: A\nname: {{ .Values.name }}: x\n", "top.yaml": "a: b: c\n"},
        "name: n\n",
    )
    # yaml.v2 names no line for an error on the first one.
    assert _messages(chart) == [
        *_CLEAN,
        "[ERROR] templates/bad.yaml: unable to parse YAML\n\terror converting YAML to JSON: "
        "yaml: line 2: mapping values are not allowed in this context",
        "[ERROR] templates/top.yaml: unable to parse YAML\n\terror converting YAML to JSON: "
        "yaml: mapping values are not allowed in this context",
    ]


def test_v2_decodes_the_first_document_and_later_ones_are_checked_as_tiller_would(
    tmp_path: Path,
) -> None:
    later_bad = "apiVersion: v1\nkind: A\n---\nkind: B\nmetadata:\n  - a\n  b: c: d\n"
    later_list = "apiVersion: v1\nkind: A\n---\n- a\n"
    first_bad = "kind: A\nmetadata: x: y\n---\nkind: B\n"
    chart = _chart(
        tmp_path, {"later.yaml": later_bad, "list.yaml": later_list, "first.yaml": first_bad}
    )
    by_file = {m.split(":")[0]: m for m in _messages(chart)[1:]}
    assert by_file["[ERROR] templates/first.yaml"].startswith(
        f"[ERROR] templates/first.yaml: {_PARSE}error converting"
    )  # v2.17's own rule, reported once
    assert by_file["[ERROR] templates/later.yaml"].startswith(
        "[ERROR] templates/later.yaml: unable to parse YAML (document 2)\n\terror converting"
    )
    assert by_file["[ERROR] templates/list.yaml"] == (
        "[ERROR] templates/list.yaml: error validating data (document 2): not an object"
    )
    assert len(by_file) == 3


def test_empty_and_whitespace_templates_pass(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "empty.yaml": "",
            "blank.yaml": "  \n\n   \n",
            "off.yaml": "{{- if .Values.on }}\nkind: A\n{{- end }}\n",
            "comment.yaml": "# nothing here\n",
            "separator.yaml": "---\n",
        },
    )
    assert _messages(chart) == _CLEAN


def test_a_tab_opening_a_blank_line_is_still_a_yaml_error(tmp_path: Path) -> None:
    # v2.17 has no TrimSpace check before decoding (Helm 3 added one), and yaml.v2 does
    # not skip a tab where a block key could start.
    chart = _chart(tmp_path, {"tab.yaml": "  \n\t\n"})
    assert _messages(chart) == [
        *_CLEAN,
        "[ERROR] templates/tab.yaml: unable to parse YAML\n\terror converting YAML to JSON: "
        "yaml: line 2: found character that cannot start any token",
    ]


def test_partials_notes_and_yml_are_not_decoded(tmp_path: Path) -> None:
    broken = "a: b: c\n"
    chart = _chart(
        tmp_path,
        {
            "_helpers.yaml": broken,
            "_helpers.tpl": '{{ define "x" }}' + broken + "{{ end }}",
            "NOTES.txt": broken,
            "other.yml": broken,
        },
    )
    assert _messages(chart) == _CLEAN


def test_documents_that_do_not_fit_the_stub_struct(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "a-list.yaml": "- a\n- b\n",
            "b-text.yaml": "just words\n",
            "c-number.yaml": "42\n",
            "d-meta.yaml": "kind: A\nmetadata: name\n",
            "e-ns.yaml": "kind: A\nmetadata:\n  namespace: [a]\n",
            "f-case.yaml": "kind: A\nMetaData:\n  NameSpace: {a: b}\n",
        },
    )
    assert _messages(chart) == [
        *_CLEAN,
        f"[ERROR] templates/a-list.yaml: {_PARSE}{_JSON} array into Go value of type "
        "rules.K8sYamlStruct",
        f"[ERROR] templates/b-text.yaml: {_PARSE}{_JSON} string into Go value of type "
        "rules.K8sYamlStruct",
        f"[ERROR] templates/c-number.yaml: {_PARSE}{_JSON} number into Go value of type "
        "rules.K8sYamlStruct",
        f"[ERROR] templates/d-meta.yaml: {_PARSE}{_JSON} string into Go struct field "
        "K8sYamlStruct.Metadata of type struct { Namespace string }",
        f"[ERROR] templates/e-ns.yaml: {_PARSE}{_JSON} array into Go struct field "
        ".Metadata.Namespace of type string",
        f"[ERROR] templates/f-case.yaml: {_PARSE}{_JSON} object into Go struct field "
        ".Metadata.Namespace of type string",
    ]


def test_scalars_fit_the_string_namespace(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        {
            "num.yaml": "apiVersion: v1\nkind: A\nmetadata:\n  namespace: 5\n",
            "bool.yaml": "apiVersion: v1\nkind: A\nmetadata:\n  namespace: true\n",
            "null.yaml": "apiVersion: v1\nkind: A\nmetadata: ~\n",
            "extra.yaml": "apiVersion: v1\nkind: A\nspec: [1, 2]\nmetadata:\n  labels: {}\n",
        },
    )
    assert _messages(chart) == _CLEAN
