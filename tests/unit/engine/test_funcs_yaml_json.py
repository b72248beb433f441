"""toYaml (ghodss + yaml.v2 v2.2.4), yaml loading, toJson/fromJson and toToml."""

from __future__ import annotations

import math

import pytest

from tiller.engine.funcs import YAMLError, load_yaml_like_helm
from tiller.engine.funcs.helm import from_json, from_yaml
from tiller.engine.funcs.jsonout import to_json, to_pretty_json
from tiller.engine.funcs.tomlout import to_toml
from tiller.engine.funcs.yamlout import to_yaml
from tiller.engine.funcs.yamlresolve import resolve_plain
from tiller.engine.funcs.yamlstyle import sort_keys

Y = "error converting YAML to JSON: "
J = "json: cannot unmarshal "
MAP = " into Go value of type map[string]interface {}"


def test_key_order_is_natural() -> None:
    keys = ("b10", "b9", "B", "a", "_z", "1", "A1")
    expected = ("_z", "1", "A1", "B", "a", "b9", "b10")
    assert sort_keys(keys) == expected
    assert sort_keys(keys) == expected  # remembered, and still right


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("true", '"true"'),
        ("123", '"123"'),
        ("", '""'),
        ("yes", '"yes"'),
        ("y", '"y"'),
        ("1.5", '"1.5"'),
        ("~", '"~"'),
        ("x: y", "'x: y'"),
        ("- item", "'- item'"),
        ("#c", "'#c'"),
        (" lead", "' lead'"),
        ("a'b", "a'b"),
        ("it's: x", "'it''s: x'"),
        ("0x10", '"0x10"'),
        ("1:20", '"1:20"'),
        ("012", '"012"'),
        ("1e3", '"1e3"'),
        ("0.1.2", "0.1.2"),
        ("x\ty", '"x\\ty"'),
        ("2020-01-02", '"2020-01-02"'),
        ("héllo", "héllo"),
        ("😀", '"\\U0001F600"'),
        ("@at", "'@at'"),
        ("a #b", "'a #b'"),
    ],
)
def test_scalar_quoting(value: str, text: str) -> None:
    assert to_yaml({"k": value}) == f"k: {text}\n"


def test_block_scalars_and_structure() -> None:
    v = {
        "a": "x\n\n",
        "b": "  lead\nline",
        "c": "x\ny",
        "d": "tab\there\n",
        "e": "k: v\n",
        "needs: quote": 1.0,
        "true": 2.0,
        "l": [{"j": 2.0, "k": 1.0}, [1.0, 2.0]],
        "m": {"n": {"o": None}},
        "big": 1.5e20,
        "f": 1e-6,
        "i": 1e6,
        "em": [],
        "ed": {},
    }
    assert to_yaml(v) == (
        "a: |+\n  x\n\nb: |2-\n    lead\n  line\nbig: 1.5e+20\nc: |-\n  x\n  y\n"
        'd: "tab\\there\\n"\ne: |\n  k: v\ned: {}\nem: []\nf: 1e-06\ni: 1000000\n'
        "l:\n- j: 2\n  k: 1\n- - 1\n  - 2\nm:\n  \"n\":\n    o: null\n'needs: quote': 1\n"
        '"true": 2\n'
    )


def test_folding_at_80_columns() -> None:
    v = {"s": "word " * 24 + "word", "t": "x" * 100}
    assert to_yaml(v) == (
        "s: word word word word word word word word word word word word word word word word\n"
        "  word word word word word word word word word\nt: " + "x" * 100 + "\n"
    )


def test_scalar_documents_and_errors() -> None:
    assert to_yaml(None) == "null\n"
    assert to_yaml("s") == "s\n"
    assert to_yaml(1) == "1\n"
    assert to_yaml([]) == "[]\n"
    assert to_yaml({}) == "{}\n"
    assert to_yaml({"a": math.nan}) == ""


