"""Execution-time support: error sites, state, Go's reflect-style conversions.

Two "nothing" values are kept apart, as Go's reflect does:

* ``None``: a nil ``interface{}`` that is still a valid value (a missing map key
  under ``missingkey=zero``, a YAML null, a function returning nil). ``.x`` on it
  fails with ``nil pointer evaluating interface {}.x``.
* ``NO_VALUE``: Go's invalid ``reflect.Value`` (what a pipeline yields for nil).
  ``.x`` on it silently stays ``NO_VALUE``; it prints as ``<no value>``.
"""

from __future__ import annotations

from typing import Any, NoReturn

from .errors import ExecError
from .gofunc import _METHOD_CACHE, GoFunc, go_methods
from .gostrconv import quote
from .govalues import NO_VALUE, GoStruct, go_type_name
from .nodes import Node

MAX_EXEC_DEPTH = 100000


class Unset:
    """Marker for a variable slot whose declaration has not run (or was popped)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset()


class Site:
    """Where an execution error is reported: template being executed plus node."""

    __slots__ = ("tmpl_name", "node")

    def __init__(self, tmpl_name: str, node: Node | None) -> None:
        self.tmpl_name = tmpl_name
        self.node = node

    def message(self, msg: str) -> str:
        """Format Go's ``state.errorf`` text."""
        if self.node is None:
            return f"template: {self.tmpl_name}: {msg}"
        location = self.node.tree.location(self.node.pos)
        return f"template: {location}: executing {quote(self.tmpl_name)} at <{self.node}>: {msg}"

    def fail(self, msg: str) -> NoReturn:
        """Raise the execution error."""
        raise ExecError(self.message(msg))


class DepthExceeded(Exception):
    """Python ran out of stack inside a template call; becomes Go's depth error."""

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site


# -- Go types by name ----------------------------------------------------------------

_INT_TYPES = frozenset(("int", "int8", "int16", "int32", "int64"))
_UINT_TYPES = frozenset(("uint", "uint8", "uint16", "uint32", "uint64", "uintptr"))
_FLOAT_TYPES = frozenset(("float32", "float64"))
_COMPLEX_TYPES = frozenset(("complex64", "complex128"))
_NAMED_UNDERLYING: dict[str, str] = {}


def declare_type(name: str, underlying: str) -> None:
    """Record the underlying type of a named Go type (e.g. ``chartutil.Values``)."""
    _NAMED_UNDERLYING[name] = underlying


def _learn(v: Any) -> None:
    cls = type(v)
    name = getattr(cls, "_go_type", None)
    under = getattr(cls, "_go_underlying", None)
    if name and under:
        _NAMED_UNDERLYING.setdefault(str(name), str(under))


def _all_subclasses(cls: type) -> list[type]:
    out: list[type] = []
    stack: list[type] = [cls]
    while stack:
        subs: list[type] = stack.pop().__subclasses__()
        for sub in subs:
            out.append(sub)
            stack.append(sub)
    return out


def _find_declared(typ: str) -> str:
    """Underlying type of a named type declared by some class (``_go_type``)."""
    for base in (dict, list, str, int, float, GoStruct):
        for cls in _all_subclasses(base):
            if getattr(cls, "_go_type", None) == typ:
                return str(getattr(cls, "_go_underlying", None) or typ)
    return typ


def type_underlying(typ: str) -> str:
    """Underlying type of a type name (unknown named types are their own).

    Named types are found among the classes that declare them (``_go_type`` and
    ``_go_underlying``), so a plain ``map[string]interface {}`` is assignable to a
    parameter of type ``chartutil.Values`` as in Go.
    """
    found = _NAMED_UNDERLYING.get(typ)
    if found is None:
        found = typ if _unnamed(typ) or "." not in typ else _find_declared(typ)
        if found != typ:  # a class declaring it may be imported later: no negative cache
            _NAMED_UNDERLYING[typ] = found
    return found


def type_kind(typ: str) -> str:
    """Reflect kind class of a Go type name.

    One of int, uint, float, complex, bool, string, interface, interface_methods,
    value (reflect.Value), slice, map, ptr, func, chan, struct.
    """
    if typ == "interface {}":
        return "interface"
    if typ == "reflect.Value":
        return "value"
    u = type_underlying(typ)
    if u in _INT_TYPES:
        return "int"
    if u in _UINT_TYPES:
        return "uint"
    if u in _FLOAT_TYPES:
        return "float"
    if u in _COMPLEX_TYPES:
        return "complex"
    if u in ("bool", "string"):
        return u
    if u.startswith("[]") or u.startswith("["):
        return "slice"
    if u.startswith("map["):
        return "map"
    if u.startswith("*"):
        return "ptr"
    if u.startswith("func"):
        return "func"
    if u.startswith("chan ") or u.startswith("<-chan"):
        return "chan"
    if u.startswith("interface"):
        return "interface_methods"
    return "struct"


def can_be_nil(typ: str) -> bool:
    """Go's ``canBeNil`` (reflect.Value counts, as in Go 1.14)."""
    return type_kind(typ) in ("slice", "map", "ptr", "func", "chan", "interface", "value")


def _unnamed(typ: str) -> bool:
    return typ[:1] in ("[", "*") or typ.startswith(("map[", "func(", "chan ", "struct {"))


