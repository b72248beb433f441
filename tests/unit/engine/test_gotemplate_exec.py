"""Execution cases (facts from Go's text/template exec_test.go, Go 1.14 behaviour)."""

# ruff: noqa: E501  (tables of Go test cases read best one case per line)

from __future__ import annotations

from typing import Any

import pytest

from tiller.engine.gotemplate import ExecError, TemplateSet
from tiller.engine.gotemplate.govalues import Uint8

from .gotemplate_fixtures import FUNCS, execute, t_val

TV = t_val()
OK: list[tuple[str, str, Any, str]] = [
    ("empty", "", TV, ""),
    ("text", "some text", TV, "some text"),
    (".X", "-{{.X}}-", TV, "-x-"),
    (".U.V", "-{{.U.V}}-", TV, "-v-"),
    ("map .one", "{{.MSI.one}}", TV, "1"),
    ("map .NO", "{{.MSI.NO}}", TV, "<no value>"),
    ("map .NO.x (invalid stays invalid)", "{{.MSI.NO.x}}", TV, "<no value>"),
    ("map[string]string", "{{.Str.cause}}", TV, "neglect"),
    ("dot int", "<{{.}}>", 13, "<13>"),
    ("dot float", "<{{.}}>", 15.1, "<15.1>"),
    ("dot bool", "<{{.}}>", True, "<true>"),
    ("dot complex", "<{{.}}>", 16.2 - 17j, "<(16.2-17i)>"),
    ("dot string", "<{{.}}>", "hello", "<hello>"),
    ("dot slice", "<{{.}}>", [-1, -2, -3], "<[-1 -2 -3]>"),
    ("dot map", "<{{.}}>", {"two": 22}, "<map[two:22]>"),
    ("dot struct pointer prints the struct", "<{{.U}}>", TV, "<{v}>"),
    ("print struct pointer", "<{{print .U}}>", TV, "<&{v}>"),
    ("$ int", "{{$}}", 123, "123"),
    ("$.I", "{{$.I}}", TV, "17"),
    ("$.U.V", "{{$.U.V}}", TV, "v"),
    ("declare in action", "{{$x := $.U.V}}{{$x}}", TV, "v"),
    ("simple assignment", "{{$x := 2}}{{$x = 3}}{{$x}}", TV, "3"),
    ("nested assignment", "{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}}", TV, "3"),
    (
        "nested assignment changes the last declaration",
        "{{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}}",
        TV,
        "1",
    ),
    (
        "assignment skips a declaration that did not run",
        "{{$x := 1}}{{if false}}{{$x := 2}}{{else}}{{$x = 3}}{{end}}{{$x}}",
        TV,
        "3",
    ),
    (".Method0", "-{{.Method0}}-", TV, "-M0-"),
    (".Method1(1234)", "-{{.Method1 1234}}-", TV, "-1234-"),
    (".Method1(.I)", "-{{.Method1 .I}}-", TV, "-17-"),
    (".Method2(3, .X)", "-{{.Method2 3 .X}}-", TV, "-Method2: 3 x-"),
    (".Method2(.U16, `str`)", "-{{.Method2 .U16 `str`}}-", TV, "-Method2: 16 str-"),
    (".Method2(.U16, $x)", "{{if $x := .X}}-{{.Method2 .U16 $x}}{{end}}-", TV, "-Method2: 16 x-"),
    (".Method3(nil constant)", "-{{.Method3 nil}}-", TV, "-Method3: <nil>-"),
    (".Method3(nil value)", "-{{.Method3 .MXI.unset}}-", TV, "-Method3: <nil>-"),
    ("method on var", "{{if $x := .}}-{{$x.Method2 .U16 $x.X}}{{end}}-", TV, "-Method2: 16 x-"),
    (
        "method on chained var",
        "{{range .MSIone}}{{if $.U.V}}-{{$.Method1 .}}{{end}}{{end}}-",
        TV,
        "-1-",
    ),
    (
        "chained method",
        "{{range .MSIone}}{{if $.GetU.V}}-{{$.Method1 .}}{{end}}{{end}}-",
        TV,
        "-1-",
    ),
    ("method piped", "{{.X | .Method3}}", TV, "Method3: x"),
    ("function no args", "{{zeroArgs}}", TV, "zeroArgs"),
    ("function one arg", "{{oneArg `joe`}}", TV, "oneArg=joe"),
    ("function one arg piped", "{{.X | oneArg}}", TV, "oneArg=x"),
    ("variadic", "{{dddArg 1 `a` `b`}}|{{`c` | dddArg 1 `a`}}|{{dddArg 1}}", TV, "a b|a c|"),
    ("if true", "{{if true}}TRUE{{end}}", TV, "TRUE"),
    ("if false", "{{if false}}TRUE{{else}}FALSE{{end}}", TV, "FALSE"),
    ("if 1", "{{if 1}}NON-ZERO{{else}}ZERO{{end}}", TV, "NON-ZERO"),
    ("if 0", "{{if 0}}NON-ZERO{{else}}ZERO{{end}}", TV, "ZERO"),
    ("if 1.5", "{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}", TV, "NON-ZERO"),
    ("if 0.0", "{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}", TV, "ZERO"),
    ("if 1.5i", "{{if 1.5i}}NON-ZERO{{else}}ZERO{{end}}", TV, "NON-ZERO"),
    ("if 0.0i", "{{if .ComplexZero}}NON-ZERO{{else}}ZERO{{end}}", TV, "ZERO"),
    ("if emptystring", "{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}", TV, "EMPTY"),
    ("if string", "{{if `notempty`}}NON-EMPTY{{else}}EMPTY{{end}}", TV, "NON-EMPTY"),
    ("if emptyslice", "{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", TV, "EMPTY"),
    ("if slice", "{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}", TV, "NON-EMPTY"),
    ("if emptymap", "{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}", TV, "EMPTY"),
    ("if map", "{{if .MSI}}NON-EMPTY{{else}}EMPTY{{end}}", TV, "NON-EMPTY"),
    ("if map unset", "{{if .MXI.none}}NON-ZERO{{else}}ZERO{{end}}", TV, "ZERO"),
    ("if map not unset", "{{if not .MXI.none}}ZERO{{else}}NON-ZERO{{end}}", TV, "ZERO"),
    (
        "if $x with $y int",
        "{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}",
        TV,
        "true,17",
    ),
    (
        "if $x with $x int",
        "{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}",
        TV,
        "17,true",
    ),
    ("if else if", "{{if false}}FALSE{{else if true}}TRUE{{end}}", TV, "TRUE"),
    ("if else chain", "{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", TV, "3"),
    ("struct is true", "{{if .U}}T{{end}}", TV, "T"),
    ("print", '{{print "hello, print"}}', TV, "hello, print"),
    ("print 123", "{{print 1 2 3}}", TV, "1 2 3"),
    ("print nil", "{{print nil}}", TV, "<nil>"),
    ("println", "{{println 1 2 3}}", TV, "1 2 3\n"),
    ("printf int", '{{printf "%04x" 127}}', TV, "007f"),
    ("printf float", '{{printf "%g" 3.5}}', TV, "3.5"),
    ("printf complex", '{{printf "%g" 1+7i}}', TV, "(1+7i)"),
    ("printf string", '{{printf "%s" "hello"}}', TV, "hello"),
    ("printf function", '{{printf "%#q" zeroArgs}}', TV, "`zeroArgs`"),
    ("printf field", '{{printf "%s" .Method0}}', TV, "M0"),
    ("printf dot", '{{with .I}}{{printf "%d" .}}{{end}}', TV, "17"),
    ("printf var", '{{with $x := .I}}{{printf "%d" $x}}{{end}}', TV, "17"),
    (
        "printf lots",
        '{{printf "%d %s %g %s" 127 "hello" 7-3i .Method0}}',
        TV,
        "127 hello (7-3i) M0",
    ),
    (
        "html",
        '{{html "<script>alert(\\"XSS\\");</script>"}}',
        TV,
        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;",
    ),
    (
        "html pipeline",
        '{{printf "<script>alert(\\"XSS\\");</script>" | html}}',
        TV,
        "&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;",
    ),
    ("html untyped nil", "{{html .Empty0}}", TV, "&lt;no value&gt;"),
    ("js", "{{js .}}", "It'd be nice.", "It\\'d be nice."),
    ("js control and unicode", "{{js .}}", "a\tb\u2028é&", "a\\u0009b\\u2028é\\x26"),
    ("urlquery", '{{"http://www.example.org/"|urlquery}}', TV, "http%3A%2F%2Fwww.example.org%2F"),
    ("not", "{{not true}} {{not false}}", TV, "false true"),
    ("and", "{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", TV, "false 0 0 1"),
    ("or", "{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", TV, "0 1 true 1"),
    ("boolean if", "{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}", TV, "TRUE"),
    ("boolean if not", "{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}", TV, "FALSE"),
    ("or as if true", '{{or .SI "slice is empty"}}', TV, "[3 4 5]"),
    ("or as if false", '{{or .SIEmpty "slice is empty"}}', TV, "slice is empty"),
    ("slice[0]", "{{index .SI 0}}", TV, "3"),
    ("slice[1]", "{{index .SI 1}}", TV, "4"),
    ("map[one]", "{{index .MSI `one`}}", TV, "1"),
    ("map[NO]", "{{index .MSI `XXX`}}", TV, "<no value>"),
    ("double index", "{{index .SMSI 1 `eleven`}}", TV, "11"),
    ("index of an interface field", "{{index .Empty3 0}}", TV, "7"),
    ("index of a string is a byte", "{{index `abc` 1}} {{typeOf (index `abc` 1)}}", TV, "98 uint8"),
    ("slice[:]", "{{slice .SI}}", TV, "[3 4 5]"),
    ("slice[1:]", "{{slice .SI 1}}", TV, "[4 5]"),
    ("slice[1:2]", "{{slice .SI 1 2}}", TV, "[4]"),
    ("slice[1:2:2]", "{{slice .SI 1 2 2}}", TV, "[4]"),
    ("string[:]", "{{slice .S}}", TV, "xyz"),
    ("string[0:1]", "{{slice .S 0 1}}", TV, "x"),
    ("len slice", "{{len .SI}}", TV, "3"),
    ("len map", "{{len .MSI }}", TV, "3"),
    ("len string counts bytes", "{{len `héllo`}}", TV, "6"),
    ("with true", "{{with true}}{{.}}{{end}}", TV, "true"),
    ("with false", "{{with false}}{{.}}{{else}}FALSE{{end}}", TV, "FALSE"),
    ("with 1", "{{with 1}}{{.}}{{else}}ZERO{{end}}", TV, "1"),
    ("with 0", "{{with 0}}{{.}}{{else}}ZERO{{end}}", TV, "ZERO"),
    ("with 1.5", "{{with 1.5}}{{.}}{{else}}ZERO{{end}}", TV, "1.5"),
    ("with 1.5i", "{{with 1.5i}}{{.}}{{else}}ZERO{{end}}", TV, "(0+1.5i)"),
    ("with string", "{{with `notempty`}}{{.}}{{else}}EMPTY{{end}}", TV, "notempty"),
    ("with emptyslice", "{{with .SIEmpty}}{{.}}{{else}}EMPTY{{end}}", TV, "EMPTY"),
    ("with slice", "{{with .SI}}{{.}}{{else}}EMPTY{{end}}", TV, "[3 4 5]"),
    ("with map", "{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}", TV, "map[one:1]"),
    ("with empty interface, struct field", "{{with .Empty4}}{{.V}}{{end}}", TV, "UinEmpty"),
    ("with $x int", "{{with $x := .I}}{{$x}}{{end}}", TV, "17"),
    ("with $x struct.U.V", "{{with $x := $}}{{$x.U.V}}{{end}}", TV, "v"),
    ("with variable and action", "{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}", TV, "v"),
    ("range []int", "{{range .SI}}-{{.}}-{{end}}", TV, "-3--4--5-"),
    ("range empty no else", "{{range .SIEmpty}}-{{.}}-{{end}}", TV, ""),
    ("range []int else", "{{range .SI}}-{{.}}-{{else}}EMPTY{{end}}", TV, "-3--4--5-"),
    ("range empty else", "{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", TV, "EMPTY"),
    ("range []bool", "{{range .SB}}-{{.}}-{{end}}", TV, "-true--false-"),
    ("range []int method", "{{range .SI | .MAdd .I}}-{{.}}-{{end}}", TV, "-20--21--22-"),
    ("range map", "{{range .MSI}}-{{.}}-{{end}}", TV, "-1--3--2-"),
    ("range map else", "{{range .MSI}}-{{.}}-{{else}}EMPTY{{end}}", TV, "-1--3--2-"),
    ("range empty map else", "{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}", TV, "EMPTY"),
    ("range empty interface", "{{range .Empty3}}-{{.}}-{{else}}EMPTY{{end}}", TV, "-7--8-"),
    ("range empty nil", "{{range .Empty0}}-{{.}}-{{end}}", TV, ""),
    ("range $x SI", "{{range $x := .SI}}<{{$x}}>{{end}}", TV, "<3><4><5>"),
    ("range $x $y SI", "{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}", TV, "<0=3><1=4><2=5>"),
    ("range $x MSIone", "{{range $x := .MSIone}}<{{$x}}>{{end}}", TV, "<1>"),
    ("range $x $y MSIone", "{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}", TV, "<one=1>"),
    ("declare in range", "{{range $x := .PSI}}<{{$foo:=$x}}{{$x}}>{{end}}", TV, "<21><22><23>"),
    ("range count", "{{range $i, $x := count 5}}[{{$i}}]{{$x}}{{end}}", TV, "[0]a[1]b[2]c[3]d[4]e"),
    ("range nil count", "{{range $i, $x := count 0}}{{else}}empty{{end}}", TV, "empty"),
    (
        "range var in else holds the value",
        "{{range $x := .SIEmpty}}{{else}}{{$x}}{{end}}",
        TV,
        "[]",
    ),
    (
        "range keys sort bytewise",
        "{{range $k, $v := .}}{{$k}},{{end}}",
        {"b": 1, "B": 2, "a10": 3, "a9": 4, "_x": 5, "1": 6},
        "1,B,_x,a10,a9,b,",
    ),
    ("decimal", "{{print 1234}}", TV, "1234"),
    ("decimal _", "{{print 12_34}}", TV, "1234"),
    ("binary", "{{print 0b101}}", TV, "5"),
    ("binary _", "{{print 0b_1_0_1}}", TV, "5"),
    ("BINARY", "{{print 0B101}}", TV, "5"),
    ("octal0", "{{print 0377}}", TV, "255"),
    ("octal", "{{print 0o377}}", TV, "255"),
    ("octal _", "{{print 0o_3_7_7}}", TV, "255"),
    ("OCTAL", "{{print 0O377}}", TV, "255"),
    ("hex", "{{print 0x123}}", TV, "291"),
    ("hex _", "{{print 0x1_23}}", TV, "291"),
    ("HEX", "{{print 0X123ABC}}", TV, "1194684"),
    ("float", "{{print 123.4}}", TV, "123.4"),
    ("float _", "{{print 0_0_1_2_3.4}}", TV, "123.4"),
    ("hex float", "{{print +0x1.ep+2}}", TV, "7.5"),
    ("hex float _", "{{print +0x_1.e_0p+0_2}}", TV, "7.5"),
    ("HEX float", "{{print +0X1.EP+2}}", TV, "7.5"),
    ("print multi", "{{print 1_2_3_4 7.5_00_00_00}}", TV, "1234 7.5"),
    ("print multi2", "{{print 1234 0x0_1.e_0p+02}}", TV, "1234 7.5"),
    ("char constant", "{{print 'a' '\\n' '本'}}", TV, "97 10 26412"),
    (
        "typed literal types",
        "{{typeOf 1}} {{typeOf 1.0}} {{typeOf 1e3}} {{typeOf 0x1E}} {{typeOf 'a'}} {{typeOf -0x1E}}",
        TV,
        "int float64 float64 int int float64",
    ),
    ("parens in pipeline", "{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}", TV, "1 5 15"),
    ("parens: $ in paren", "{{($).X}}", TV, "x"),
    ("parens: $.GetU in paren", "{{($.GetU).V}}", TV, "v"),
    ("parens: $ in paren in pipe", "{{($ | echo).X}}", TV, "x"),
    ("parens: spaces and args", '{{(makemap "up" "down" "left" "right").left}}', TV, "right"),
    ("bug0", "{{range .MSIone}}{{if $.Method1 .}}X{{end}}{{end}}", TV, "X"),
    ("bug1", "{{.Method0}}", TV, "M0"),
    ("bug2", "{{$.Method0}}", TV, "M0"),
    ("bug10", "{{mapOfThree.three}}-{{(mapOfThree).three}}", TV, "3-3"),
    ("bug12xe", "{{printf `%T` 0xef}}", TV, "int"),
    ("bug12XE", "{{printf `%T` 0XEE}}", TV, "int"),
    ("bug13", "{{print (.Copy).I}}", TV, "17"),
    ("bug16g", '{{"aaa" |twoArgs "bbb"}}', TV, "twoArgs=bbbaaa"),
    ("bug16i", '{{"aaa"|oneArg}}', TV, "oneArg=aaa"),
    ("bug16j", '{{1+2i|printf "%v"}}', TV, "(1+2i)"),
    ("bug16k", '{{"aaa"|printf }}', TV, "aaa"),
    ("bug18a", "{{eq . '.'}}", 46, "true"),
    (
        "template",
        '{{define "t"}}[{{.}}]{{end}}{{template "t" .X}}{{template "t"}}',
        TV,
        "[x][<no value>]",
    ),
    (
        "template gets no variables",
        '{{define "t"}}{{$}}{{end}}{{$x := 1}}{{template "t" 5}}',
        TV,
        "5",
    ),
    ("block default", 'a({{block "inner" .X}}bar({{.}})baz{{end}})b', TV, "a(bar(x)baz)b"),
    ("comment", "a{{/* c */}}b{{- /* d */ -}} c", TV, "abc"),
]


