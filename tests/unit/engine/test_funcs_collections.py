"""Sprig math, list, dict, defaults, reflection and path functions."""

from __future__ import annotations

import pytest

from tiller.engine.funcs import defaults as D
from tiller.engine.funcs import dicts as M
from tiller.engine.funcs import lists as L
from tiller.engine.funcs import numbers as N
from tiller.engine.funcs import paths as P
from tiller.engine.funcs import reflection as R
from tiller.engine.funcs.goslices import NilSlice
from tiller.engine.gotemplate import GoFuncError
from tiller.engine.gotemplate.govalues import Int64, IntSlice, StringSlice

LIST = [3.0, 1.0, 2.0]


@pytest.mark.parametrize(
    ("got", "want"),
    [
        (N.add(1, 2, "3"), 6),
        (N.add1(8080.0), 8081),
        (N.sub(5, 7), -2),
        (N.mul(2, 3, 4), 24),
        (N.div(7, 2), 3),
        (N.div(-7, 2), -3),
        (N.mod(7, 3), 1),
        (N.mod(-7, 3), -1),
        (N.max_(1, 5, 3), 5),
        (N.min_(4, 2), 2),
        (N.round_(2.555, 2), 2.56),
        (N.round_(-2.5, 0), -3.0),
        (N.round_(2.5, 0, 0.6), 2.0),
        (N.ceil(1.1), 2.0),
        (N.floor("1.9"), 1.0),
        (N.int_("12"), 12),
        (N.int_("12abc"), 0),
        (N.int64_("3.9"), 0),
        (N.int_(3.9), 3),
        (N.int_(True), 1),
        (N.int_(1e6), 1000000),
        (N.float64_("1.5"), 1.5),
        (N.float64_("1_000"), 1000.0),
        (N.float64_("+nan"), 0.0),
        (N.atoi("42"), 42),
        (N.atoi("4x"), 0),
        (N.to_decimal("0777"), 511),
        (N.to_decimal("9"), 0),
        (N.until(3), [0, 1, 2]),
        (N.until(-3), [0, -1, -2]),
        (N.until_step_(0, 10, 3), [0, 3, 6, 9]),
        (N.until_step_(0, 10, -1), []),
    ],
)
def test_math(got: object, want: object) -> None:
    assert got == want


def test_math_types() -> None:
    assert type(N.add(1)) is Int64
    assert type(N.int_(1.0)) is int
    assert type(N.until(2)) is IntSlice
    assert str(N.ceil(-0.5)) == "-0.0"


def test_divide_by_zero() -> None:
    with pytest.raises(GoFuncError, match="^runtime error: integer divide by zero$"):
        N.div(1, 0)


def test_lists() -> None:
    assert L.first(LIST) == 3.0 and L.last(LIST) == 2.0
    assert L.rest(LIST) == [1.0, 2.0] and L.initial(LIST) == [3.0, 1.0]
    assert isinstance(L.rest([]), NilSlice) and L.first([]) is None
    assert L.reverse(LIST) == [2.0, 1.0, 3.0]
    assert L.uniq([1, 1, 2, 1.0]) == [1, 2, 1.0]
    assert L.without(LIST, 1.0) == [3.0, 2.0]
    assert L.has(3.0, LIST) and not L.has(3, LIST) and not L.has(1, None)
    assert L.compact([0, "", 1, False, "a", None, []]) == [1, "a"]
    assert L.concat([1], LIST) == [1, 3.0, 1.0, 2.0]
    assert isinstance(L.concat([], []), NilSlice)
    assert L.push(LIST, 4) == [3.0, 1.0, 2.0, 4] and LIST == [3.0, 1.0, 2.0]
    assert L.prepend(LIST, 0) == [0, 3.0, 1.0, 2.0]
    assert L.slice_(LIST, 1) == [1.0, 2.0] and L.slice_(LIST, 1, 2) == [1.0]
    assert L.slice_([], 1) is None
    assert type(L.slice_(StringSlice(["a", "b"]), 1)) is StringSlice


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: L.slice_("abc", 1), "list should be type of slice or array but string"),
        (lambda: L.slice_([1], 0, 5), "reflect.Value.Slice: slice index out of bounds"),
        (lambda: L.push(1.5, 1), "Cannot push on type float64"),
        (lambda: L.first({}), "Cannot find first on type map"),
        (
            lambda: L.compact(None),
            "runtime error: invalid memory address or nil pointer dereference",
        ),
        (lambda: D.fail("boom"), "boom"),
        (lambda: M.set_(None, "a", 1), "assignment to entry in nil map"),
    ],
)
def test_panics(call: object, message: str) -> None:
    with pytest.raises(GoFuncError) as err:
        call()  # type: ignore[operator]
    assert str(err.value) == message