def assignable(v: Any, typ: str) -> bool:
    """Go ``AssignableTo`` of a (non-nil) value's dynamic type to ``typ``."""
    vt = go_type_name(v)
    if vt == typ:
        return True
    _learn(v)
    vu = getattr(type(v), "_go_underlying", None) or vt
    return vu == type_underlying(typ) and (_unnamed(vt) or _unnamed(typ))


def validate_type(v: Any, typ: str, site: Site) -> Any:
    """Go's ``state.validateType``: check/convert an evaluated argument.

    Args:
        v: the evaluated value (``None`` = nil interface, ``NO_VALUE`` = invalid).
        typ: the Go parameter type.
        site: where to report a mismatch.

    Returns:
        The value to pass to the Python implementation.
    """
    if typ == "interface {}":
        return None if v is NO_VALUE else v
    if typ == "reflect.Value":
        return v
    if v is NO_VALUE:
        if can_be_nil(typ):
            return None
        site.fail(f"invalid value; expected {typ}")
    if v is None:
        site.fail(f"wrong type for value; expected {typ}; got interface {{}}")
    if (typ == "string" and type(v) is str) or (typ == "int" and type(v) is int):
        return v
    if assignable(v, typ):
        return v
    vt = go_type_name(v)
    # one pointer dereference or address-of is allowed
    if vt == "*" + typ or typ == "*" + vt:
        return v
    site.fail(f"wrong type for value; expected {typ}; got {vt}")


# -- field access ----------------------------------------------------------------------


def static_type(v: Any, iface: bool) -> str:
    """The static Go type shown in ``can't evaluate field`` errors."""
    return "interface {}" if iface else go_type_name(v)


_MAP_IFACE: dict[type, bool] = {dict: True}


def map_elem_is_iface(m: dict[Any, Any]) -> bool:
    """Whether a map's element type is ``interface{}`` (so values are interface-typed)."""
    cls = type(m)
    found = _MAP_IFACE.get(cls)
    if found is None:
        under = getattr(cls, "_go_underlying", None) or go_type_name(m)
        found = _MAP_IFACE[cls] = under == "map[string]interface {}"
    return found


def map_zero(m: dict[Any, Any], missingkey: str, name: str, site: Site) -> Any:
    """Value of a missing map key under the ``missingkey`` option."""
    if missingkey == "error":
        site.fail(f"map has no entry for key {quote(name)}")
    if missingkey != "zero":
        return NO_VALUE
    return None if map_elem_is_iface(m) else ""


def method_of(v: Any, name: str) -> GoFunc | None:
    """The Go method ``name`` of a value, if declared."""
    methods = _METHOD_CACHE.get(type(v))
    if methods is None:
        methods = go_methods(type(v))
    return methods.get(name) if methods else None


class ClassInfo:
    """What field access needs to know about a Python class (cached per class)."""

    __slots__ = ("methods", "kind", "map_iface", "fields", "iface_fields")

    OTHER, MAP, STRUCT, NIL, NOVALUE = range(5)

    def __init__(self, cls: type) -> None:
        self.methods = go_methods(cls)
        self.kind = ClassInfo.OTHER
        self.map_iface = False
        self.fields: frozenset[str] = frozenset()
        self.iface_fields: frozenset[str] = frozenset()
        if cls is type(None):
            self.kind = ClassInfo.NIL
        elif cls is type(NO_VALUE):
            self.kind = ClassInfo.NOVALUE
        elif issubclass(cls, dict):
            self.kind = ClassInfo.MAP
            under = getattr(cls, "_go_underlying", None) or getattr(cls, "_go_type", None)
            self.map_iface = under in (None, "map[string]interface {}")
        elif issubclass(cls, GoStruct):
            self.kind = ClassInfo.STRUCT
            self.fields = frozenset(cls._go_fields)
            self.iface_fields = frozenset(
                f for f, t in cls._go_field_types.items() if t == "interface {}"
            )


_CLASS_INFO: dict[type, ClassInfo] = {}


def class_info(cls: type) -> ClassInfo:
    """The cached :class:`ClassInfo` of a class."""
    info = _CLASS_INFO.get(cls)
    if info is None:
        info = _CLASS_INFO[cls] = ClassInfo(cls)
    return info


def struct_field(v: GoStruct, name: str) -> tuple[bool, Any, bool]:
    """Look up an exported struct field: (found, value, static-type-is-interface)."""
    if name in type(v)._go_fields:
        declared = type(v)._go_field_types.get(name)
        return True, getattr(v, name, None), declared == "interface {}"
    return False, None, False


def result_is_iface(fn: GoFunc) -> bool:
    """Whether a function's result is ``interface{}``-typed (stays boxed)."""
    return fn.result == "interface {}"


def _empty_factories() -> dict[str, type]:
    from .govalues import IntSlice, StringMap, StringSlice

    return {
        "[]interface {}": list,
        "[]string": StringSlice,
        "[]int": IntSlice,
        "map[string]interface {}": dict,
        "map[string]string": StringMap,
    }


_EMPTY: dict[str, type] = {}


def nil_result(result: str) -> Any:
    """What a ``None`` returned for a slice/map result type stands for.

    Go's nil slice or map is a typed value (prints ``[]``/``map[]``, has length 0),
    unlike a nil ``interface{}``; an empty value of the declared type behaves the
    same in templates. Returns None for other result types.
    """
    if not _EMPTY:
        _EMPTY.update(_empty_factories())
    factory = _EMPTY.get(result)
    return factory() if factory is not None else None
