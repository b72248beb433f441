"""requirements.yaml processing: aliases, tags, conditions, import-values (Helm v2.17)."""

from __future__ import annotations

import pytest
from hapi.chart.chart_pb2 import Chart

from tests.unit.engine.chartbuild import chart
from tiller.engine.requirements import (
    RequirementsError,
    check_dependencies,
    is_compatible_range,
    load_requirements,
    parse_requirements,
    process_requirements,
)
from tiller.engine.values import read_values


def deps(c: Chart) -> list[str]:
    return sorted(d.metadata.name for d in c.dependencies)


def test_parse_requirements_fields_and_string_coercion() -> None:
    reqs = parse_requirements(
        b"dependencies:\n"
        b"- name: db\n  version: 10\n  repository: '@stable'\n  condition: db.enabled\n"
        b"  tags: [backend, 1]\n  alias: data\n  import-values: [x, {child: a, parent: b}]\n"
        b"  Enabled: true\n  unknown: ignored\n"
    )
    (r,) = reqs
    assert (r.name, r.version, r.repository, r.condition, r.alias) == (
        "db",
        "10",
        "@stable",
        "db.enabled",
        "data",
    )
    assert r.tags == ["backend", "1"] and r.enabled is True
    assert r.import_values == ["x", {"child": "a", "parent": "b"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"- a\n", "cannot unmarshal array into Go value of type chartutil.Requirements"),
        (b"dependencies: {a: 1}\n", "Go struct field Requirements.dependencies of type"),
        (
            b"dependencies:\n- name: [x]\n",
            "cannot unmarshal array into Go struct field Dependency.name",
        ),
        (
            b"dependencies:\n- enabled: yes please\n",
            "unmarshal string into Go struct field Dependency.enabled",
        ),
        (b"a: [\n", "error converting YAML to JSON: yaml: line"),
    ],
)
def test_parse_requirements_errors(text: bytes, message: str) -> None:
    with pytest.raises(RequirementsError, match=message.replace("[", r"\[")):
        parse_requirements(text)


def test_load_requirements_absent_or_empty_is_none() -> None:
    assert load_requirements(chart("c")) is None
    assert load_requirements(chart("c", requirements="")) is None


def test_check_dependencies_names_the_missing_charts() -> None:
    c = chart(
        "top",
        deps=[chart("a")],
        requirements="dependencies:\n- name: a\n- name: b\n- name: c\n",
    )
    reqs = load_requirements(c)
    assert reqs is not None
    with pytest.raises(RequirementsError) as err:
        check_dependencies(c, reqs)
    assert str(err.value) == "found in requirements.yaml, but missing in charts/ directory: b, c"


def test_condition_disables_and_path_must_resolve_to_bool() -> None:
    reqs = (
        "dependencies:\n"
        "- {name: dis, version: 0.1.0, condition: dis.enabled}\n"
        "- {name: ena, version: 0.1.0, condition: ena.enabled}\n"
        "- {name: unset, version: 0.1.0, condition: unset.enabled}\n"
        "- {name: str, version: 0.1.0, condition: str.enabled}\n"
        "- {name: list, version: 0.1.0, condition: 'nope.enabled,list.enabled'}\n"
    )
    top = chart(
        "top",
        values="dis: {enabled: false}\nena: {enabled: true}\nstr: {enabled: 'false'}\n",
        deps=[chart(n) for n in ("dis", "ena", "unset", "str", "list", "extra")],
        requirements=reqs,
    )
    warnings: list[str] = []
    out = process_requirements(top, "list: {enabled: false}\n", warnings.append)
    assert deps(out) == ["ena", "extra", "str", "unset"]
    assert warnings == [
        "Warning: Condition path 'str.enabled' for chart str returned non-bool value"
    ]
    assert deps(top) == ["dis", "ena", "extra", "list", "str", "unset"]  # input untouched


def test_yaml_1_1_booleans_become_strings_in_string_fields() -> None:
    (r,) = parse_requirements(b"dependencies:\n- {name: off, version: 1.10, alias: yes}\n")
    assert (r.name, r.version, r.alias) == ("false", "1.1", "true")


def test_tags_and_conditions_override_tags() -> None:
    reqs = (
        "dependencies:\n"
        "- {name: a, tags: [front]}\n"
        "- {name: b, tags: [back, front]}\n"
        "- {name: c, tags: [back]}\n"
        "- {name: d, tags: [back], condition: d.enabled}\n"
        "- {name: e, tags: [unknown]}\n"
    )
    top = chart(
        "top", values="tags: {front: false, back: true}\nd: {enabled: false}\n",
        deps=[chart(n) for n in "abcde"], requirements=reqs,
    )  # fmt: skip
    assert deps(process_requirements(top, "{}\n")) == ["b", "c", "e"]
    assert deps(process_requirements(top, "tags: {back: false}\n")) == ["e"]


def test_alias_copies_the_chart_only_when_the_version_matches() -> None:
    reqs = (
        "dependencies:\n"
        "- {name: db, version: ~1.2.0}\n"
        "- {name: db, version: ~1.2.0, alias: cache}\n"
        "- {name: other, version: ^2.0.0, alias: renamed}\n"
    )
    top = chart(
        "top",
        deps=[chart("db", version="1.2.5"), chart("other", version="1.0.0")],
        requirements=reqs,
    )
    out = process_requirements(top, "{}\n")
    # "other" does not satisfy ^2.0.0: it is kept under its own name, never aliased.
    assert deps(out) == ["cache", "db", "other"]
    cache = next(d for d in out.dependencies if d.metadata.name == "cache")
    assert cache.metadata.version == "1.2.5"


