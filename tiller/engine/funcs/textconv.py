"""String conversion helpers shared by Sprig functions.

``strval``/``strslice``, ``toString``/``toStrings``, ``join``, ``split*`` and ``sortAlpha``.
"""

from __future__ import annotations

from typing import Any

from ._go import StringMap, StringSlice, format_value
from ._registry import sprig
from .goconv import from_bytes, is_space, to_bytes


def strval(v: Any) -> str:
    """Sprig ``strval``: strings as-is, []byte as text, Stringer/error text, else ``%v``."""
    if isinstance(v, str):
        return v
    if isinstance(v, (bytes, bytearray)):
        return from_bytes(bytes(v))
    return format_value(v)


def is_list(v: Any) -> bool:
    """True for values of Go kind slice or array (but not []byte, handled as a slice too)."""
    return isinstance(v, (list, tuple, bytes, bytearray))


def strslice(v: Any) -> StringSlice:
    """Sprig ``strslice``: list -> []string of non-nil strvals; nil -> []; scalar -> [v]."""
    if isinstance(v, StringSlice):
        return v
    if isinstance(v, (bytes, bytearray)):
        return StringSlice(format_value(x) for x in v)
    if isinstance(v, (list, tuple)):
        return StringSlice(strval(x) for x in v if x is not None)
    if v is None:
        return StringSlice()
    return StringSlice([strval(v)])


@sprig("toString", params=("interface {}",), result="string")
def to_string(v: Any) -> str:
    """Sprig ``strval``."""
    return strval(v)


@sprig("toStrings", params=("interface {}",), result="[]string")
def to_strings(v: Any) -> StringSlice:
    """Sprig ``strslice``."""
    return StringSlice(strslice(v))


@sprig("join", params=("string", "interface {}"), result="string")
def join(sep: str, v: Any) -> str:
    """``strings.Join(strslice(v), sep)``."""
    return sep.join(strslice(v))


@sprig("sortAlpha", params=("interface {}",), result="[]string")
def sort_alpha(v: Any) -> StringSlice:
    """Byte-wise sorted ``strslice`` of a list; a non-list gives a one-element list."""
    if isinstance(v, (list, tuple, bytes, bytearray)):
        return StringSlice(sorted(strslice(v), key=to_bytes))
    return StringSlice([strval(v)])


def go_split(s: str, sep: str, n: int = -1) -> list[str]:
    """``strings.SplitN`` (n < 0: all parts; n == 0: nil; sep "": split into runes)."""
    if n == 0:
        return []
    if sep == "":
        chars = list(s)
        if 0 < n < len(chars):
            return chars[: n - 1] + ["".join(chars[n - 1 :])]
        return chars
    if n < 0:
        return s.split(sep)
    return s.split(sep, n - 1)


@sprig("splitList", params=("string", "string"), result="[]string")
def split_list(sep: str, orig: str) -> StringSlice:
    """``strings.Split(orig, sep)``."""
    return StringSlice(go_split(orig, sep))


def _indexed(parts: list[str]) -> StringMap:
    return StringMap({f"_{i}": p for i, p in enumerate(parts)})


@sprig("split", params=("string", "string"), result="map[string]string")
def split(sep: str, orig: str) -> StringMap:
    """Split into a map ``{_0: .., _1: ..}``."""
    return _indexed(go_split(orig, sep))


@sprig("splitn", params=("string", "int", "string"), result="map[string]string")
def splitn(sep: str, n: int, orig: str) -> StringMap:
    """``strings.SplitN`` into a map ``{_0: .., _1: ..}``."""
    return _indexed(go_split(orig, sep, n))


def go_fields(s: str) -> list[str]:
    """``strings.Fields`` (split on Go's Unicode white space)."""
    out: list[str] = []
    cur: list[str] = []
    for c in s:
        if is_space(c):
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out