@pytest.mark.parametrize(("name", "text", "data", "want"), OK, ids=[c[0] for c in OK])
def test_exec(name: str, text: str, data: Any, want: str) -> None:
    assert execute(text, data) == want


CMP_TRUE = [
    "eq true true",
    "eq 1+2i 1+2i",
    "eq 1.5 1.5",
    "eq 1 1",
    "eq `xy` `xy`",
    "eq .Uthree .Uthree",
    "eq 3 4 5 6 3",
    "ne true false",
    "ne 1 2",
    "lt 1.5 2.5",
    "lt 1 2",
    "lt `xy` `xyz`",
    "lt .Uthree .Ufour",
    "le 1 1",
    "le 1 2",
    "gt 2 1",
    "ge 2 2",
    "eq .Uthree .Three",
    "eq .Three .Uthree",
    "le .Uthree .Three",
    "ge .Three .Uthree",
    "gt .Ufour .Three",
    "ne .NegOne .Uthree",
    "lt .NegOne .Uthree",
    "gt .Uthree .NegOne",
    "eq (index `x` 0) 'x'",
    "eq nil nil",
    "eq .U .U",
    "lt `B` `a`",
    "lt `z` `é`",
]
CMP_FALSE = [
    "eq true false",
    "eq 1+2i 1+3i",
    "eq 1.5 2.5",
    "eq 1 2",
    "eq `xy` `xyz`",
    "eq .Uthree .Ufour",
    "eq 3 4 5 6 7",
    "lt 1 1",
    "lt .Uthree .Three",
    "gt .Uthree .Three",
    "eq .Ufour .Three",
    "eq .NegOne .Uthree",
    "eq .Uthree .NegOne",
    "lt .Uthree .NegOne",
    "ge .NegOne .Uthree",
    "eq (index `x` 0) 'y'",
    "eq .U .GetU.Nope",
]


