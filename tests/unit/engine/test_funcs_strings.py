"""Sprig string functions against Go/Sprig v2.22 expected outputs."""

from __future__ import annotations

import pytest

from tiller.engine.funcs import encoding as E
from tiller.engine.funcs import strings as S
from tiller.engine.funcs import textconv as T
from tiller.engine.funcs import wording as W
from tiller.engine.gotemplate import GoFuncError
from tiller.engine.gotemplate.govalues import StringMap, StringSlice


@pytest.mark.parametrize(
    ("got", "want"),
    [
        (S.upper("ab"), "AB"),
        (S.title("hello wORLD"), "Hello WORLD"),
        (S.untitle("Hello World"), "hello world"),
        (S.swapcase("aB"), "Ab"),
        (S.swapcase("hello World"), "HELLO wORLD"),
        (S.substr(1, 3, "hello"), "el"),
        (S.substr(-1, 3, "hello"), "hel"),
        (S.substr(2, 99, "hello"), "llo"),
        (S.trunc(3, "foooooo"), "foo"),
        (S.trunc(10, "ab"), "ab"),
        (S.trim_all("$", "$5.00$"), "5.00"),
        (S.trim_suffix("-", "a-"), "a"),
        (S.trim_prefix("-", "-a"), "a"),
        (S.trim("  \t x \n"), "x"),
        (S.trim("\x1cx"), "\x1cx"),
        (S.nospace("a b  c"), "abc"),
        (S.initials("First Try"), "FT"),
        (S.replace(" ", "-", "a b c"), "a-b-c"),
        (S.repeat(3, "ab"), "ababab"),
        (S.plural("one", "many", 2), "many"),
        (S.plural("one", "many", 1), "one"),
        (S.contains("cat", "catch"), True),
        (S.has_prefix("ca", "cat"), True),
        (S.has_suffix("at", "cat"), True),
        (S.cat("a", None, "b", 1), "a b 1"),
        (S.quote(8080.0, 1e6, None), '"8080" "1e+06"'),
        (S.quote(True, None, 1), '"true" "1"'),
        (S.quote('a"b'), '"a\\"b"'),
        (S.squote(1.5), "'1.5'"),
        (S.indent(2, "a\nb\n"), "  a\n  b\n  "),
        (S.nindent(2, "a"), "\n  a"),
        (W.abbrev(5, "hello world"), "he..."),
        (W.abbrev(3, "hello world"), "hello world"),
        (W.abbrevboth(5, 10, "1234 5678 9123"), "...5678..."),
        (W.wrap(5, "abc def ghi"), "abc\ndef\nghi"),
        (W.wrap_with(5, "\t", "Hello World"), "Hello\tWorld"),
        (W.wrap_with(3, "\n", "abcdefgh"), "abc\ndef\ngh"),
        (W.camelcase("http_server"), "HttpServer"),
        (W.camelcase("_complex__case_"), "_Complex_Case_"),
        (W.camelcase("a"), ""),
        (W.snakecase("FirstName"), "first_name"),
        (W.snakecase("HTTPServer"), "http_server"),
        (W.snakecase("NoHTTPS"), "no_https"),
        (W.snakecase("HTTP20xOK"), "http_20x_ok"),
        (W.kebabcase("FirstName"), "first-name"),
        (W.kebabcase("GO PATH"), "go-path"),
        (T.to_string(1.5), "1.5"),
        (T.to_string(None), "<nil>"),
        (T.to_string(b"hi"), "hi"),
        (T.join(",", [1, "b", None, 2.5]), "1,b,2.5"),
        (T.sort_alpha([10, 9, "a", "b"]), ["10", "9", "a", "b"]),
        (T.sort_alpha("x"), ["x"]),
        (T.to_strings([1, None, "a"]), ["1", "a"]),
        (T.to_strings(None), []),
        (T.split(".", "a.b"), {"_0": "a", "_1": "b"}),
        (T.splitn("$", 2, "a$b$c"), {"_0": "a", "_1": "b$c"}),
        (T.split_list(",", "a,b"), ["a", "b"]),
        (E.b64enc("hello"), "aGVsbG8="),
        (E.b64dec("aGVsbG8="), "hello"),
        (E.b64dec("!!"), "illegal base64 data at input byte 0"),
        (E.b64dec("aGVsbG8"), "illegal base64 data at input byte 4"),
        (E.b32enc("hello"), "NBSWY3DP"),
        (E.b32dec("NBSWY3DP"), "hello"),
        (E.sha256sum("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (E.sha1sum("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (E.adler32sum("hello"), "103547413"),
    ],
)
def test_string_functions(got: object, want: object) -> None:
    assert got == want


def test_result_types() -> None:
    assert type(T.split(".", "a.b")) is StringMap
    assert type(T.split_list(",", "a")) is StringSlice
    assert type(T.sort_alpha([1])) is StringSlice


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: S.trunc(-2, "abcdef"), "runtime error: slice bounds out of range [:-2]"),
        (lambda: S.substr(4, 3, "abc"), "runtime error: slice bounds out of range [4:3]"),
        (
            lambda: S.substr(-1, 10, "abc"),
            "runtime error: slice bounds out of range [:10] with length 3",
        ),
        (lambda: S.repeat(-1, "a"), "strings: negative Repeat count"),
    ],
)
def test_go_panics(call: object, message: str) -> None:
    with pytest.raises(GoFuncError) as err:
        call()  # type: ignore[operator]
    assert str(err.value) == message


def test_trunc_is_byte_based() -> None:
    assert S.trunc(2, "héllo") == "h\udcc3"


def test_random_strings_have_the_right_shape() -> None:
    assert len(W.rand_alpha_num(12)) == 12
    assert W.rand_numeric(20).isdigit()
    assert W.rand_alpha(20).isalpha()
    assert W.rand_ascii(-1) == ""
    assert sorted(W.shuffle("abcdef")) == list("abcdef")
