"""Go value model shared by the template engine and the template functions.

Go values are represented by plain Python values wherever that is unambiguous, and
by thin subclasses where Go distinguishes types that Python would merge:

==============================  =====================================
Go                              Python
==============================  =====================================
nil (``interface{}``)           ``None``
bool                            ``bool``
int                             ``int`` (never ``bool``)
int64 / int32 / uint64 / ...    :class:`Int64`, :class:`Int32`, ...
float64 / float32               ``float`` / :class:`Float32`
complex128                      ``complex``
string                          ``str``
[]byte                          ``bytes``
[]interface{}                   ``list`` (``tuple`` is accepted too)
[]string / []int                :class:`StringSlice` / :class:`IntSlice`
map[string]interface{}          ``dict``
map[string]string               :class:`StringMap`
structs, pointers to structs    subclasses of :class:`GoStruct`
==============================  =====================================

Any class may declare its Go type with the class attributes ``_go_type`` (what ``%T``
prints, e.g. ``"chartutil.Values"``) and ``_go_underlying`` (the underlying type,
e.g. ``"map[string]interface {}"``), which drive assignability of arguments and the
names shown in error messages.  Go methods of any class are declared with
:func:`tiller.engine.gotemplate.gofunc.gofunc` used as a method decorator.
"""

from __future__ import annotations

from typing import Any, ClassVar


class GoInt(int):
    """Base of the sized Go integer types; plain ``int`` is Go ``int``."""

    _go_type: ClassVar[str] = "int"
    _go_unsigned: ClassVar[bool] = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)})"

    # str()/format() must give the plain number (the repr above is for debugging)
    __str__ = int.__repr__


class Int64(GoInt):
    """Go ``int64`` (Sprig math results, ``int64`` conversions)."""

    _go_type = "int64"


class Int32(GoInt):
    """Go ``int32`` (also ``rune``)."""

    _go_type = "int32"


class Int16(GoInt):
    """Go ``int16``."""

    _go_type = "int16"


class Int8(GoInt):
    """Go ``int8``."""

    _go_type = "int8"


class Uint(GoInt):
    """Go ``uint``."""

    _go_type = "uint"
    _go_unsigned = True


class Uint64(GoInt):
    """Go ``uint64``."""

    _go_type = "uint64"
    _go_unsigned = True


class Uint32(GoInt):
    """Go ``uint32``."""

    _go_type = "uint32"
    _go_unsigned = True


class Uint16(GoInt):
    """Go ``uint16``."""

    _go_type = "uint16"
    _go_unsigned = True


class Uint8(GoInt):
    """Go ``uint8`` (``byte``); what indexing a string or ``[]byte`` yields."""

    _go_type = "uint8"
    _go_unsigned = True


class Float32(float):
    """Go ``float32``."""

    _go_type: ClassVar[str] = "float32"

    def __repr__(self) -> str:
        return f"Float32({float(self)!r})"

    __str__ = float.__repr__


class StringSlice(list[str]):
    """Go ``[]string`` (Sprig ``splitList``, ``keys``, ``toStrings`` ...)."""

    _go_type: ClassVar[str] = "[]string"


class IntSlice(list[int]):
    """Go ``[]int`` (Sprig ``until``, ``untilStep``)."""

    _go_type: ClassVar[str] = "[]int"


class StringMap(dict[str, str]):
    """Go ``map[string]string``."""

    _go_type: ClassVar[str] = "map[string]string"


class GoStruct:
    """Base class for Go structs (and pointers to structs) exposed to templates.

    Fields are instance attributes named exactly like the Go fields; methods are
    declared with the ``gofunc`` decorator.  Subclasses set:

    * ``_go_type``: the ``%T`` name, with a leading ``*`` for a pointer, e.g.
      ``"*chart.Metadata"``.  Pointer-ness makes ``%v`` print ``&{...}`` and
      ``kindOf`` report ``ptr``.
    * ``_go_fields``: exported field names in Go declaration order (for printing
      ``{a b}`` / ``{Name:a Version:b}`` and for field lookup).
    * ``_go_field_types`` (optional): Go types of fields whose static type matters,
      e.g. ``{"Time": "*timestamp.Timestamp"}``; unlisted fields take the type of
      their value.
    """

    _go_type: ClassVar[str] = "struct {}"
    _go_fields: ClassVar[tuple[str, ...]] = ()
    _go_field_types: ClassVar[dict[str, str]] = {}

    def __init__(self, **fields: Any) -> None:
        for name in self._go_fields:
            setattr(self, name, fields.pop(name, None))
        if fields:
            raise TypeError(f"unknown fields for {self._go_type}: {sorted(fields)}")

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n, None)!r}" for n in self._go_fields)
        return f"{type(self).__name__}({inner})"


