"""Helm v2 ``--set`` parsing: values, typing, lists, escapes and Helm's error texts."""

from __future__ import annotations

from typing import Any

import pytest

from tiller.engine.strvals import StrvalsError, parse, parse_into, parse_into_file, typed_value


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("name=value", {"name": "value"}),
        ("long_int_string=1234567890", {"long_int_string": 1234567890}),
        ("boolean=true", {"boolean": True}),
        ("boolean=TRUE", {"boolean": True}),
        ("boolean=fAlSe", {"boolean": False}),
        ("is_null=null", {"is_null": None}),
        ("is_null=NULL", {"is_null": None}),
        ("zero=0", {"zero": 0}),
        ("leading_zeros=00009", {"leading_zeros": "00009"}),
        ("negative=-5,plus=+7", {"negative": -5, "plus": 7}),
        ("float=1.5,under=1_000,exp=1e3", {"float": "1.5", "under": "1_000", "exp": "1e3"}),
        ("huge=99999999999999999999", {"huge": "99999999999999999999"}),
        ("name1=value1,name2=value2", {"name1": "value1", "name2": "value2"}),
        ("name1=value1,name2=value2,", {"name1": "value1", "name2": "value2"}),
        ("name1=,name2=", {"name1": "", "name2": ""}),
        ("name1==value1", {"name1": "=value1"}),
        ("name1=value1\\,value2", {"name1": "value1,value2"}),
        ("name1=one\\=two", {"name1": "one=two"}),
        ("a\\.b=c", {"a.b": "c"}),
        ("outer.inner=value", {"outer": {"inner": "value"}}),
        ("outer.middle.inner=value", {"outer": {"middle": {"inner": "value"}}}),
        (
            "outer.inner1=value,outer.inner2=value2",
            {"outer": {"inner1": "value", "inner2": "value2"}},
        ),
        ("list[0]=foo", {"list": ["foo"]}),
        ("list[0]=foo,list[1]=bar", {"list": ["foo", "bar"]}),
        ("list[0]=foo,list[3]=bar", {"list": ["foo", None, None, "bar"]}),
        ("list[0].foo=bar,list[0].hello=world", {"list": [{"foo": "bar", "hello": "world"}]}),
        ("list[1].foo=bar", {"list": [None, {"foo": "bar"}]}),
        ("list[0][1]=x", {"list": [[None, "x"]]}),
        ("name={a,b,c}", {"name": ["a", "b", "c"]}),
        ("name={1,true,null},x=y", {"name": [1, True, None], "x": "y"}),
        ("name={}", {"name": [""]}),
        ("list[0]={a,b}", {"list": [["a", "b"]]}),
        ("=x", {}),
        ("a[0]", {"a": []}),
        ("", {}),
    ],
)
def test_parse(line: str, want: dict[str, Any]) -> None:
    assert parse(line) == want


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("name", 'key "name" has no value'),
        ("name1,name2=value", 'key "name1" has no value (cannot end with ,)'),
        ("name1=value1,,,,name2=value2", 'key "" has no value (cannot end with ,)'),
        ("outer.", 'key map "outer" has no value'),
        ("outer.inner", 'key map "outer" has no value'),  # the empty-map check wins
        ("list[x]=1", 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'),
        ("list[0", "error parsing index: EOF"),
        ("list[0]x=1", 'unexpected data at end of array index: "x"'),
        ("list[-1]=1", "negative -1 index not allowed"),
        ("list[99999999]=1", "index of 99999999 is greater than maximum supported index of 65536"),
        ("name={a,b", "list must terminate with '}'"),
    ],
)
def test_parse_errors(line: str, message: str) -> None:
    with pytest.raises(StrvalsError) as err:
        parse(line)
    assert str(err.value) == message


def test_set_string_keeps_strings() -> None:
    assert parse("a=true,b=1,c=null,d={1,2}", force_string=True) == {
        "a": "true",
        "b": "1",
        "c": "null",
        "d": ["1", "2"],
    }


def test_parse_into_merges_and_overwrites() -> None:
    dest: dict[str, Any] = {"a": {"x": 1, "y": 2}, "keep": True}
    parse_into("a.y=3,a.z=4,b=5", dest)
    assert dest == {"a": {"x": 1, "y": 3, "z": 4}, "keep": True, "b": 5}


def test_parse_into_type_clash_is_an_error_not_a_crash() -> None:
    with pytest.raises(StrvalsError, match="interface conversion"):
        parse_into("a.b=1", {"a": "scalar"})
    with pytest.raises(StrvalsError, match="interface conversion"):
        parse_into("a[0]=1", {"a": {"map": 1}})


def test_set_file_reads_each_value() -> None:
    files = {"one.txt": "first\n", "two.txt": "second"}
    dest: dict[str, Any] = {}
    parse_into_file("a=one.txt,b.c=two.txt,l={one.txt,two.txt}", dest, files.__getitem__)
    assert dest == {"a": "first\n", "b": {"c": "second"}, "l": ["first\n", "second"]}


def test_set_file_reader_errors_propagate() -> None:
    def reader(path: str) -> str:
        raise StrvalsError(f"open {path}: no such file or directory")

    with pytest.raises(StrvalsError, match="open nope: no such file"):
        parse_into_file("a=nope", {}, reader)


@pytest.mark.parametrize(
    ("text", "want"),
    [("true", True), ("False", False), ("null", None), ("0", 0), ("10", 10), ("010", "010"),
     ("-0", 0), ("1.0", "1.0"), ("", ""), ("9223372036854775807", 2**63 - 1),
     ("9223372036854775808", "9223372036854775808"), (" 1", " 1")],
)  # fmt: skip
def test_typed_value(text: str, want: Any) -> None:
    got = typed_value(text)
    assert got == want and type(got) is type(want)