@pytest.mark.parametrize("expr", CMP_TRUE)
def test_comparison_true(expr: str) -> None:
    assert execute("{{" + expr + "}}", TV, missingkey="default") == "true"


@pytest.mark.parametrize("expr", [e for e in CMP_FALSE if "Nope" not in e])
def test_comparison_false(expr: str) -> None:
    assert execute("{{" + expr + "}}", TV) == "false"


@pytest.mark.parametrize(
    ("expr", "msg"),
    [
        ("eq `xy` 1", "incompatible types for comparison"),
        ("eq 2 2.0", "incompatible types for comparison"),
        ("lt true true", "invalid type for comparison"),
        ("lt 1+0i 1+0i", "invalid type for comparison"),
        ("eq .U 1", "incompatible types for comparison"),
        ("eq .Map .Map", "uncomparable type map[string]interface {}: map[a:1]"),
        ("eq .SI .SI", "uncomparable type []int: [3 4 5]"),
        ("eq 1 .Map", "incompatible types for comparison"),
        ("eq 1", "missing argument for comparison"),
        ("eq nil 1", "incompatible types for comparison"),
        ("lt nil 1", "invalid type for comparison"),
        ("eq true 1", "incompatible types for comparison"),
    ],
)
def test_comparison_errors(expr: str, msg: str) -> None:
    with pytest.raises(ExecError) as info:
        execute("{{" + expr + "}}", TV)
    name = expr.split()[0]
    assert (
        str(info.value)
        == f'template: test:1:2: executing "test" at <{expr}>: error calling {name}: {msg}'
    )


