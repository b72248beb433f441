"""Pieces that keep a one-shot render's start-up short behave like what they replace."""

from __future__ import annotations

import calendar
import random
import struct
import subprocess
import sys
from decimal import Decimal

import pytest

from tiller.engine._pyyaml import NON_PRINTABLE, LazyPattern, yaml
from tiller.engine.funcs.yamlresolve import _valid_date
from tiller.engine.gotemplate.gostrconv import _digits_of, format_float


def _digits_by_decimal(text: str) -> tuple[str, int]:
    _, digit_tuple, exponent = Decimal(text).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    dp = len(digits) + exponent
    digits = digits.rstrip("0")
    return (digits, dp) if digits else ("", 0)


def test_float_digits_are_read_as_decimal_reads_them() -> None:
    rng = random.Random(7)
    values = [0.0, 1.0, 10.0, 0.1, 0.001, 123.45, 1e16, 1e21, 1e-7, 5e-324, 1.5e308]
    for _ in range(3000):
        bits = rng.getrandbits(64).to_bytes(8, "little")
        values.append(abs(struct.unpack("<d", bits)[0]))
        values.append(rng.random() * 10 ** rng.randint(-30, 30))
    for v in values:
        if v != v or v == float("inf"):
            continue
        for text in (repr(v), f"{v:.3e}", f"{v:.0e}", f"{v:.5f}", f"{v:.0f}", f"{v:.17e}"):
            if len(text) < 400:
                assert _digits_of(text) == _digits_by_decimal(text), text


@pytest.mark.parametrize(
    ("f", "fmt", "prec", "want"),
    [(1e6, "g", -1, "1e+06"), (123.456, "f", 2, "123.46"), (0.000123, "e", -1, "1.23e-04")],
)
def test_format_float(f: float, fmt: str, prec: int, want: str) -> None:
    assert format_float(f, fmt, prec) == want


def test_dates_are_validated_as_calendar_would() -> None:
    for year in (*range(1896, 1906), 0, 1, 1600, 1700, 2000, 2024, 2100, 9999):
        for month in range(0, 14):
            for day in range(0, 33):
                want = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
                assert _valid_date(year, month, day) == want, (year, month, day)


def test_pyyaml_reader_pattern_is_deferred_but_equivalent() -> None:
    import re

    real = re.compile(NON_PRINTABLE)
    stand_in = LazyPattern(NON_PRINTABLE)
    for text in ("plain", "tab\there", "bell\x07", "\ufeffbom", "\U0001f600", "\x85\ud7ff"):
        assert bool(stand_in.search(text)) == bool(real.search(text)), repr(text)
    assert stand_in.pattern == real.pattern
    # PyYAML's pure-Python reader still refuses non-printable characters.
    with pytest.raises(yaml.YAMLError, match="special characters are not allowed"):
        yaml.load("a: \x07", Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    assert yaml.load("a: b", Loader=yaml.SafeLoader) == {"a": "b"}  # noqa: S506


def test_importing_yaml_here_compiles_no_reader_pattern() -> None:
    code = (
        "import re\nseen = []\nreal = re.compile\n"
        "re.compile = lambda p, f=0: (seen.append(p), real(p, f))[1]\n"
        "from tiller.engine._pyyaml import NON_PRINTABLE, yaml\n"
        "print(NON_PRINTABLE in seen, type(yaml.reader.Reader.NON_PRINTABLE).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "LazyPattern"]


def test_simple_scalars_are_analysed_as_the_full_scan_does() -> None:
    from tiller.engine.funcs.yamlscalar import analyze
    from tiller.engine.funcs.yamlscalar import scan as _scan

    rng = random.Random(11)
    alphabet = "aZ09_./=+- :#\t\n'\"%@`?!&*|>,[]{}\x85\u2028\xa0\ufeff\x07"
    samples = ["", "-", "--", "---x", "...", "...a", ".a", "a b", "a ", " a", "1.2.3", "x=y+z"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20000)
    ]
    for s in samples:
        if s:
            got, want = analyze(s), _scan(s)
            assert (got.multiline, got.block_plain, got.single_quoted, got.block) == (
                want.multiline,
                want.block_plain,
                want.single_quoted,
                want.block,
            ), repr(s)