def is_pointer(v: Any) -> bool:
    """Report whether a GoStruct value stands for a pointer to a struct."""
    return getattr(type(v), "_go_type", "").startswith("*")


def go_type_name(v: Any) -> str:
    """Return the Go type name of a value as ``%T`` prints it.

    Args:
        v: a value of the Go value model.

    Returns:
        e.g. ``"int"``, ``"float64"``, ``"[]interface {}"``, ``"<nil>"``.
    """
    t = type(v)
    declared = getattr(t, "_go_type", None)
    if declared is not None:
        return str(declared)
    if v is None:
        return "<nil>"
    if t is bool:
        return "bool"
    if t is str:
        return "string"
    if t is int:
        return "int"
    if t is float:
        return "float64"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, (list, tuple)):
        return "[]interface {}"
    if isinstance(v, (bytes, bytearray)):
        return "[]uint8"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, complex):
        return "complex128"
    from .gofunc import GoFunc  # local: gofunc imports nothing from here at import time

    if isinstance(v, GoFunc):
        return v.signature()
    if callable(v):
        return "func(...) interface {}"
    return t.__name__


_KIND_OF_TYPE = {
    "bool": "bool",
    "string": "string",
    "int": "int",
    "int8": "int8",
    "int16": "int16",
    "int32": "int32",
    "int64": "int64",
    "uint": "uint",
    "uint8": "uint8",
    "uint16": "uint16",
    "uint32": "uint32",
    "uint64": "uint64",
    "uintptr": "uintptr",
    "float32": "float32",
    "float64": "float64",
    "complex64": "complex64",
    "complex128": "complex128",
}


def underlying_type(type_name: str, v: Any = None) -> str:
    """Return the underlying Go type of a value (or of a bare type name).

    Args:
        type_name: the Go type name (``go_type_name(v)``).
        v: the value, consulted for a declared ``_go_underlying``.

    Returns:
        The underlying type name; unnamed and predeclared types are their own.
    """
    declared = getattr(type(v), "_go_underlying", None)
    if declared is not None:
        return str(declared)
    return type_name


def go_kind(v: Any) -> str:
    """Return the reflect Kind name of a value (what Sprig ``kindOf`` prints).

    Args:
        v: a value of the Go value model.

    Returns:
        e.g. ``"int"``, ``"float64"``, ``"slice"``, ``"map"``, ``"ptr"``,
        ``"struct"``, ``"func"`` or ``"invalid"`` for nil.
    """
    if v is None:
        return "invalid"
    declared_kind = getattr(type(v), "_go_kind", None)
    if declared_kind is not None:
        return str(declared_kind)
    name = underlying_type(go_type_name(v), v)
    kind = _KIND_OF_TYPE.get(name)
    if kind is not None:
        return kind
    if name.startswith("*"):
        return "ptr"
    if name.startswith("[]"):
        return "slice"
    if name.startswith("["):
        return "array"
    if name.startswith("map["):
        return "map"
    if name.startswith("func"):
        return "func"
    if name.startswith("chan") or name.startswith("<-chan"):
        return "chan"
    if isinstance(v, GoStruct):
        return "struct"
    if isinstance(v, dict):
        return "map"
    if isinstance(v, (list, tuple, bytes, bytearray)):
        return "slice"
    return "struct"


def is_true(v: Any) -> bool:
    """Go template truth (``if``, ``with``, ``and``, ``or``, ``not``).

    False: nil, ``false``, numeric zero, empty string/slice/map, nil pointer.
    Structs (and non-nil pointers) are always true.

    Args:
        v: a value of the Go value model (the executor's "no value" is nil too).

    Returns:
        The truth value.
    """
    if v is None:
        return False
    t = type(v)
    if t is bool:
        return v is True
    if t is str or t is dict or t is list:
        return len(v) > 0
    if t is int or t is float:
        return bool(v != 0)
    if isinstance(v, GoStruct):
        return True
    if isinstance(v, (str, bytes, bytearray, list, tuple, dict)):
        return len(v) > 0
    if isinstance(v, (int, float, complex)):
        return bool(v != 0)
    return v is not NO_VALUE


class _NoValue:
    """The executor's invalid ``reflect.Value`` ("no value").

    It appears only inside the executor (a nil result of a pipeline, a missing
    variable value ...). Template functions never receive it: the executor passes
    ``None`` to an ``interface {}`` parameter instead, as Go does.
    """

    _instance: ClassVar[_NoValue | None] = None
    _go_type: ClassVar[str] = "<nil>"
    _go_kind: ClassVar[str] = "invalid"

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False


NO_VALUE = _NoValue()
"""Singleton for Go's invalid reflect.Value; prints as ``<no value>`` in an action."""
