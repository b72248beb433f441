"""Lexer cases (facts from Go's text/template/parse lex_test.go, Go 1.14 behaviour)."""

# ruff: noqa: E501  (tables of Go test cases read best one case per line)

from __future__ import annotations

import pytest

from tiller.engine.gotemplate import lex as L

T_LEFT = (L.ITEM_LEFT_DELIM, "{{")
T_RIGHT = (L.ITEM_RIGHT_DELIM, "}}")
T_SPACE = (L.ITEM_SPACE, " ")
T_EOF = (L.ITEM_EOF, "")


def items(text: str) -> list[tuple[int, str]]:
    return [(i.typ, i.val) for i in L.lex(text)]


CASES = [
    ("empty", "", [T_EOF]),
    ("spaces", " \t\n", [(L.ITEM_TEXT, " \t\n"), T_EOF]),
    ("text", "now is the time", [(L.ITEM_TEXT, "now is the time"), T_EOF]),
    (
        "text with comment",
        "hello-{{/* this is a comment */}}-world",
        [(L.ITEM_TEXT, "hello-"), (L.ITEM_TEXT, "-world"), T_EOF],
    ),
    (
        "punctuation",
        "{{,@% }}",
        [
            T_LEFT,
            (L.ITEM_CHAR, ","),
            (L.ITEM_CHAR, "@"),
            (L.ITEM_CHAR, "%"),
            T_SPACE,
            T_RIGHT,
            T_EOF,
        ],
    ),
    (
        "parens",
        "{{((3))}}",
        [
            T_LEFT,
            (L.ITEM_LEFT_PAREN, "("),
            (L.ITEM_LEFT_PAREN, "("),
            (L.ITEM_NUMBER, "3"),
            (L.ITEM_RIGHT_PAREN, ")"),
            (L.ITEM_RIGHT_PAREN, ")"),
            T_RIGHT,
            T_EOF,
        ],
    ),
    ("empty action", "{{}}", [T_LEFT, T_RIGHT, T_EOF]),
    ("for", "{{for}}", [T_LEFT, (L.ITEM_IDENTIFIER, "for"), T_RIGHT, T_EOF]),
    ("break is not a keyword", "{{break}}", [T_LEFT, (L.ITEM_IDENTIFIER, "break"), T_RIGHT, T_EOF]),
    (
        "block",
        '{{block "foo" .}}',
        [
            T_LEFT,
            (L.ITEM_BLOCK, "block"),
            T_SPACE,
            (L.ITEM_STRING, '"foo"'),
            T_SPACE,
            (L.ITEM_DOT, "."),
            T_RIGHT,
            T_EOF,
        ],
    ),
    (
        "quote",
        '{{"abc \\n\\t\\" "}}',
        [T_LEFT, (L.ITEM_STRING, '"abc \\n\\t\\" "'), T_RIGHT, T_EOF],
    ),
    (
        "raw quote with newline",
        "{{`now is{{\n}}the time`}}",
        [T_LEFT, (L.ITEM_RAW_STRING, "`now is{{\n}}the time`"), T_RIGHT, T_EOF],
    ),
    (
        "numbers",
        "{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}",
        [T_LEFT]
        + [
            x
            for v in [
                (L.ITEM_NUMBER, "1"),
                (L.ITEM_NUMBER, "02"),
                (L.ITEM_NUMBER, "0x14"),
                (L.ITEM_NUMBER, "0X14"),
                (L.ITEM_NUMBER, "-7.2i"),
                (L.ITEM_NUMBER, "1e3"),
                (L.ITEM_NUMBER, "1E3"),
                (L.ITEM_NUMBER, "+1.2e-4"),
                (L.ITEM_NUMBER, "4.2i"),
                (L.ITEM_COMPLEX, "1+2i"),
                (L.ITEM_NUMBER, "1_2"),
                (L.ITEM_NUMBER, "0x1.e_fp4"),
            ]
            for x in (v, T_SPACE)
        ]
        + [(L.ITEM_NUMBER, "0X1.E_FP4"), T_RIGHT, T_EOF],
    ),
    (
        "characters",
        "{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '本'}}",
        [T_LEFT]
        + [
            x
            for v in ["'a'", "'\\n'", "'\\''", "'\\\\'", "'\\u00FF'", "'\\xFF'"]
            for x in ((L.ITEM_CHAR_CONSTANT, v), T_SPACE)
        ]
        + [(L.ITEM_CHAR_CONSTANT, "'本'"), T_RIGHT, T_EOF],
    ),
    (
        "dots",
        "{{.x . .2 .x.y.z}}",
        [
            T_LEFT,
            (L.ITEM_FIELD, ".x"),
            T_SPACE,
            (L.ITEM_DOT, "."),
            T_SPACE,
            (L.ITEM_NUMBER, ".2"),
            T_SPACE,
            (L.ITEM_FIELD, ".x"),
            (L.ITEM_FIELD, ".y"),
            (L.ITEM_FIELD, ".z"),
            T_RIGHT,
            T_EOF,
        ],
    ),
    (
        "variables",
        "{{$c := printf $ $hello $23 $ $var.Field .Method}}",
        [
            T_LEFT,
            (L.ITEM_VARIABLE, "$c"),
            T_SPACE,
            (L.ITEM_DECLARE, ":="),
            T_SPACE,
            (L.ITEM_IDENTIFIER, "printf"),
            T_SPACE,
            (L.ITEM_VARIABLE, "$"),
            T_SPACE,
            (L.ITEM_VARIABLE, "$hello"),
            T_SPACE,
            (L.ITEM_VARIABLE, "$23"),
            T_SPACE,
            (L.ITEM_VARIABLE, "$"),
            T_SPACE,
            (L.ITEM_VARIABLE, "$var"),
            (L.ITEM_FIELD, ".Field"),
            T_SPACE,
            (L.ITEM_FIELD, ".Method"),
            T_RIGHT,
            T_EOF,
        ],
    ),
    (
        "2 declarations",
        "{{$v , $w := 3}}",
        [
            T_LEFT,
            (L.ITEM_VARIABLE, "$v"),
            T_SPACE,
            (L.ITEM_CHAR, ","),
            T_SPACE,
            (L.ITEM_VARIABLE, "$w"),
            T_SPACE,
            (L.ITEM_DECLARE, ":="),
            T_SPACE,
            (L.ITEM_NUMBER, "3"),
            T_RIGHT,
            T_EOF,
        ],
    ),
    (
        "assignment",
        "{{$v = 3}}",
        [
            T_LEFT,
            (L.ITEM_VARIABLE, "$v"),
            T_SPACE,
            (L.ITEM_ASSIGN, "="),
            T_SPACE,
            (L.ITEM_NUMBER, "3"),
            T_RIGHT,
            T_EOF,
        ],
    ),
    (
        "trimming spaces before and after",
        "hello- {{- 3 -}} -world",
        [
            (L.ITEM_TEXT, "hello-"),
            T_LEFT,
            (L.ITEM_NUMBER, "3"),
            T_RIGHT,
            (L.ITEM_TEXT, "-world"),
            T_EOF,
        ],
    ),
    (
        "trimming spaces before and after comment",
        "hello- {{- /* hello */ -}} -world",
        [(L.ITEM_TEXT, "hello-"), (L.ITEM_TEXT, "-world"), T_EOF],
    ),
    (
        "trim marker followed by several spaces",
        "x\n{{-  3   -}}\ny",
        [(L.ITEM_TEXT, "x"), T_LEFT, T_SPACE, (L.ITEM_NUMBER, "3"), (L.ITEM_SPACE, "  "), T_RIGHT]
        + [(L.ITEM_TEXT, "y"), T_EOF],
    ),
    (
        "minus number is not a trim marker",
        "{{-3}}",
        [T_LEFT, (L.ITEM_NUMBER, "-3"), T_RIGHT, T_EOF],
    ),
    (
        "go 1.14: tab after {{- is not a trim marker",
        "a {{-\t3}}",
        [(L.ITEM_TEXT, "a "), T_LEFT, (L.ITEM_NUMBER, "-"), (L.ITEM_SPACE, "\t")]
        + [(L.ITEM_NUMBER, "3"), T_RIGHT, T_EOF],
    ),
    (
        "unmatched right delimiter",
        "hello-{.}}-world",
        [(L.ITEM_TEXT, "hello-{.}}-world"), T_EOF],
    ),
    # errors
    (
        "badchar",
        "#{{\x01}}",
        [(L.ITEM_TEXT, "#"), T_LEFT, (L.ITEM_ERROR, "unrecognized character in action: U+0001")],
    ),
    ("go 1.14: newline in action", "{{\n}}", [T_LEFT, (L.ITEM_ERROR, "unclosed action")]),
    (
        "EOF in action",
        "{{range",
        [T_LEFT, (L.ITEM_RANGE, "range"), (L.ITEM_ERROR, "unclosed action")],
    ),
    ("unclosed quote", '{{"\n"}}', [T_LEFT, (L.ITEM_ERROR, "unterminated quoted string")]),
    ("unclosed raw quote", "{{`xx}}", [T_LEFT, (L.ITEM_ERROR, "unterminated raw quoted string")]),
    (
        "unclosed char constant",
        "{{'\n}}",
        [T_LEFT, (L.ITEM_ERROR, "unterminated character constant")],
    ),
    ("bad number", "{{3k}}", [T_LEFT, (L.ITEM_ERROR, 'bad number syntax: "3k"')]),
    (
        "unclosed paren",
        "{{(3}}",
        [
            T_LEFT,
            (L.ITEM_LEFT_PAREN, "("),
            (L.ITEM_NUMBER, "3"),
            (L.ITEM_ERROR, "unclosed left paren"),
        ],
    ),
    (
        "extra right paren",
        "{{3)}}",
        [
            T_LEFT,
            (L.ITEM_NUMBER, "3"),
            (L.ITEM_RIGHT_PAREN, ")"),
            (L.ITEM_ERROR, "unexpected right paren U+0029 ')'"),
        ],
    ),
    (
        "long pipeline",
        "{{|||||}}",
        [T_LEFT] + [(L.ITEM_PIPE, "|")] * 5 + [T_RIGHT, T_EOF],
    ),
    (
        "text with bad comment",
        "hello-{{/*/}}-world",
        [(L.ITEM_TEXT, "hello-"), (L.ITEM_ERROR, "unclosed comment")],
    ),
    (
        "comment close separated from delim",
        "hello-{{/* */ }}-world",
        [(L.ITEM_TEXT, "hello-"), (L.ITEM_ERROR, "comment ends before closing delimiter")],
    ),
    ("bad identifier char", "{{a#}}", [T_LEFT, (L.ITEM_ERROR, "bad character U+0023 '#'")]),
]


