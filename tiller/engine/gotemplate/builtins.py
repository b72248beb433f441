"""Go 1.14 ``text/template`` builtin functions.

Parameters declared as ``reflect.Value`` receive the raw evaluated value (``None``
for a nil interface, ``NO_VALUE`` for no value), as Go passes ``reflect.Value``.
"""

from __future__ import annotations

from typing import Any

from .builtins_cmp import INT, UINT, basic_kind, eq, ge, gt, le, lt, ne
from .gofmt import print_action_value, sprint, sprintf, sprintln
from .gofunc import GoFunc, GoFuncError
from .govalues import NO_VALUE, GoStruct, Uint8, go_type_name, is_pointer, is_true
from .runtime import assignable, can_be_nil, type_kind

_RV = "reflect.Value"


def _ind(v: Any) -> Any:
    """``indirectInterface``: a nil interface becomes "no value"."""
    return NO_VALUE if v is None else v


def _truth(v: Any) -> bool:
    return is_true(v)


def _and(arg0: Any, *args: Any) -> Any:
    if not _truth(arg0):
        return arg0
    for a in args:
        arg0 = a
        if not _truth(a):
            break
    return arg0


def _or(arg0: Any, *args: Any) -> Any:
    if _truth(arg0):
        return arg0
    for a in args:
        arg0 = a
        if _truth(a):
            break
    return arg0


def _not(arg: Any) -> bool:
    return not _truth(arg)


def _len(item: Any) -> int:
    if item is None:
        raise GoFuncError("len of untyped nil")
    if isinstance(item, (str,)):
        return len(item.encode("utf-8", "surrogateescape"))
    if isinstance(item, (list, tuple, dict, bytes, bytearray)):
        return len(item)
    name = go_type_name(item)
    if isinstance(item, GoStruct) and is_pointer(item):
        name = name[1:]
    raise GoFuncError(f"len of type {name}")


# -- index / slice -------------------------------------------------------------------


def _index_arg(index: Any, cap: int) -> int:
    if index is NO_VALUE:
        raise GoFuncError("cannot index slice/array with nil")
    k = basic_kind(index)
    if k not in (INT, UINT):
        raise GoFuncError(f"cannot index slice/array with type {go_type_name(index)}")
    x = int(index)
    if x < 0 or x > cap:
        raise GoFuncError(f"index out of range: {x}")
    return x


def _prepare_map_key(index: Any, m: dict[Any, Any]) -> Any:
    if index is NO_VALUE:
        raise GoFuncError("value is nil; should be of type string")
    if not isinstance(index, str):
        raise GoFuncError(f"value has type {go_type_name(index)}; should be string")
    return index


def _map_zero(m: dict[Any, Any]) -> Any:
    under = getattr(type(m), "_go_underlying", None) or go_type_name(m)
    return "" if under == "map[string]string" else None


def _index(item: Any, *indexes: Any) -> Any:
    v = _ind(item)
    if v is NO_VALUE:
        raise GoFuncError("index of untyped nil")
    for index in indexes:
        index = _ind(index)
        if v is None:
            raise GoFuncError("index of nil pointer")
        if isinstance(v, str):
            data = v.encode("utf-8", "surrogateescape")
            x = _index_arg(index, len(data))
            if x == len(data):
                raise GoFuncError("reflect: string index out of range")
            v = Uint8(data[x])
        elif isinstance(v, (bytes, bytearray)):
            x = _index_arg(index, len(v))
            if x == len(v):
                raise GoFuncError("reflect: slice index out of range")
            v = Uint8(v[x])
        elif isinstance(v, (list, tuple)):
            x = _index_arg(index, len(v))
            if x == len(v):
                raise GoFuncError("reflect: slice index out of range")
            v = v[x]
        elif isinstance(v, dict):
            key = _prepare_map_key(index, v)
            v = v[key] if key in v else _map_zero(v)
        else:
            name = go_type_name(v)
            if isinstance(v, GoStruct) and is_pointer(v):
                name = name[1:]
            raise GoFuncError(f"can't index item of type {name}")
    return v


def _slice(item: Any, *indexes: Any) -> Any:
    v = _ind(item)
    if v is NO_VALUE:
        raise GoFuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise GoFuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(v, str):
        if len(indexes) == 3:
            raise GoFuncError("cannot 3-index slice a string")
        data = v.encode("utf-8", "surrogateescape")
        length = cap = len(data)
    elif isinstance(v, (list, tuple, bytes, bytearray)):
        length = cap = len(v)
    else:
        raise GoFuncError(f"can't slice item of type {go_type_name(v)}")
    idx = [0, length, 0]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(_ind(index), cap)
    if idx[0] > idx[1]:
        raise GoFuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise GoFuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    if isinstance(v, str):
        return data[idx[0] : idx[1]].decode("utf-8", "surrogateescape")
    return type(v)(v[idx[0] : idx[1]]) if isinstance(v, list) else v[idx[0] : idx[1]]


# -- call ----------------------------------------------------------------------------


