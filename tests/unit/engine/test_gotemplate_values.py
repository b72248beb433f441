"""The shared Go value model and function-declaration contract."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from tiller.engine.gotemplate import ExecError, GoFunc, GoFuncError, TemplateSet, gofunc
from tiller.engine.gotemplate.gofunc import go_methods
from tiller.engine.gotemplate.govalues import (
    NO_VALUE,
    Float32,
    GoStruct,
    Int32,
    Int64,
    IntSlice,
    StringMap,
    StringSlice,
    Uint8,
    Uint64,
    go_kind,
    go_type_name,
    is_true,
)


class Values(dict[str, Any]):
    _go_type: ClassVar[str] = "chartutil.Values"
    _go_underlying: ClassVar[str] = "map[string]interface {}"

    @gofunc("YAML", result="string")
    def yaml(self) -> str:
        return "yaml!"


class Meta(GoStruct):
    _go_type = "*chart.Metadata"
    _go_fields = ("Name", "Version")

    @gofunc("Describe", params=("string",), result="string")
    def describe(self, prefix: str) -> str:
        return prefix + self.Name


@pytest.mark.parametrize(
    ("value", "type_name", "kind"),
    [
        (None, "<nil>", "invalid"),
        (True, "bool", "bool"),
        (1, "int", "int"),
        (Int64(1), "int64", "int64"),
        (Int32(1), "int32", "int32"),
        (Uint64(1), "uint64", "uint64"),
        (Uint8(1), "uint8", "uint8"),
        (1.5, "float64", "float64"),
        (Float32(1.5), "float32", "float32"),
        (1j, "complex128", "complex128"),
        ("s", "string", "string"),
        (b"x", "[]uint8", "slice"),
        ([1], "[]interface {}", "slice"),
        (StringSlice(["a"]), "[]string", "slice"),
        (IntSlice([1]), "[]int", "slice"),
        ({}, "map[string]interface {}", "map"),
        (StringMap(), "map[string]string", "map"),
        (Values(), "chartutil.Values", "map"),
        (Meta(Name="a", Version="1"), "*chart.Metadata", "ptr"),
        (GoFunc("f", len, ("string",), result="int"), "func(string) int", "func"),
    ],
)
def test_type_names_and_kinds(value: Any, type_name: str, kind: str) -> None:
    assert go_type_name(value) == type_name
    assert go_kind(value) == kind


def test_sized_ints_print_as_numbers() -> None:
    assert str(Int64(42)) == "42"
    assert f"{Uint8(7)}" == "7"
    assert repr(Int64(42)) == "Int64(42)"
    assert Int64(2) + 3 == 5


@pytest.mark.parametrize(
    ("value", "truth"),
    [
        (None, False),
        (NO_VALUE, False),
        (False, False),
        (0, False),
        (0.0, False),
        (Int64(0), False),
        ("", False),
        ([], False),
        ({}, False),
        (b"", False),
        (True, True),
        (1, True),
        (-0.5, True),
        ("0", True),
        ([0], True),
        ({"a": None}, True),
        (Meta(), True),
        (float("nan"), True),
    ],
)
def test_is_true(value: Any, truth: bool) -> None:
    assert is_true(value) is truth


def test_gofunc_decorator_and_methods() -> None:
    @gofunc("twice", params=("int",), result="int")
    def twice(n: int) -> int:
        return n * 2

    assert isinstance(twice, GoFunc)
    assert twice(4) == 8
    assert twice.signature() == "func(int) int"
    m = Meta(Name="chart", Version="1")
    assert m.describe("x-") == "x-chart"
    assert set(go_methods(Meta)) == {"Describe"}
    assert set(go_methods(Values)) == {"YAML"}


def test_methods_win_over_map_keys_and_struct_fields() -> None:
    ts = TemplateSet()
    ts.parse(
        "t", '{{.V.YAML}} {{.V.other}} {{.M.Name}} {{.M.Describe "d:"}} {{"p:" | .M.Describe}}'
    )
    data = {"V": Values(YAML="shadowed", other=1), "M": Meta(Name="c", Version="2")}
    assert ts.execute("t", data) == "yaml! 1 c d:c p:c"


def test_plain_map_is_assignable_to_named_map_type() -> None:
    f = GoFunc("keysOf", lambda v: ",".join(sorted(v)), ("chartutil.Values",), result="string")
    ts = TemplateSet({"keysOf": f})
    ts.parse("t", "{{keysOf .}}|{{keysOf .V}}")
    assert ts.execute("t", {"a": 1, "V": Values(b=1)}) == "V,a|b"


def test_wrong_types_for_typed_parameters() -> None:
    funcs = {
        "n": GoFunc("n", lambda i: i, ("int",), result="int"),
        "l": GoFunc("l", lambda xs: len(xs), ("[]interface {}",), result="int"),
    }
    ts = TemplateSet(funcs)
    ts.parse("a", "{{n .x}}")
    ts.parse("b", "{{l .s}}")
    ts.parse("c", "{{n .i64}}")
    ts.parse("d", "{{l .x}}")
    data = {"x": 1.0, "s": StringSlice(["a"]), "i64": Int64(1)}
    msgs = {}
    for name in "abcd":
        with pytest.raises(ExecError) as info:
            ts.execute(name, data)
        msgs[name] = str(info.value).split(": ", 3)[-1]
    assert msgs == {
        "a": "wrong type for value; expected int; got float64",
        "b": "wrong type for value; expected []interface {}; got []string",
        "c": "wrong type for value; expected int; got int64",
        "d": "wrong type for value; expected []interface {}; got float64",
    }


def test_function_errors_and_panics() -> None:
    def boom(s: str) -> str:
        raise GoFuncError("runtime error: slice bounds out of range [:-2]")

    def bug(s: str) -> str:
        raise KeyError("k")

    ts = TemplateSet(
        {
            "boom": GoFunc("boom", boom, ("string",), result="string"),
            "bug": GoFunc("bug", bug, ("string",), result="string"),
        }
    )
    ts.parse("t", '{{boom "x"}}')
    ts.parse("u", '{{"x" | bug}}')
    with pytest.raises(ExecError) as info:
        ts.execute("t", None)
    assert str(info.value) == (
        'template: t:1:2: executing "t" at <boom "x">: '
        "error calling boom: runtime error: slice bounds out of range [:-2]"
    )
    with pytest.raises(ExecError) as info:
        ts.execute("u", None)
    assert str(info.value) == "template: u:1:8: executing \"u\" at <bug>: error calling bug: 'k'"


def test_functions_receive_none_not_no_value() -> None:
    seen: list[Any] = []

    def probe(*args: Any) -> str:
        seen.extend(args)
        return ""

    ts = TemplateSet(
        {"probe": GoFunc("probe", probe, (), variadic="interface {}", result="string")}
    )
    ts.parse("t", "{{probe .missing nil (.missing)}}{{.missing | probe}}")
    ts.execute("t", {})
    assert seen == [None, None, None, None]
