"""Reading scripts: lines, continuations, comments, quoting and ${VAR} expansion."""

from __future__ import annotations

import pytest

from app.script.lexer import ScriptSyntaxError, parse_script, split_words

ENV = {"NAME": "web", "TAG": "1.2 beta", "EMPTY": ""}


def words(text: str) -> list[str]:
    return split_words(text, ENV)


def test_plain_words_and_comments() -> None:
    assert words("install ./chart --name web") == ["install", "./chart", "--name", "web"]
    assert words("status web # trailing comment") == ["status", "web"]
    assert words("a#b") == ["a#b"]
    assert words("   # only a comment") == []


def test_quotes_and_escapes() -> None:
    assert words("--set 'a=b c'") == ["--set", "a=b c"]
    assert words('--set "a=${NAME} x"') == ["--set", "a=web x"]
    assert words("'${NAME}'") == ["${NAME}"]  # single quotes are literal
    assert words(r'"say \"hi\" \$NAME"') == ['say "hi" $NAME']
    assert words(r"a\ b") == ["a b"]
    assert words("x=''") == ["x="]
    assert words('""') == [""]


def test_variables_do_not_split_words() -> None:
    assert words("--set image.tag=${TAG}") == ["--set", "image.tag=1.2 beta"]
    assert words("$NAME-x ${EMPTY}") == ["web-x", ""]
    assert words("${MISSING:-fallback} cost$") == ["fallback", "cost$"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("'open", "unterminated single quote"),
        ('"open', "unterminated double quote"),
        ("${NAME", "unterminated ${...}"),
        ("${1BAD}", "bad variable name in ${1BAD}"),
        ("${MISSING}", "variable MISSING is not set (use ${MISSING:-default})"),
        ("$MISSING", "variable MISSING is not set (use ${MISSING:-default})"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(ScriptSyntaxError) as err:
        split_words(text, ENV, line=7)
    assert (err.value.line, err.value.message) == (7, message)


def test_parse_script_lines_and_continuations() -> None:
    script = (
        "# deploy\n"
        "\n"
        "upgrade --install ${NAME} ./chart \\\n"
        "    --set a=1 \\\n"
        "    --wait\n"
        "status ${NAME}\n"
        "x --set v=a\\\\\n"  # an escaped backslash does not continue the line
    )
    commands = parse_script(script, ENV)
    assert [(c.line, c.words) for c in commands] == [
        (3, ("upgrade", "--install", "web", "./chart", "--set", "a=1", "--wait")),
        (6, ("status", "web")),
        (7, ("x", "--set", "v=a\\")),
    ]


def test_parse_script_reports_the_line() -> None:
    with pytest.raises(ScriptSyntaxError) as err:
        parse_script("status web\n\nget values 'x\n", ENV)
    assert err.value.line == 3
