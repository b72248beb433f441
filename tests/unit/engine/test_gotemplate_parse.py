"""Parser cases (facts from Go's text/template/parse parse_test.go, Go 1.14 behaviour)."""

# ruff: noqa: E501  (tables of Go test cases read best one case per line)

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tiller.engine.gotemplate import ParseError, TemplateSet
from tiller.engine.gotemplate.gostrconv import quote
from tiller.engine.gotemplate.nodes import TextNode
from tiller.engine.gotemplate.parse import parse

FUNCS = {"printf", "print", "noargs", "args", "echo", "call", "index", "len"}


def has_function(name: str) -> bool:
    return name in FUNCS


@pytest.fixture
def quoted_text() -> Iterator[None]:
    """Print text nodes with %q, as Go's parse tests do."""
    original = TextNode.__str__
    TextNode.__str__ = lambda self: quote(self.text)  # type: ignore[method-assign]
    try:
        yield
    finally:
        TextNode.__str__ = original  # type: ignore[method-assign]


OK_CASES = [
    ("empty", "", ""),
    ("comment", "{{/*\n\n\n*/}}", ""),
    ("spaces", " \t\n", '" \\t\\n"'),
    ("text", "some text", '"some text"'),
    ("field", "{{.X}}", "{{.X}}"),
    ("simple command", "{{printf}}", "{{printf}}"),
    ("$ invocation", "{{$}}", "{{$}}"),
    ("variable invocation", "{{with $x := 3}}{{$x 23}}{{end}}", "{{with $x := 3}}{{$x 23}}{{end}}"),
    ("variable with fields", "{{$.I}}", "{{$.I}}"),
    ("multi-word command", "{{printf `%d` 23}}", "{{printf `%d` 23}}"),
    ("pipeline", "{{.X|.Y}}", "{{.X | .Y}}"),
    ("pipeline with decl", "{{$x := .X|.Y}}", "{{$x := .X | .Y}}"),
    ("assignment prints as :=", "{{$x := 1}}{{$x = 2}}", "{{$x := 1}}{{$x := 2}}"),
    (
        "nested pipeline",
        "{{.X (.Y .Z) (.A | .B .C) (.E)}}",
        "{{.X (.Y .Z) (.A | .B .C) (.E)}}",
    ),
    ("field applied to parentheses", "{{(.Y .Z).Field}}", "{{(.Y .Z).Field}}"),
    ("simple if", "{{if .X}}hello{{end}}", '{{if .X}}"hello"{{end}}'),
    ("if with else", "{{if .X}}true{{else}}false{{end}}", '{{if .X}}"true"{{else}}"false"{{end}}'),
    (
        "if with else if",
        "{{if .X}}true{{else if .Y}}false{{end}}",
        '{{if .X}}"true"{{else}}{{if .Y}}"false"{{end}}{{end}}',
    ),
    (
        "if else chain",
        "+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+",
        '"+"{{if .X}}"X"{{else}}{{if .Y}}"Y"{{else}}{{if .Z}}"Z"{{end}}{{end}}{{end}}"+"',
    ),
    ("simple range", "{{range .X}}hello{{end}}", '{{range .X}}"hello"{{end}}'),
    ("chained field range", "{{range .X.Y.Z}}hello{{end}}", '{{range .X.Y.Z}}"hello"{{end}}'),
    (
        "nested range",
        "{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}",
        '{{range .X}}"hello"{{range .Y}}"goodbye"{{end}}{{end}}',
    ),
    (
        "range with else",
        "{{range .X}}true{{else}}false{{end}}",
        '{{range .X}}"true"{{else}}"false"{{end}}',
    ),
    (
        "range over pipeline",
        "{{range .X|.M}}true{{else}}false{{end}}",
        '{{range .X | .M}}"true"{{else}}"false"{{end}}',
    ),
    ("range 1 var", "{{range $x := .SI}}{{.}}{{end}}", "{{range $x := .SI}}{{.}}{{end}}"),
    ("range 2 vars", "{{range $x, $y := .SI}}{{.}}{{end}}", "{{range $x, $y := .SI}}{{.}}{{end}}"),
    (
        "constants",
        "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}",
        "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}",
    ),
    ("template", "{{template `x`}}", '{{template "x"}}'),
    ("template with arg", "{{template `x` .Y}}", '{{template "x" .Y}}'),
    ("with", "{{with .X}}hello{{end}}", '{{with .X}}"hello"{{end}}'),
    (
        "with with else",
        "{{with .X}}hello{{else}}goodbye{{end}}",
        '{{with .X}}"hello"{{else}}"goodbye"{{end}}',
    ),
    ("trim left", "x \r\n\t{{- 3}}", '"x"{{3}}'),
    ("trim right", "{{3 -}}\n\n\ty", '{{3}}"y"'),
    ("trim left and right", "x \r\n\t{{- 3 -}}\n\n\ty", '"x"{{3}}"y"'),
    ("trim with extra spaces", "x\n{{-  3   -}}\ny", '"x"{{3}}"y"'),
    ("comment trim left", "x \r\n\t{{- /* hi */}}", '"x"'),
    ("comment trim right", "{{/* hi */ -}}\n\n\ty", '"y"'),
    ("comment trim left and right", "x \r\n\t{{- /* */ -}}\n\n\ty", '"x""y"'),
    ("block definition", '{{block "foo" .}}hello{{end}}', '{{template "foo" .}}'),
    ("bug0a", "{{$x := 0}}{{$x}}", "{{$x := 0}}{{$x}}"),
    ("bug1c", "{{$x:=.}}{{$x +2}}", "{{$x := .}}{{$x +2}}"),
    ("nil is an argument", "{{printf nil}}", "{{printf nil}}"),
    ("string keeps its source form", '{{printf "a\\tb"}}', '{{printf "a\\tb"}}'),
]


