"""yaml.v2 v2.2.4 encoder decisions: map key order and the style requested per scalar."""

from __future__ import annotations

import functools
import re
from typing import Any

from .goconv import format_float_g, is_digit, is_letter
from .yamlresolve import resolve_plain


def _key_less(a: str, b: str) -> bool:
    # yaml.v2 sorter.go keyList.Less for two string keys ("natural" order).
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = is_letter(ar[i]), is_letter(br[i])
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and is_digit(ar[j]):
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and is_digit(ar[ai]):
            an = an * 10 + (ord(ar[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(br) and is_digit(br[bi]):
            bn = bn * 10 + (ord(br[bi]) - 48)
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _cmp(a: str, b: str) -> int:
    return -1 if _key_less(a, b) else (1 if _key_less(b, a) else 0)


_by_key_less = functools.cmp_to_key(_cmp)

# Templates turn the same maps into YAML render after render, so orders and styles are
# remembered (bounded: the memo is dropped when full; long strings are never kept).
_MEMO_LIMIT = 8192
_MEMO_TEXT = 256
_orders: dict[tuple[str, ...], tuple[str, ...]] = {}
_styles: dict[str, str] = {}


def sort_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Order map keys as yaml.v2's encoder does."""
    if len(keys) < 2:
        return keys
    found = _orders.get(keys)
    if found is None:
        found = tuple(sorted(keys, key=_by_key_less))
        if len(_orders) >= _MEMO_LIMIT:
            _orders.clear()
        _orders[keys] = found
    return found


def _is_base60_float(s: str) -> bool:
    # yaml.v2 quotes strings that YAML 1.1 parsers would read as base-60 floats.
    if not s or not (s[0] in "+-" or s[0].isdigit()) or ":" not in s:
        return False
    return re.fullmatch(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?", s) is not None


def string_style(s: str) -> str:
    """Style yaml.v2's ``stringv`` requests: ``literal``, ``plain`` or ``double``."""
    found = _styles.get(s)
    if found is not None:
        return found
    if "\n" in s:
        return "literal"
    tag, _ = resolve_plain(s)
    style = "plain" if tag == "str" and not _is_base60_float(s) else "double"
    if len(s) <= _MEMO_TEXT:
        if len(_styles) >= _MEMO_LIMIT:
            _styles.clear()
        _styles[s] = style
    return style


def scalar_text(v: Any) -> tuple[str, str]:
    """Text and requested style of a non-collection value."""
    if v is None:
        return "null", "plain"
    if isinstance(v, bool):
        return ("true" if v else "false"), "plain"
    if isinstance(v, int):
        return str(int(v)), "plain"
    if isinstance(v, float):
        text = format_float_g(v)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text), "plain"
    s = str(v)
    return s, string_style(s)
