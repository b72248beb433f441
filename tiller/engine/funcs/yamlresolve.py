"""yaml.v2 v2.2.4's implicit typing of plain scalars (resolve.go), YAML 1.1 flavour.

Used both when reading YAML (values files, ``fromYaml``) and when deciding whether a
string must be quoted on output (a string is written plain only if it would read back
as a string).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ._go import Uint64
from .goconv import INT64_MAX, INT64_MIN, GoSyntaxError, parse_float

_MAP: dict[str, tuple[str, Any]] = {}
for _words, _entry in (
    (("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), ("bool", True)),
    (("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), ("bool", False)),
    (("", "~", "null", "Null", "NULL"), ("null", None)),
    ((".nan", ".NaN", ".NAN"), ("float", math.nan)),
    ((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), ("float", math.inf)),
    (("-.inf", "-.Inf", "-.INF"), ("float", -math.inf)),
    (("<<",), ("merge", "<<")),
):
    for _w in _words:
        _MAP[_w] = _entry

_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_TS_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")
_TS_T = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})"
    r"(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})\Z"
)
_TS_SPACE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}) ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]{1,9})?\Z"
)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_date(y: int, m: int, d: int) -> bool:
    # calendar.monthrange's answer, without importing calendar (and locale) at start-up.
    if not 1 <= m <= 12:
        return False
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return 1 <= d <= (29 if m == 2 and leap else _MONTH_DAYS[m - 1])


def is_timestamp(s: str) -> bool:
    """yaml.v2 ``parseTimestamp``: one of its four ``time.Parse`` layouts accepts s."""
    m = _TS_DATE.match(s)
    if m:
        return _valid_date(int(m[1]), int(m[2]), int(m[3]))
    m = _TS_T.match(s) or _TS_SPACE.match(s)
    if m:
        return (
            _valid_date(int(m[1]), int(m[2]), int(m[3]))
            and int(m[4]) < 24
            and int(m[5]) < 60
            and int(m[6]) < 60
        )
    return False


_PREFIX_INT = re.compile(r"([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)\Z")


def go_parse_int0(s: str) -> int:
    """``strconv.ParseInt(s, 0, 64)`` without underscores, but unbounded.

    Raises:
        GoSyntaxError: If s is not an integer literal Go accepts with base 0.
    """
    m = _PREFIX_INT.match(s)
    if not m:
        raise GoSyntaxError(s)
    body = m[2]
    if len(body) > 1 and body[0] == "0" and body[1] in "xXoObB":
        n = int(body[2:], {"x": 16, "o": 8, "b": 2}[body[1].lower()])
    elif len(body) > 1 and body[0] == "0":
        n = int(body, 8)
    else:
        n = int(body)
    return -n if m[1] == "-" else n


def resolve_plain(s: str) -> tuple[str, Any]:
    """Type a plain (unquoted, untagged) YAML scalar as yaml.v2 does.

    Returns:
        ``(tag, value)``; tag is one of ``str bool null int float timestamp merge``.
        Timestamps keep their text (yaml.v2 decodes them into interface{} as strings);
        integers that only fit uint64 come back as :class:`Uint64`.
    """
    hint = s[:1]
    if s in _MAP:
        return _MAP[s]
    if hint == ".":
        try:
            return "float", parse_float(s)
        except GoSyntaxError:
            return "str", s
    if hint and (hint.isdigit() and hint.isascii() or hint in "+-"):
        if is_timestamp(s):
            return "timestamp", s
        plain = s.replace("_", "")
        try:
            n = go_parse_int0(plain)
        except GoSyntaxError:
            n = None
        if n is not None:
            if INT64_MIN <= n <= INT64_MAX:
                return "int", n
            # strconv.ParseUint takes no sign.
            if 0 <= n < (1 << 64) and plain[:1] not in "+-":
                return "int", Uint64(n)
        if _YAML_FLOAT.match(plain):
            try:
                return "float", parse_float(plain)
            except GoSyntaxError:
                pass
    return "str", s