@pytest.mark.usefixtures("quoted_text")
@pytest.mark.parametrize(("name", "text", "want"), OK_CASES, ids=[c[0] for c in OK_CASES])
def test_parse_ok(name: str, text: str, want: str) -> None:
    trees = parse(name, text, has_function)
    assert str(trees[name].root) == want


ERROR_CASES = [
    ("emptyAction", "{{}}", "missing value for command"),
    ("unclosed action", "hello{{range", "unexpected unclosed action in range"),
    ("unmatched end", "{{end}}", "unexpected {{end}}"),
    ("unmatched else", "{{else}}", "unexpected {{else}}"),
    ("unmatched else after if", "{{if .X}}hello{{end}}{{else}}", "unexpected {{else}}"),
    ("multiple else", "{{if .X}}1{{else}}2{{else}}3{{end}}", "expected end; found {{else}}"),
    ("missing end", "hello{{range .x}}", "unexpected EOF"),
    ("missing end after else", "hello{{range .x}}{{else}}", "unexpected EOF"),
    ("undefined function", "hello{{undefined}}", 'function "undefined" not defined'),
    ("undefined variable", "{{$x}}", 'undefined variable "$x"'),
    ("variable undefined after end", "{{with $x := 4}}{{end}}{{$x}}", 'undefined variable "$x"'),
    ("variable undefined in template", "{{template $v}}", 'unexpected "$v" in template clause'),
    ("declare with field", "{{with $x.Y := 4}}{{end}}", 'undefined variable "$x"'),
    ("template with field ref", "{{template .X}}", 'unexpected ".X" in template clause'),
    ("invalid punctuation", "{{printf 3, 4}}", 'unexpected "," in operand'),
    ("multidecl outside range", "{{with $v, $u := 3}}{{end}}", "too many declarations in with"),
    (
        "too many decls in range",
        "{{range $u, $v, $w := 3}}{{end}}",
        "too many declarations in range",
    ),
    ("dot applied to parentheses", "{{printf (printf .).}}", "unexpected <.> in operand"),
    ("adjacent args", "{{printf 3`x`}}", 'unexpected "`x`" in operand'),
    ("adjacent args with .", "{{printf `x`.}}", "unexpected <.> in operand"),
    ("extra end after if", "{{if .X}}a{{else if .Y}}b{{end}}{{end}}", "unexpected {{end}}"),
    ("bug0b", "{{$x += 1}}{{$x}}", 'undefined variable "$x"'),
    ("bug0c", "{{$x ! 2}}{{$x}}", 'undefined variable "$x"'),
    ("bug0d", "{{$x := 0}}{{$x % 3}}", 'unexpected "%" in operand'),
    ("bug0e", "{{range $x := $y := 3}}{{end}}", 'undefined variable "$y"'),
    ("bug1a", "{{$x:=.}}{{$x!2}}", "unexpected bad character U+0021 '!' in command"),
    ("bug1b", "{{$x:=.}}{{$x+2}}", "unexpected bad character U+002B '+' in command"),
    ("dot after integer", "{{1.E}}", 'illegal number syntax: "1.E"'),
    ("dot after float", "{{0.1.E}}", 'unexpected . after term "0.1"'),
    ("dot after boolean", "{{true.E}}", 'unexpected . after term "true"'),
    ("dot after char", "{{'a'.any}}", "unexpected . after term \"'a'\""),
    ("dot after string", '{{"hello".guys}}', 'unexpected . after term "\\"hello\\""'),
    ("dot after dot", "{{..E}}", 'unexpected . after term "."'),
    ("dot after nil", "{{nil.E}}", 'unexpected . after term "nil"'),
    ("wrong pipeline dot", "{{12|.}}", "non executable command in pipeline stage 2"),
    ("wrong pipeline number", "{{.|12|printf}}", "non executable command in pipeline stage 2"),
    ("wrong pipeline string", '{{.|printf|"error"}}', "non executable command in pipeline stage 3"),
    ("wrong pipeline char", "{{12|printf|'e'}}", "non executable command in pipeline stage 3"),
    ("wrong pipeline boolean", "{{.|true}}", "non executable command in pipeline stage 2"),
    ("wrong pipeline nil", "{{'c'|nil}}", "non executable command in pipeline stage 2"),
    ("empty pipeline", '{{printf "%d" ( ) }}', "missing value for parenthesized pipeline"),
    ("block without pipeline", '{{block "foo"}}hello{{end}}', "missing value for block clause"),
    ("function", "{{foo}}", 'function "foo" not defined'),
    ("comment", "{{/*}}", "unexpected unclosed comment in input"),
    ("lparen", "{{.X (1 2 3}}", "unclosed left paren"),
    ("rparen", "{{.X 1 2 3)}}", 'unexpected ")" in input'),
    ("space", "{{`x`3}}", 'unexpected "3" in operand'),
    ("charconst", "{{'a}}", "unexpected unterminated character constant in command"),
    ("stringconst", '{{"a}}', "unexpected unterminated quoted string in command"),
    ("rawstringconst", "{{`a}}", "unexpected unterminated raw quoted string in command"),
    ("number", "{{0xi}}", 'illegal number syntax: "0xi"'),
    ("bad number", "{{3k}}", 'unexpected bad number syntax: "3k" in command'),
    # ParseFloat accepts "08", so Go reports it as an overflowing integer
    ("octal-looking float", "{{08}}", "integer overflow: 08"),
    ("integer overflow", "{{99999999999999999999}}", "integer overflow: 99999999999999999999"),
    ("malformed char", "{{'ab'}}", "malformed character constant: 'ab'"),
    ("bad escape", '{{printf "\\q"}}', "invalid syntax"),
    (
        "multidefine",
        "{{define `a`}}a{{end}}{{define `a`}}b{{end}}",
        'template: multiple definition of template "a"',
    ),
    ("eof", "{{range .X}}", "unexpected EOF"),
    ("variable", "{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}", 'unexpected ":=" in operand'),
    ("multidecl", "{{$a,$b,$c := 23}}", "too many declarations in command"),
    ("undefvar", "{{$a}}", 'undefined variable "$a"'),
    ("wrongpipeline", "{{12|false}}", "non executable command in pipeline stage 2"),
    ("emptypipeline", "{{ ( ) }}", "missing value for parenthesized pipeline"),
    ("rangeundefvar", "{{range $k}}{{end}}", 'undefined variable "$k"'),
    ("rangeundefvars", "{{range $k, $v}}{{end}}", 'undefined variable "$v"'),
    ("rangemissingvalue1", "{{range $k,}}{{end}}", "missing value for range"),
    ("rangemissingvalue2", "{{range $k, $v := }}{{end}}", "missing value for range"),
    ("rangenotvariable1", "{{range $k, .}}{{end}}", "range can only initialize variables"),
    ("rangenotvariable2", "{{range $k, 123 := .}}{{end}}", "range can only initialize variables"),
    ("go 1.14: no else with", "{{with .a}}A{{else with .b}}B{{end}}", "unexpected <with> in else"),
    ("go 1.14: no break", "{{range .}}{{break}}{{end}}", 'function "break" not defined'),
    ("go 1.14: newline in action", "{{ print 1\n 2 }}", "unclosed action"),
    ("go 1.14: tab after trim marker", "a {{-\t3 -}}\tb", 'illegal number syntax: "-"'),
    ("not a comment", "{{ /* x */ }}", 'unexpected "/" in command'),
]