def test_disabled_alias_is_removed_by_its_alias_name() -> None:
    reqs = "dependencies:\n- {name: db, version: 1.0.0, alias: cache, condition: cache.enabled}\n"
    top = chart("top", deps=[chart("db", version="1.0.0")], requirements=reqs)
    assert deps(process_requirements(top, "cache: {enabled: false}\n")) == []
    assert deps(process_requirements(top, "{}\n")) == ["cache"]


def test_subchart_conditions_resolve_under_the_subchart_path() -> None:
    child = chart(
        "child",
        values="grand: {enabled: true}\n",
        deps=[chart("grand")],
        requirements="dependencies:\n- {name: grand, condition: grand.enabled}\n",
    )
    top = chart("top", deps=[child], requirements="dependencies:\n- {name: child}\n")
    out = process_requirements(top, "{}\n")
    assert deps(out.dependencies[0]) == ["grand"]
    out = process_requirements(top, "child: {grand: {enabled: false}}\n")
    assert deps(out.dependencies[0]) == []


def test_import_values_exports_and_child_parent_pairs() -> None:
    sub = chart(
        "sub",
        values="exports: {data: {port: 80, host: sub}}\nconf: {a: 1, b: 2}\n",
    )
    reqs = (
        "dependencies:\n"
        "- name: sub\n"
        "  import-values:\n"
        "  - data\n"
        "  - {child: conf, parent: imported.conf}\n"
        "  - missing\n"
    )
    top = chart("top", values="host: top\nport: 8080\nmine: 1\n", deps=[sub], requirements=reqs)
    warnings: list[str] = []
    out = process_requirements(top, "{}\n", warnings.append)
    vals = read_values(out.values.raw)
    # Imported values win over the parent's own (Helm >= 2.16.7); the parent fills gaps.
    assert vals["port"] == 80.0 and vals["host"] == "sub" and vals["mine"] == 1.0
    assert vals["imported"] == {"conf": {"a": 1.0, "b": 2.0}}
    assert vals["sub"]["conf"] == {"a": 1.0, "b": 2.0}  # the full coalesced tree is written
    assert warnings and warnings[0].startswith("Warning: ImportValues missing table:")


def test_import_results_are_remembered_with_their_warnings_and_follow_the_chart() -> None:
    reqs = "dependencies:\n- {name: sub, import-values: [data, missing]}\n"
    sub = chart("sub", values="exports: {data: {port: 80}}\n")
    top = chart("top", values="port: 1\n", deps=[sub], requirements=reqs)
    first: list[str] = []
    again: list[str] = []
    one = process_requirements(top, "{}\n", first.append)
    two = process_requirements(top, "other: 1\n", again.append)
    assert one.values.raw == two.values.raw and read_values(two.values.raw)["port"] == 80.0
    assert first == again and len(first) == 1  # the warning again, though remembered
    # Another subchart default is another result, not the remembered one.
    top.dependencies[0].values.raw = "exports: {data: {port: 81}}\n"
    assert read_values(process_requirements(top, "{}\n").values.raw)["port"] == 81.0


def test_earlier_imports_win_and_aliases_are_found() -> None:
    sub = chart("sub", version="1.0.0", values="exports: {one: {k: first}, two: {k: second}}\n")
    reqs = "dependencies:\n- {name: sub, version: 1.0.0, alias: al, import-values: [one, two]}\n"
    top = chart("top", deps=[sub], requirements=reqs)
    vals = read_values(process_requirements(top, "{}\n").values.raw)
    assert vals["k"] == "first"


def test_import_values_bad_item_is_an_error() -> None:
    reqs = "dependencies:\n- {name: sub, import-values: [{child: a}]}\n"
    top = chart("top", deps=[chart("sub", values="a: {x: 1}\n")], requirements=reqs)
    with pytest.raises(RequirementsError, match="interface conversion"):
        process_requirements(top, "{}\n")


def test_unparsable_requirements_skip_processing() -> None:
    top = chart("top", deps=[chart("a")], requirements="dependencies: [\n")
    assert deps(process_requirements(top, "{}\n")) == ["a"]


@pytest.mark.parametrize(
    ("constraint", "version", "ok"),
    [("10", "10.5.7", True), ("1.0.1", "1.0.2", False), ("7.x.x", "7.3.1", True),
     ("^2.1.0", "3.0.0", False), ("^0.1.0", "0.9.0", True), ("~9.4.0", "9.5.0", False),
     (">=1.2, <2", "1.5.0", True),
     (">=1.2 <2", "1.5.0", False),  # semver v1.5.0: only "," joins constraints
     ("1.2 - 1.4.5", "1.4.6", False), ("^1.0", "1.1.0-rc1", False),
     ("junk", "1.0.0", False), ("1.0.0", "junk", False)],
)  # fmt: skip
def test_is_compatible_range(constraint: str, version: str, ok: bool) -> None:
    assert is_compatible_range(constraint, version) is ok