def test_resolver_yaml11() -> None:
    assert resolve_plain("on") == ("bool", True)
    assert resolve_plain("N") == ("bool", False)
    assert resolve_plain("017") == ("int", 15)
    assert resolve_plain("0o17") == ("int", 15)
    assert resolve_plain("1_000") == ("int", 1000)
    assert resolve_plain("09") == ("float", 9.0)
    assert resolve_plain("1e3") == ("float", 1000.0)
    assert resolve_plain("1:20") == ("str", "1:20")
    assert resolve_plain("2020-01-02")[0] == "timestamp"
    assert resolve_plain("2020-02-30") == ("str", "2020-02-30")


def test_load_values_like_helm() -> None:
    vals = load_yaml_like_helm("on: yes\ny: 1\nx: 017\nh: 0x1F\nt: 2020-01-02\nf: =\n1.5: a\n")
    assert vals == {"true": 1.0, "x": 15.0, "h": 31.0, "t": "2020-01-02", "f": "=", "1.5": "a"}
    assert all(type(v) is float for v in (vals["x"], vals["h"]))
    merged = load_yaml_like_helm("b: &b {a: 1, c: 2}\nx:\n  a: 0\n  <<: *b\n  c: 3\n")
    assert merged["x"] == {"a": 1.0, "c": 3.0}
    assert load_yaml_like_helm("") == {} and load_yaml_like_helm("~") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: b: c", Y + "yaml: mapping values are not allowed in this context"),
        ("a: 1\n b: 2", Y + "yaml: line 2: mapping values are not allowed in this context"),
        ("a:\n  - 1\n  b: 2", Y + "yaml: line 2: did not find expected '-' indicator"),
        ("a: *nope", Y + "yaml: unknown anchor 'nope' referenced"),
        ("a: !!int x", Y + "yaml: cannot decode !!str `x` as a !!int"),
        ("a: .inf", Y + "json: unsupported value: +Inf"),
        ("- a", "error unmarshaling JSON: while decoding JSON: " + J + "array" + MAP),
    ],
)  # fmt: skip
def test_yaml_errors(text: str, message: str) -> None:
    with pytest.raises(YAMLError) as err:
        load_yaml_like_helm(text)
    assert str(err.value) == message
    assert from_yaml(text) == {"Error": message}


def test_json() -> None:
    assert to_json({"b": 2.0, "a": 1.0}) == '{"a":1,"b":2}'
    assert to_json(1e6) == "1000000" and to_json(1e21) == "1e+21" and to_json(1e-7) == "1e-7"
    assert to_json(None) == "null" and to_json(math.inf) == ""
    assert to_json("<&>\u2028") == '"\\u003c\\u0026\\u003e\\u2028"'
    assert to_json(b"hi") == '"aGk="'
    assert to_pretty_json({"a": [1]}) == '{\n  "a": [\n    1\n  ]\n}'
    assert to_pretty_json({}) == "{}"


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ('{"n": 2}', {"n": 2.0}),
        ("null", {}),
        ("[", {"Error": "unexpected end of JSON input"}),
        ("x", {"Error": "invalid character 'x' looking for beginning of value"}),
        ('{"a" 1}', {"Error": "invalid character '1' after object key"}),
        ("01", {"Error": "invalid character '1' after top-level value"}),
        ("1.x", {"Error": "invalid character 'x' after decimal point in numeric literal"}),
        ("[1]", {"Error": J + "array" + MAP}),
    ],
)  # fmt: skip
def test_from_json(text: str, result: dict[str, object]) -> None:
    assert from_json(text) == result


def test_toml() -> None:
    v = {"name": "x", "port": 80.0, "sub": {"k": "v", "deep": {"z": True}}, "list": [1.0, 2.0]}
    assert to_toml(v) == (
        'list = [1.0, 2.0]\nname = "x"\nport = 80.0\n\n[sub]\n  k = "v"\n  [sub.deep]\n'
        "    z = true\n"
    )
    assert to_toml({"t": [{"q": 1}, {"q": 2}], "n": None}) == "[[t]]\n  q = 1\n\n[[t]]\n  q = 2\n"
    assert to_toml({"m": [1, 2.5]}) == "toml: cannot encode array with mixed element types"
    assert to_toml("s") == "toml: top-level values must be Go maps or structs"
    assert to_toml({"s": 'a"\tb', "f": 1e21}) == 'f = 1000000000000000000000.0\ns = "a\\"\\tb"\n'