def test_dicts() -> None:
    d = M.dict_("b", 2, "a", 1, "odd")
    assert d == {"b": 2, "a": 1, "odd": ""}
    assert M.set_(d, "c", 3) is d and M.unset(d, "b") is d
    assert d == {"a": 1, "odd": "", "c": 3}
    assert M.has_key(d, "a") and not M.has_key(None, "a")
    assert M.pluck("a", d, {"a": 9}, {"b": 1}) == [1, 9]
    assert sorted(M.keys(d, {"z": 1})) == ["a", "c", "odd", "z"]
    assert M.pick(d, "a", "nope") == {"a": 1}
    assert M.omit(d, "a") == {"odd": "", "c": 3}
    assert M.dict_(1.5, "x") == {"1.5": "x"}


def test_merge_mergo_035() -> None:
    dst = {"a": "one", "z": 0, "e": "", "n": {"x": 1}, "nil": None, "s": "keep"}
    src = {"a": 1, "b": 2, "z": 5, "e": "filled", "n": {"x": 2, "y": 3}, "nil": {"m": 1}, "s": {}}
    assert M.merge(dst, src) is dst
    assert dst == {
        "a": "one",
        "z": 5,
        "e": "filled",
        "n": {"x": 1, "y": 3},
        "nil": None,
        "s": "keep",
        "b": 2,
    }
    assert M.merge_overwrite({"a": 1, "k": "keep", "m": 1}, {"a": 2, "k": "", "m": None}) == {
        "a": 2,
        "k": "",
        "m": 1,
    }


def test_defaults_and_reflection() -> None:
    for empty in (0, 0.0, False, "", [], {}, None):
        assert D.default("d", empty) == "d"
        assert D.empty(empty)
    assert D.default("d") == "d" and D.default("d", 8080.0) == 8080.0
    assert D.coalesce(0, "", "c") == "c" and D.coalesce(None) is None
    assert D.ternary("y", "n", True) == "y"
    assert R.type_of(8080.0) == "float64" and R.type_of(Int64(1)) == "int64"
    assert R.type_of(None) == "<nil>" and R.kind_of(None) == "invalid"
    assert R.kind_of([1]) == "slice" and R.kind_is("map", {})
    assert R.type_is_like("int", 1)
    assert R.deep_equal([1, {"a": 1.0}], [1, {"a": 1.0}])
    assert not R.deep_equal(1, 1.0) and not R.deep_equal(1, Int64(1))
    assert not R.deep_equal([], NilSlice())
    copied = D.deep_copy({"a": [1]})
    assert copied == {"a": [1]}


@pytest.mark.parametrize(
    ("got", "want"),
    [
        (P.base("a/b.txt"), "b.txt"),
        (P.base(""), "."),
        (P.base("///"), "/"),
        (P.dir_("a"), "."),
        (P.dir_("/a/b/"), "/a/b"),
        (P.clean(""), "."),
        (P.clean("a/../../b/./c//"), "../b/c"),
        (P.clean("/../a"), "/a"),
        (P.ext("x.tar.gz"), ".gz"),
        (P.ext("a.b/c"), ""),
        (P.is_abs("/a"), True),
    ],
)
def test_paths(got: object, want: object) -> None:
    assert got == want