ERRORS = [
    (
        "nil action",
        "{{nil}}",
        'template: test:1:2: executing "test" at <nil>: nil is not a command',
    ),
    (
        "unexported",
        "{{.unexported}}",
        'template: test:1:2: executing "test" at <.unexported>: can\'t evaluate field unexported in type *template.T',
    ),
    (
        "map .WRONG args",
        "{{.MSI.one 1}}",
        'template: test:1:6: executing "test" at <.MSI.one>: one is not a method but has arguments',
    ),
    (
        "field with args",
        "{{.X 1}}",
        'template: test:1:2: executing "test" at <.X>: X has arguments but cannot be invoked as function',
    ),
    (
        "method wrong arity",
        "{{.Method1}}",
        'template: test:1:2: executing "test" at <.Method1>: wrong number of args for Method1: want 1 got 0',
    ),
    (
        "method wrong type",
        "{{.Method1 `x`}}",
        'template: test:1:11: executing "test" at <`x`>: expected integer; found `x`',
    ),
    (
        "method error",
        "{{.MyError true}}",
        'template: test:1:2: executing "test" at <.MyError>: error calling MyError: my error',
    ),
    (
        "func error",
        '{{fail "boom"}}',
        'template: test:1:2: executing "test" at <fail "boom">: error calling fail: boom',
    ),
    (
        "python exception",
        "{{boom}}",
        'template: test:1:2: executing "test" at <boom>: error calling boom: integer division or modulo by zero',
    ),
    (
        "if nil",
        "{{if nil}}TRUE{{end}}",
        'template: test:1:5: executing "test" at <nil>: nil is not a command',
    ),
    (
        "slice[HUGE]",
        "{{index .SI 10}}",
        'template: test:1:2: executing "test" at <index .SI 10>: error calling index: index out of range: 10',
    ),
    (
        "slice[len]",
        "{{index .SI 3}}",
        'template: test:1:2: executing "test" at <index .SI 3>: error calling index: reflect: slice index out of range',
    ),
    (
        "slice[WRONG]",
        "{{index .SI `hello`}}",
        'template: test:1:2: executing "test" at <index .SI `hello`>: error calling index: cannot index slice/array with type string',
    ),
    (
        "slice[nil]",
        "{{index .SI nil}}",
        'template: test:1:2: executing "test" at <index .SI nil>: error calling index: cannot index slice/array with nil',
    ),
    (
        "map[nil]",
        "{{index .MSI nil}}",
        'template: test:1:2: executing "test" at <index .MSI nil>: error calling index: value is nil; should be of type string',
    ),
    (
        "map[WRONG]",
        "{{index .MSI 10}}",
        'template: test:1:2: executing "test" at <index .MSI 10>: error calling index: value has type int; should be string',
    ),
    (
        "nil[1]",
        "{{index nil 1}}",
        'template: test:1:2: executing "test" at <index nil 1>: error calling index: index of untyped nil',
    ),
    (
        "index of int",
        "{{index 1 1}}",
        'template: test:1:2: executing "test" at <index 1 1>: error calling index: can\'t index item of type int',
    ),
    (
        "slice[-1:]",
        "{{slice .SI -1}}",
        'template: test:1:2: executing "test" at <slice .SI -1>: error calling slice: index out of range: -1',
    ),
    (
        "slice[2:1]",
        "{{slice .SI 2 1}}",
        'template: test:1:2: executing "test" at <slice .SI 2 1>: error calling slice: invalid slice index: 2 > 1',
    ),
    (
        "slice out of range",
        "{{slice .SI 4 5}}",
        'template: test:1:2: executing "test" at <slice .SI 4 5>: error calling slice: index out of range: 4',
    ),
    (
        "3-index slice of string",
        '{{slice "hello" 1 2 3}}',
        'template: test:1:2: executing "test" at <slice "hello" 1 2 3>: error calling slice: cannot 3-index slice a string',
    ),
    (
        "len of int",
        "{{len 3}}",
        'template: test:1:2: executing "test" at <len 3>: error calling len: len of type int',
    ),
    (
        "len of nothing",
        "{{len .Empty0}}",
        'template: test:1:2: executing "test" at <len .Empty0>: error calling len: len of untyped nil',
    ),
    (
        "bug8a",
        "{{3|oneArg}}",
        'template: test:1:4: executing "test" at <oneArg>: wrong type for value; expected string; got int',
    ),
    (
        "bug8b",
        "{{4|dddArg 3}}",
        'template: test:1:11: executing "test" at <3>: wrong type for value; expected string; got int',
    ),
    (
        "bug11",
        "{{valueString .X 1}}",
        'template: test:1:2: executing "test" at <valueString>: wrong number of args for valueString: want 1 got 2',
    ),
    (
        "bug14a",
        "{{(nil).True}}",
        'template: test:1:3: executing "test" at <nil>: nil is not a command',
    ),
    (
        "bug14b",
        "{{$x := nil}}{{$x.anything}}",
        'template: test:1:8: executing "test" at <nil>: nil is not a command',
    ),
    (
        "bug14c",
        '{{$x := (1.0)}}{{$y := ("hello")}}{{$x.anything}}{{$y.true}}',
        'template: test:1:38: executing "test" at <$x.anything>: can\'t evaluate field anything in type float64',
    ),
    (
        "bug15",
        "{{valueString returnInt}}",
        'template: test:1:14: executing "test" at <returnInt>: wrong type for value; expected string; got int',
    ),
    (
        "bug16a",
        "{{true|printf}}",
        'template: test:1:7: executing "test" at <printf>: wrong type for value; expected string; got bool',
    ),
    (
        "bug16e",
        "{{0i|printf}}",
        'template: test:1:5: executing "test" at <printf>: wrong type for value; expected string; got complex128',
    ),
    (
        "bug16f",
        '{{true|twoArgs "xxx"}}',
        'template: test:1:15: executing "test" at <"xxx">: wrong type for value; expected string; got bool',
    ),
    (
        "literal into int",
        '{{add 1 "x"}}',
        'template: test:1:8: executing "test" at <"x">: expected integer; found "x"',
    ),
    (
        "float literal into int",
        "{{add 1 1.5}}",
        'template: test:1:8: executing "test" at <1.5>: expected integer; found 1.5',
    ),
    (
        "nil into int",
        "{{add 1 nil}}",
        'template: test:1:8: executing "test" at <nil>: cannot assign nil to int',
    ),
    (
        "range over int",
        "{{range 3}}{{.}}{{end}}",
        'template: test:1:8: executing "test" at <3>: range can\'t iterate over 3',
    ),
    (
        "range over string",
        "{{range .X}}{{.}}{{end}}",
        'template: test:1:8: executing "test" at <.X>: range can\'t iterate over x',
    ),
    (
        "undefined template",
        '{{template "nope"}}',
        'template: test:1:11: executing "test" at <{{template "nope"}}>: template "nope" not defined',
    ),
    (
        "variable popped in else",
        "{{if false}}{{$x := 1}}{{else}}{{$x}}{{end}}",
        'template: test:1:33: executing "test" at <$x>: undefined variable: $x',
    ),
    (
        "pipe into non-function",
        "{{1 | (print 2)}}",
        'template: test:1:2: executing "test" at <1>: can\'t give argument to non-function print 2',
    ),
    (
        "argument to variable",
        "{{$x := 1}}{{$x 2}}",
        'template: test:1:13: executing "test" at <$x>: can\'t give argument to non-function $x',
    ),
    (
        "indirection through nil",
        "{{(nil).X}}",
        'template: test:1:3: executing "test" at <nil>: nil is not a command',
    ),
]