def _prepare_arg(value: Any, typ: str) -> Any:
    if value is NO_VALUE:
        if not can_be_nil(typ):
            raise GoFuncError(f"value is nil; should be of type {typ}")
        return None
    if typ in ("interface {}", _RV) or assignable(value, typ):
        return value
    if type_kind(typ) in ("int", "uint") and basic_kind(value) in (INT, UINT):
        return value
    raise GoFuncError(f"value has type {go_type_name(value)}; should be {typ}")


def _call(fn: Any, *args: Any) -> Any:
    f = _ind(fn)
    if f is NO_VALUE:
        raise GoFuncError("call of nil")
    if not isinstance(f, GoFunc):
        raise GoFuncError(f"non-function of type {go_type_name(f)}")
    num_in = len(f.params) + (1 if f.variadic is not None else 0)
    if f.variadic is not None:
        if len(args) < num_in - 1:
            raise GoFuncError(f"wrong number of args: got {len(args)} want at least {num_in - 1}")
    elif len(args) != num_in:
        raise GoFuncError(f"wrong number of args: got {len(args)} want {num_in}")
    argv = []
    for i, arg in enumerate(args):
        typ = f.params[i] if i < len(f.params) else str(f.variadic)
        try:
            argv.append(_prepare_arg(_ind(arg), typ))
        except GoFuncError as exc:
            raise GoFuncError(f"arg {i}: {exc}") from None
    return f.fn(*argv)


# -- escaping ------------------------------------------------------------------------


def _eval_args(args: tuple[Any, ...]) -> str:
    if len(args) == 1 and type(args[0]) is str:
        return str(args[0])
    parts = []
    for a in args:
        if a is None or a is NO_VALUE:
            parts.append("<no value>")
        elif isinstance(a, GoStruct) and is_pointer(a):
            parts.append(print_action_value(a))
        else:
            parts.append(a)
    return sprint(*parts)


_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&#34;", "\0": "\ufffd"}


def _html(*args: Any) -> str:
    s = _eval_args(args)
    if not any(c in s for c in "<>&'\"\0"):
        return s
    return "".join(_HTML.get(c, c) for c in s)


_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\x3C", ">": "\\x3E", "&": "\\x26", "=": "\\x3D"}


def _js(*args: Any) -> str:
    from .gostrconv import is_print

    s = _eval_args(args)
    out = []
    for c in s:
        o = ord(c)
        esc = _JS.get(c)
        if esc is not None:
            out.append(esc)
        elif o < 0x20:
            out.append(f"\\u00{o:02X}")
        elif o < 0x80 or is_print(c):
            out.append(c)
        else:
            out.append(f"\\u{o:04X}")
    return "".join(out)


_URL_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _urlquery(*args: Any) -> str:
    s = _eval_args(args)
    out = []
    for b in s.encode("utf-8", "surrogateescape"):
        if b in _URL_SAFE:
            out.append(chr(b))
        elif b == 0x20:
            out.append("+")
        else:
            out.append(f"%{b:02X}")
    return "".join(out)


def _print(*args: Any) -> str:
    return sprint(*args)


def _printf(fmt: str, *args: Any) -> str:
    return sprintf(fmt, *args)


def _println(*args: Any) -> str:
    return sprintln(*args)


BUILTINS: dict[str, GoFunc] = {
    "and": GoFunc("and", _and, (_RV,), _RV, _RV),
    "call": GoFunc("call", _call, (_RV,), _RV, _RV, can_fail=True),
    "html": GoFunc("html", _html, (), "interface {}", "string"),
    "index": GoFunc("index", _index, (_RV,), _RV, _RV, can_fail=True),
    "slice": GoFunc("slice", _slice, (_RV,), _RV, _RV, can_fail=True),
    "js": GoFunc("js", _js, (), "interface {}", "string"),
    "len": GoFunc("len", _len, ("interface {}",), None, "int", can_fail=True),
    "not": GoFunc("not", _not, (_RV,), None, "bool"),
    "or": GoFunc("or", _or, (_RV,), _RV, _RV),
    "print": GoFunc("print", _print, (), "interface {}", "string"),
    "printf": GoFunc("printf", _printf, ("string",), "interface {}", "string"),
    "println": GoFunc("println", _println, (), "interface {}", "string"),
    "urlquery": GoFunc("urlquery", _urlquery, (), "interface {}", "string"),
    "eq": GoFunc("eq", eq, (_RV,), _RV, "bool", can_fail=True),
    "ge": GoFunc("ge", ge, (_RV, _RV), None, "bool", can_fail=True),
    "gt": GoFunc("gt", gt, (_RV, _RV), None, "bool", can_fail=True),
    "le": GoFunc("le", le, (_RV, _RV), None, "bool", can_fail=True),
    "lt": GoFunc("lt", lt, (_RV, _RV), None, "bool", can_fail=True),
    "ne": GoFunc("ne", ne, (_RV, _RV), None, "bool", can_fail=True),
}
"""Go's builtin function map (user functions with the same name take precedence)."""