@pytest.mark.parametrize(("name", "text", "want"), CASES, ids=[c[0] for c in CASES])
def test_lex(name: str, text: str, want: list[tuple[int, str]]) -> None:
    assert items(text) == want


def test_positions_are_offsets() -> None:
    got = [(i.typ, i.pos) for i in L.lex("ab{{ .x }}")]
    assert got[:4] == [
        (L.ITEM_TEXT, 0),
        (L.ITEM_LEFT_DELIM, 2),
        (L.ITEM_SPACE, 4),
        (L.ITEM_FIELD, 5),
    ]


def test_item_describe() -> None:
    assert L.Item(L.ITEM_EOF, 0, "").describe() == "EOF"
    assert L.Item(L.ITEM_WITH, 0, "with").describe() == "<with>"
    assert L.Item(L.ITEM_STRING, 0, '"abc"').describe() == '"\\"abc\\""'
    assert L.Item(L.ITEM_TEXT, 0, "0123456789abc").describe() == '"0123456789"...'


TRICKY = [
    "{{ a  -}}",
    "{{ a\t -}}",
    "{{ a \t-}}",
    "{{ a -}}",
    "{{ $ }}{{$x.y}}{{ $x:=1 }}{{$x = 2}}",
    "{{ (1) }}{{ a)}}{{ (a }}{{ 3)}}",
    '{{ "a\\"b" }}{{ "x\n" }}',
    "{{ 12 }}{{12.5}}{{ 1+2i }}{{ 0x1F }}{{ 017 }}{{ 1_000 }}{{ 3k }}",
    "{{ a_b }}{{ _ }}{{ x é }}{{ .é }}{{ .a1.b_2 }}",
    "{{ =:= , }}{{ : }}{{ true false nil . }}",
    "{{ if .x }}{{ else if .y }}{{ end }}{{ range $i, $v := . }}{{ end }}",
    "{{ a#b }}{{ a\x01 }}",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_path_matches_state_machine(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    fast = L.lex(text)
    monkeypatch.setattr(L, "_FAST_ACTION", re.compile(r"(?!)"))
    assert L.lex(text) == fast