@pytest.mark.parametrize(("name", "text", "want"), ERRORS, ids=[e[0] for e in ERRORS])
def test_exec_error(name: str, text: str, want: str) -> None:
    with pytest.raises(ExecError) as info:
        execute(text, TV)
    assert str(info.value) == want


def test_interface_static_types_in_errors() -> None:
    data = {"Values": {"name": "x", "list": [None, "s"], "nul": None}}
    cases = {
        "{{.Values.name.foo}}": "at <.Values.name.foo>: can't evaluate field foo in type interface {}",
        "{{.Values.nul.foo}}": "at <.Values.nul.foo>: nil pointer evaluating interface {}.foo",
        "{{.Values.missing.foo}}": "at <.Values.missing.foo>: nil pointer evaluating interface {}.foo",
        "{{range .Values.list}}{{.foo}}{{end}}": "at <.foo>: nil pointer evaluating interface {}.foo",
        "{{range $v := .Values.list}}{{$v.foo}}{{end}}": "at <$v.foo>: nil pointer evaluating interface {}.foo",
        "{{with .Values.name}}{{.foo}}{{end}}": "at <.foo>: can't evaluate field foo in type string",
        "{{upper .Values.missing}}": "at <.Values.missing>: wrong type for value; expected string; got interface {}",
        "{{.Values.missing | upper}}": "at <upper>: invalid value; expected string",
        "{{keys .Values.missing}}": "at <.Values.missing>: wrong type for value; expected map[string]interface {}; got interface {}",
    }
    funcs = dict(FUNCS)
    from tiller.engine.gotemplate import GoFunc

    funcs["upper"] = GoFunc("upper", str.upper, ("string",), result="string")
    funcs["keys"] = GoFunc("keys", lambda *d: [], (), variadic="map[string]interface {}")
    for text, want in cases.items():
        ts = TemplateSet(funcs)
        ts.parse("t", text)
        with pytest.raises(ExecError) as info:
            ts.execute("t", data)
        assert str(info.value).endswith(want), text
    ts = TemplateSet(funcs)
    ts.parse(
        "t",
        "[{{.Values.missing | keys}}][{{(.Values.missing).foo}}][{{$x := .Values.nul}}{{$x.foo}}]",
    )
    assert ts.execute("t", data) == "[[]][<no value>][<no value>]"


