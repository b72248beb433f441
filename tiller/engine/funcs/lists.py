"""Sprig v2.22.0 list functions (list.go).

They accept any slice or array through reflection; anything else panics with Sprig's
message (``Cannot push on type string``), and a nil argument panics inside
``reflect.TypeOf(nil).Kind()`` with Go's nil-dereference runtime error.
"""

from __future__ import annotations

from typing import Any

from ._go import go_kind, panic
from ._registry import sprig
from .goslices import NilSlice
from .numbers import to_int64
from .reflection import deep_equal, go_empty

NIL_DEREF = "runtime error: invalid memory address or nil pointer dereference"


def _elements(v: Any, message: str) -> list[Any]:
    """Elements of a Go slice/array value, or raise Sprig's panic.

    Args:
        v: The value passed as the list argument.
        message: Sprig's panic format with ``%s`` for the Go kind.
    """
    if v is None:
        raise panic(NIL_DEREF)
    if isinstance(v, (list, tuple)):
        return list(v)
    if isinstance(v, (bytes, bytearray)):
        return list(v)
    raise panic(message.replace("%s", go_kind(v)))


@sprig("list", "tuple", variadic="interface {}", result="[]interface {}")
def list_(*vs: Any) -> list[Any]:
    """A new ``[]interface{}`` of the arguments."""
    return list(vs)


@sprig("append", "push", params=("interface {}", "interface {}"), result="[]interface {}")
def push(lst: Any, v: Any) -> list[Any]:
    """Copy of ``lst`` with ``v`` appended."""
    return [*_elements(lst, "Cannot push on type %s"), v]


@sprig("prepend", params=("interface {}", "interface {}"), result="[]interface {}")
def prepend(lst: Any, v: Any) -> list[Any]:
    """Copy of ``lst`` with ``v`` prepended."""
    return [v, *_elements(lst, "Cannot prepend on type %s")]


@sprig("first", params=("interface {}",))
def first(lst: Any) -> Any:
    """First element, nil for an empty list."""
    items = _elements(lst, "Cannot find first on type %s")
    return items[0] if items else None


@sprig("last", params=("interface {}",))
def last(lst: Any) -> Any:
    """Last element, nil for an empty list."""
    items = _elements(lst, "Cannot find last on type %s")
    return items[-1] if items else None


@sprig("rest", params=("interface {}",), result="[]interface {}")
def rest(lst: Any) -> list[Any]:
    """All but the first element; a nil slice for an empty list."""
    items = _elements(lst, "Cannot find rest on type %s")
    return items[1:] if items else NilSlice()


@sprig("initial", params=("interface {}",), result="[]interface {}")
def initial(lst: Any) -> list[Any]:
    """All but the last element; a nil slice for an empty list."""
    items = _elements(lst, "Cannot find initial on type %s")
    return items[:-1] if items else NilSlice()


@sprig("reverse", params=("interface {}",), result="[]interface {}")
def reverse(lst: Any) -> list[Any]:
    """Reversed copy."""
    return _elements(lst, "Cannot find reverse on type %s")[::-1]


@sprig("compact", params=("interface {}",), result="[]interface {}")
def compact(lst: Any) -> list[Any]:
    """Copy without empty elements."""
    return [x for x in _elements(lst, "Cannot compact on type %s") if not go_empty(x)]


def _in_list(haystack: list[Any], needle: Any) -> bool:
    return any(deep_equal(needle, h) for h in haystack)


@sprig("uniq", params=("interface {}",), result="[]interface {}")
def uniq(lst: Any) -> list[Any]:
    """Copy without deep-equal duplicates (first occurrence kept)."""
    dest: list[Any] = []
    for x in _elements(lst, "Cannot find uniq on type %s"):
        if not _in_list(dest, x):
            dest.append(x)
    return dest


@sprig("without", params=("interface {}",), variadic="interface {}", result="[]interface {}")
def without(lst: Any, *omit: Any) -> list[Any]:
    """Copy without elements deep-equal to any of ``omit``."""
    keep = list(omit)
    return [x for x in _elements(lst, "Cannot find without on type %s") if not _in_list(keep, x)]


@sprig("has", params=("interface {}", "interface {}"), result="bool")
def has(needle: Any, haystack: Any) -> bool:
    """Deep-equal membership; a nil haystack has nothing."""
    if haystack is None:
        return False
    return _in_list(_elements(haystack, "Cannot find has on type %s"), needle)


@sprig("slice", params=("interface {}",), variadic="interface {}")
def slice_(lst: Any, *indices: Any) -> Any:
    """Sprig ``slice`` (shadows Go's builtin): ``lst[start:end]`` keeping the slice type."""
    items = _elements(lst, "list should be type of slice or array but %s")
    n = len(items)
    if n == 0:
        return None
    start = to_int64(indices[0]) if indices else 0
    end = to_int64(indices[1]) if len(indices) >= 2 else n
    if start < 0 or end < start or end > n:
        raise panic("reflect.Value.Slice: slice index out of bounds")
    if isinstance(lst, (bytes, bytearray)):
        return bytes(lst[start:end])
    if type(lst) is not list and isinstance(lst, list):
        return type(lst)(items[start:end])
    return items[start:end]


@sprig("concat", variadic="interface {}")
def concat(*lists: Any) -> Any:
    """Concatenation of all lists (a nil slice when nothing is collected)."""
    res: list[Any] = []
    for lst in lists:
        res.extend(_elements(lst, "Cannot concat type %s as list"))
    return res if res else NilSlice()
