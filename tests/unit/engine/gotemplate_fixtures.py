"""Data and functions modelled on Go's text/template exec_test.go fixtures."""

from __future__ import annotations

from typing import Any

from tiller.engine.gotemplate import GoFunc, GoFuncError, TemplateSet, gofunc
from tiller.engine.gotemplate.gofmt import sprintf
from tiller.engine.gotemplate.govalues import GoStruct, Int64, StringMap, Uint, Uint16


class U(GoStruct):
    """*template.U."""

    _go_type = "*template.U"
    _go_fields = ("V",)


class T(GoStruct):
    """*template.T with the fields and methods the Go tests use."""

    _go_type = "*template.T"
    _go_fields = (
        "True",
        "I",
        "U16",
        "X",
        "S",
        "FloatZero",
        "ComplexZero",
        "U",
        "MSI",
        "MSIone",
        "MSIEmpty",
        "MXI",
        "SMSI",
        "SI",
        "SIEmpty",
        "SB",
        "Empty0",
        "Empty3",
        "Empty4",
        "PSI",
        "Uthree",
        "Ufour",
        "Three",
        "NegOne",
        "Map",
        "Str",
    )
    _go_field_types = {"Empty0": "interface {}", "Empty3": "interface {}", "Empty4": "interface {}"}

    @gofunc("Method0", result="string")
    def method0(self) -> str:
        return "M0"

    @gofunc("Method1", params=("int",), result="int")
    def method1(self, a: int) -> int:
        return a

    @gofunc("Method2", params=("uint16", "string"), result="string")
    def method2(self, a: int, b: str) -> str:
        return f"Method2: {a} {b}"

    @gofunc("Method3", params=("interface {}",), result="string")
    def method3(self, v: Any) -> str:
        return sprintf("Method3: %v", v)

    @gofunc("MAdd", params=("int", "[]int"), result="[]int")
    def madd(self, a: int, b: list[int]) -> list[int]:
        return [a + x for x in b]

    @gofunc("MyError", params=("bool",), result="bool", can_fail=True)
    def my_error(self, error: bool) -> bool:
        if error:
            raise GoFuncError("my error")
        return False

    @gofunc("GetU", result="*template.U")
    def get_u(self) -> U:
        return self.U  # type: ignore[no-any-return]

    @gofunc("Copy", result="*template.T")
    def copy(self) -> T:
        return self


class IntList(list[int]):
    """[]int."""

    _go_type = "[]int"


def t_val() -> T:
    return T(
        **{"True": True},
        I=17,
        U16=Uint16(16),
        X="x",
        S="xyz",
        FloatZero=0.0,
        ComplexZero=0j,
        U=U(V="v"),
        MSI={"one": 1, "two": 2, "three": 3},
        MSIone={"one": 1},
        MSIEmpty={},
        MXI={"one": 1},
        SMSI=[{"one": 1, "two": 2}, {"eleven": 11, "twelve": 12}],
        SI=IntList([3, 4, 5]),
        SIEmpty=IntList(),
        SB=[True, False],
        Empty0=None,
        Empty3=[7, 8],
        Empty4=U(V="UinEmpty"),
        PSI=IntList([21, 22, 23]),
        Uthree=Uint(3),
        Ufour=Uint(4),
        Three=3,
        NegOne=-1,
        Map={"a": 1},
        Str=StringMap(cause="neglect"),
    )


def _f(name: str, fn: Any, params: tuple[str, ...] = (), **kw: Any) -> GoFunc:
    return GoFunc(name, fn, params, **kw)


FUNCS: dict[str, GoFunc] = {
    "add": _f("add", lambda a, b: a + b, ("int", "int"), result="int"),
    "count": _f("count", lambda n: [chr(ord("a") + i) for i in range(n)], ("int",)),
    "dddArg": _f("dddArg", lambda a, *s: " ".join(s), ("int",), variadic="string", result="string"),
    "echo": _f("echo", lambda a: a, ("interface {}",)),
    "makemap": _f(
        "makemap",
        lambda *s: StringMap(zip(s[::2], s[1::2], strict=False)),
        (),
        variadic="string",
        result="map[string]string",
    ),
    "mapOfThree": _f("mapOfThree", lambda: {"three": 3}, ()),
    "oneArg": _f("oneArg", lambda a: "oneArg=" + a, ("string",), result="string"),
    "returnInt": _f("returnInt", lambda: 7, (), result="int"),
    "stringer": _f("stringer", lambda s: str(s), ("interface {}",), result="string"),
    "twoArgs": _f(
        "twoArgs", lambda a, b: "twoArgs=" + a + b, ("string", "string"), result="string"
    ),
    "typeOf": _f("typeOf", lambda v: sprintf("%T", v), ("interface {}",), result="string"),
    "valueString": _f("valueString", lambda v: "value is ignored", ("string",), result="string"),
    "zeroArgs": _f("zeroArgs", lambda: "zeroArgs", (), result="string"),
    "int64": _f("int64", lambda v: Int64(v), ("interface {}",), result="int64"),
    "fail": _f("fail", lambda s: (_ for _ in ()).throw(GoFuncError(s)), ("string",)),
    "boom": _f("boom", lambda: 1 // 0, ()),
}


def execute(text: str, data: Any, *, missingkey: str = "default", name: str = "test") -> str:
    ts = TemplateSet(FUNCS, missingkey=missingkey)
    ts.parse(name, text)
    return ts.execute(name, data)