@pytest.mark.parametrize(
    ("option", "want"),
    [("default", "99 <no value>"), ("invalid", "99 <no value>"), ("zero", "99 <no value>")],
)
def test_missingkey(option: str, want: str) -> None:
    assert execute("{{.x}} {{.y}}", {"x": 99}, missingkey=option) == want


def test_missingkey_zero_for_string_map() -> None:
    from tiller.engine.gotemplate.govalues import StringMap

    assert execute("[{{.x}}][{{.y}}]", StringMap(x="a"), missingkey="zero") == "[a][]"


def test_missingkey_error() -> None:
    with pytest.raises(ExecError) as info:
        execute("{{.x}} {{.y}}", {"x": 99}, missingkey="error")
    assert (
        str(info.value)
        == 'template: test:1:9: executing "test" at <.y>: map has no entry for key "y"'
    )
    with pytest.raises(ExecError) as info:
        execute("{{.x.y}}", None, missingkey="error")
    assert str(info.value).endswith('nil data; no entry for key "x"')


def test_missingkey_option_is_validated() -> None:
    with pytest.raises(ValueError):
        TemplateSet(missingkey="bogus")


def test_max_exec_depth() -> None:
    ts = TemplateSet()
    ts.parse("t", '{{define "x"}}{{template "x" .}}{{end}}{{template "x" .}}')
    with pytest.raises(ExecError) as info:
        ts.execute("t", 1)
    assert str(info.value) == (
        'template: t:1:25: executing "x" at <{{template "x" .}}>: '
        "exceeded maximum template depth (100000)"
    )


