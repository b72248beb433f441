"""toYaml's shortcuts give what the step-by-step port gives.

The emitter writes most scalars whole and the JSON round trip is computed directly for
plain trees; both have a faithful slow path (character by character, real JSON). Here
the slow paths are forced and the outputs compared on many generated trees, including
the values that sit right at the folding width and every character class yaml.v2
treats specially.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from tiller.engine.funcs import yamlemit, yamlout
from tiller.engine.funcs.yamlemit import BEST_WIDTH
from tiller.engine.funcs.yamlout import to_yaml
from tiller.engine.gotemplate.govalues import Float32, Int64, StringMap, StringSlice
from tiller.engine.values import Values

PIECES = [
    *"ab Z09 '\"\\\t\r\n:#-?,[]{}&*!|>%@`~é\xa0\x85\ufeff\x07\u2028\u2029\U0001f600\udc80",
    "  ",
    "\n\n",
    "...",
    "---",
    "null",
    "true",
    "1.5",
    "0x1F",
    "1:20",
    "2001-01-01",
]
NUMBERS = [0.0, -0.0, 3.0, 0.5, 1e-7, 1e21, 2.0**53, 2.0**63, 6.5e17, float("nan"), 2**64, -7]


def _text(rnd: random.Random) -> str:
    if rnd.random() < 0.3:  # words around the 80-column folding width
        return " ".join("w" * rnd.randint(1, 12) for _ in range(rnd.randint(1, 25)))
    return "".join(rnd.choice(PIECES) for _ in range(rnd.choice([0, 1, 2, 5, 10, 40])))


def _tree(rnd: random.Random, depth: int = 0) -> Any:
    roll = rnd.random()
    if depth > 3 or roll < 0.5:
        leaves = [lambda: _text(rnd), lambda: rnd.choice(NUMBERS), lambda: None, lambda: True]
        leaves += [lambda: Int64(5), lambda: Float32(0.1), lambda: rnd.random() * 1e9]
        return rnd.choice(leaves)()
    if roll < 0.8:
        kind = rnd.choice([dict, dict, Values, StringMap])
        return kind({_text(rnd): _tree(rnd, depth + 1) for _ in range(rnd.randint(0, 5))})
    kind = rnd.choice([list, list, StringSlice])
    return kind([_tree(rnd, depth + 1) for _ in range(rnd.randint(0, 4))])


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_plain(_v: Any) -> Any:
        raise yamlout._NotPlain

    monkeypatch.setattr(yamlout, "_plain_roundtrip", not_plain)
    monkeypatch.setattr(yamlemit.Emitter, "_fits", lambda *_: False)
    monkeypatch.setattr(yamlemit, "has_non_newline_break", lambda _v: True)


def test_shortcuts_agree_with_the_step_by_step_port(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(20261124)
    trees = [_tree(rnd) for _ in range(3000)]
    fast = [to_yaml(t) for t in trees]
    _slow(monkeypatch)
    slow = [to_yaml(t) for t in trees]
    differing = [(t, f, s) for t, f, s in zip(trees, fast, slow, strict=True) if f != s]
    assert not differing, differing[:3]
    assert sum("\n  " in out for out in slow) > 100  # nested output was exercised
    assert any(out == "" for out in slow)  # and JSON's refusals (NaN)


@pytest.mark.parametrize("width", range(BEST_WIDTH - 3, BEST_WIDTH + 4))
@pytest.mark.parametrize("prefix", ["", "'", '"\\', "\x07"])
def test_folding_at_the_width_is_unchanged(
    monkeypatch: pytest.MonkeyPatch, width: int, prefix: str
) -> None:
    # A long word then spaces right around column 80, in each quoting style.
    values = [prefix + "x" * width + " yy zz", prefix + "a " + "b" * width + " c"]
    tree = {"k": values, "nested": {"deeper": {"key": values[0]}}}
    fast = to_yaml(tree)
    _slow(monkeypatch)
    assert fast == to_yaml(tree)


def test_integral_floats_become_ints_only_while_their_text_is_exact() -> None:
    assert to_yaml({"a": 3.0, "b": 2.0**52, "c": 0.5}) == "a: 3\nb: 4503599627370496\nc: 0.5\n"
    # Past 2^53 Go prints the shortest digits, which are not the float's exact value.
    assert to_yaml({"big": 6.591581972362704e18}) == "big: 6591581972362704000\n"
