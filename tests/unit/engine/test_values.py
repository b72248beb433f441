"""Values coalescing as Helm v2.17 does it (chart defaults, subcharts, globals, null)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.engine.chartbuild import chart
from tiller.engine.funcs.yamlin import YAMLError
from tiller.engine.values import (
    NoTableError,
    NoValueError,
    Values,
    ValuesError,
    coalesce_tables,
    coalesce_values,
    path_value,
    read_values,
    table,
)


def coalesce(c: Any, user: str | None) -> tuple[Values, list[str]]:
    warnings: list[str] = []
    return coalesce_values(c, user, warnings.append), warnings


def test_numbers_are_float64_and_yaml_is_1_1() -> None:
    v = read_values("port: 8080\nbig: 1000000\non: yes\noctal: 017\nwhen: 2020-01-02\n")
    assert v == {"port": 8080.0, "big": 1e6, "true": True, "octal": 15.0, "when": "2020-01-02"}
    assert type(v["port"]) is float
    assert read_values("") == {} and read_values("~\n") == {}


def test_read_values_copies_so_callers_may_mutate() -> None:
    a = read_values("m: {x: 1}\n")
    a["m"]["x"] = 2
    assert read_values("m: {x: 1}\n") == {"m": {"x": 1.0}}


def test_read_values_error_is_go_text() -> None:
    with pytest.raises(YAMLError, match="error converting YAML to JSON: yaml: line"):
        read_values("a: [\n")


def test_user_values_override_defaults_maps_merge_lists_replace() -> None:
    c = chart("top", values="a: 1\nm: {x: 1, q: 2}\nl: [1, 2]\n")
    vals, warnings = coalesce(c, "a: 2\nm: {q: 3, z: 4}\nl: [9]\n")
    assert vals == {"a": 2.0, "m": {"x": 1.0, "q": 3.0, "z": 4.0}, "l": [9.0]}
    assert isinstance(vals, Values) and not warnings


def test_user_null_deletes_default_keys_at_any_depth() -> None:
    c = chart("top", values="a: 1\nm: {x: 1, q: 2}\n")
    vals, _ = coalesce(c, "a: null\nm: {x: null}\n")
    assert vals == {"m": {"q": 2.0}}


def test_null_without_a_default_stays_and_default_nulls_stay() -> None:
    c = chart("top", values="d: null\n")
    vals, _ = coalesce(c, "u: null\n")
    assert vals == {"d": None, "u": None}


def test_type_clash_keeps_the_user_side_with_a_warning() -> None:
    c = chart("top", values="t: {x: 1}\ns: 1\nnest: {m: {x: 1}}\n")
    vals, warnings = coalesce(c, "t: 5\ns: {q: 2}\nnest: {m: 3}\n")
    assert vals == {"t": 5.0, "s": {"q": 2.0}, "nest": {"m": 3.0}}
    assert len(warnings) == 3
    assert warnings[2] == (
        "Warning: Merging destination map for chart 'top'. Cannot overwrite table item "
        "'m', with non table value: 3"
    )


def test_parent_table_overrides_subchart_defaults() -> None:
    sub = chart("sub", values="image: nginx\nport: 80\nnested: {a: 1, b: 2}\n")
    top = chart("top", values="sub: {port: 8080, nested: {b: 3}}\n", deps=[sub])
    vals, _ = coalesce(top, "sub: {nested: {a: 0}}\n")
    assert vals["sub"] == {
        "image": "nginx",
        "port": 8080.0,
        "nested": {"a": 0.0, "b": 3.0},
        "global": {},
    }


def test_subchart_without_any_values_gets_an_empty_table() -> None:
    vals, _ = coalesce(chart("top", deps=[chart("sub")]), "{}\n")
    assert vals == {"sub": {"global": {}}}


def test_globals_propagate_down_with_the_parent_winning() -> None:
    grand = chart("grand", values="global: {g: grand, only_grand: 1}\n")
    sub = chart("sub", values="global: {g: sub, tab: {a: sub, b: sub}}\n", deps=[grand])
    top = chart("top", values="global: {g: top, tab: {a: top}}\n", deps=[sub])
    vals, _ = coalesce(top, "global: {user: u}\n")
    # Helm hands the parent's global tables down by reference (coalesceGlobals stores
    # the original map after copying it), so a subchart's global defaults leak upwards.
    assert vals["global"] == {"g": "top", "tab": {"a": "top", "b": "sub"}, "user": "u"}
    assert vals["sub"]["global"] == {"g": "top", "tab": {"a": "top", "b": "sub"}, "user": "u"}
    assert vals["sub"]["grand"]["global"] == {
        "g": "top",
        "tab": {"a": "top", "b": "sub"},
        "user": "u",
        "only_grand": 1.0,
    }


def test_non_table_global_is_skipped_with_a_warning() -> None:
    vals, warnings = coalesce(chart("top", deps=[chart("sub")]), "global: 1\n")
    assert vals["global"] == 1.0 and "global" not in vals["sub"]
    assert (
        warnings
        == ["Warning: skipping globals for chart 'top' because source 'global' is not a table."] * 2
    )


def test_subchart_key_that_is_not_a_table_is_an_error() -> None:
    top = chart("top", deps=[chart("mysql")])
    with pytest.raises(ValuesError) as err:
        coalesce(top, "mysql: false\n")
    assert str(err.value) == "type mismatch on mysql: false"
    with pytest.raises(ValuesError) as err:
        coalesce(top, "mysql: x\n")
    assert str(err.value) == "type mismatch on mysql: %!t(string=x)"


def test_missing_config_skips_only_the_top_charts_own_defaults() -> None:
    sub = chart("sub", values="s: 1\n")
    top = chart("top", values="t: 1\n", deps=[sub])
    vals, _ = coalesce(top, None)
    assert vals == {"sub": {"s": 1.0, "global": {}}}


def test_bad_chart_defaults_are_reported() -> None:
    with pytest.raises(ValuesError, match="Error: Reading chart 'top' default values"):
        coalesce(chart("top", values="a: [\n"), "{}\n")


def test_coalesce_tables_is_in_place_and_dst_wins() -> None:
    dst: dict[str, Any] = {"a": 1, "n": None, "t": {"x": 1}}
    out = coalesce_tables(dst, {"a": 2, "n": 3, "b": 4, "t": {"x": 2, "q": 2}}, "c")
    assert out is dst
    assert dst == {"a": 1, "b": 4, "t": {"x": 1, "q": 2}}


def test_table_and_path_value() -> None:
    v = Values(read_values("a: {b: {c: 1}}\ns: x\n"))
    assert table(v, "a.b") == {"c": 1.0}
    assert table(v, "a.b") is v["a"]["b"]
    assert path_value(v, "a.b.c") == 1.0 and path_value(v, "s") == "x"
    with pytest.raises(NoTableError) as missing:
        table(v, "a.nope")
    # Helm's text shows the map searched, as Go prints it; reading it again is the same.
    assert str(missing.value) == 'no table named "nope" (map[b:map[c:1]])'
    assert str(missing.value) == 'no table named "nope" (map[b:map[c:1]])'
    with pytest.raises(NoTableError, match='^no table named "s"$'):
        table(v, "s.t")
    with pytest.raises(NoValueError, match="c is not a value"):
        path_value(v, "x.y.c")
    with pytest.raises(NoValueError):
        path_value(v, "a")  # a table is not a value
    with pytest.raises(ValueError, match="zero length"):
        path_value(v, "")


def test_values_go_methods() -> None:
    v = Values(read_values("b: 2\na: {x: 1}\n"))
    assert v.yaml() == "a:\n  x: 1\nb: 2\n"
    assert v.as_map() == {"a": {"x": 1.0}, "b": 2.0}
    assert isinstance(v.table("a"), Values)
    v.merge_into({"a": {"q": 2}, "b": [1]})
    assert v == {"a": {"x": 1.0, "q": 2}, "b": [1]}