def test_error_location_uses_the_defining_file() -> None:
    ts = TemplateSet()
    ts.parse("helpers.tpl", 'line1\n{{define "h"}}\n  {{.x.y}}{{end}}')
    ts.parse("main.yaml", 'a: {{template "h" .}}')
    with pytest.raises(ExecError) as info:
        ts.execute("main.yaml", {"x": None})
    assert str(info.value) == (
        'template: helpers.tpl:3:6: executing "h" at <.x.y>: nil pointer evaluating interface {}.y'
    )


def test_column_is_a_byte_offset() -> None:
    with pytest.raises(ExecError) as info:
        execute("é{{.X.Y}}", TV)
    assert str(info.value).startswith("template: test:1:6: ")


def test_execute_unknown_template() -> None:
    ts = TemplateSet()
    with pytest.raises(ExecError) as info:
        ts.execute("nope", None)
    assert str(info.value) == 'template: no template "nope" associated with template "gotpl"'


def test_context_function_and_clone() -> None:
    from tiller.engine.gotemplate import GoFunc

    def include(ctx: Any, name: str, data: Any) -> str:
        assert ctx.template_name == "main"
        return str(ctx.execute(name, data))

    funcs = {
        "include": GoFunc(
            "include", include, ("string", "interface {}"), result="string", takes_context=True
        )
    }
    ts = TemplateSet(funcs)
    ts.parse("main", '{{define "x"}}<{{.}}>{{end}}{{include "x" 3 | printf "%s!"}}')
    assert ts.execute("main", None) == "<3>!"
    clone = ts.clone()
    clone.parse("extra", '{{template "x" "c"}}')
    assert clone.execute("extra", None) == "<c>"
    assert not ts.has("extra")