@pytest.mark.parametrize(("name", "text", "msg"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_parse_error(name: str, text: str, msg: str) -> None:
    with pytest.raises(ParseError) as info:
        parse("t", text, has_function)
    assert str(info.value) == f"template: t:1: {msg}"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("line1\n{{", "template: t:2: unexpected unclosed action in command"),
        ("line1\n{{define `x`}}line2\n{{", "template: t:3: unexpected unclosed action in command"),
        ("{{ $v := `\n` }} {{", "template: t:2: unexpected unclosed action in command"),
        ("a\n\n{{if .x}}\nb", "template: t:4: unexpected EOF"),
        (
            "{{define `a`}}x{{end}}\n{{define `a`}}\ny{{end}}",
            'template: t:3: template: multiple definition of template "a"',
        ),
    ],
)
def test_parse_error_line(text: str, want: str) -> None:
    with pytest.raises(ParseError) as info:
        parse("t", text, has_function)
    assert str(info.value) == want


def test_defines_and_blocks_are_trees() -> None:
    trees = parse("f", '{{define "a"}}A{{end}}x{{block "b" .}}B{{end}}', has_function)
    assert sorted(trees) == ["a", "b", "f"]
    assert str(trees["f"].root) == 'x{{template "b" .}}'


def test_redefinition_rules() -> None:
    ts = TemplateSet()
    ts.parse("one", '{{define "d"}}first{{end}}{{define "e"}}E1{{end}}')
    ts.parse("two", '{{define "d"}}second{{end}}{{define "e"}}  {{end}}')
    ts.parse("main", '{{template "d"}}{{template "e"}}')
    # a later non-empty definition wins; an empty body never replaces one
    assert ts.execute("main", None) == "secondE1"


def test_empty_define_is_replaced_by_nonempty_in_one_file() -> None:
    ts = TemplateSet()
    ts.parse("f", '{{define "d"}} {{end}}{{define "d"}}x{{end}}{{template "d"}}')
    assert ts.execute("f", None) == "x"


def test_parse_error_does_not_register() -> None:
    ts = TemplateSet()
    with pytest.raises(ParseError):
        ts.parse("bad", "{{define `ok`}}x{{end}}{{")
    assert not ts.has("bad")
    assert not ts.has("ok")