def test_bytes_index_and_range() -> None:
    assert execute("{{index . 1}} {{range .}}{{.}},{{end}}", b"hi") == "105 104,105,"
    assert isinstance(Uint8(1), int)


def test_with_funcs_shares_compiled_code_and_render_state() -> None:
    from tiller.engine.gotemplate import GoFunc

    calls: list[str] = []

    def make(tag: str) -> GoFunc:
        def probe(ctx: Any, s: str) -> str:
            ctx.render_state[tag] = ctx.render_state.get(tag, 0) + 1
            calls.append(tag)
            return f"{tag}:{s}:{ctx.render_state[tag]}"

        return GoFunc("probe", probe, ("string",), result="string", takes_context=True)

    def nest(ctx: Any, name: str) -> str:
        return str(ctx.execute(name, None))

    nestf = GoFunc("nest", nest, ("string",), result="string", takes_context=True)
    ts = TemplateSet({"probe": make("a"), "nest": nestf})
    ts.parse("t", '{{define "d"}}{{probe "in"}}{{end}}{{probe "x"}} {{nest "d"}}')
    assert ts.execute("t", None) == "a:x:1 a:in:2"
    other = ts.with_funcs({"probe": make("b"), "nest": nestf})
    assert other.execute("t", None) == "b:x:1 b:in:2"
    assert ts.execute("t", None) == "a:x:1 a:in:2"  # fresh state per top-level execution
    tree = ts._trees["t"]
    assert len(tree.compiled) == 1  # same signatures: compiled once
    assert calls == ["a", "a", "b", "b", "a", "a"]
    gone = ts.with_funcs({"nest": nestf})
    with pytest.raises(ExecError) as info:
        gone.execute("t", None)
    assert str(info.value).endswith('error calling probe: "probe" is not a defined function')
