"""Typing of literal arguments at execution (Go's ``evalArg`` on constants)."""

from __future__ import annotations

from typing import Any

from .govalues import (
    NO_VALUE,
    Float32,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
)
from .nodes import BoolNode, Node, NumberNode, StringNode
from .runtime import type_kind, type_underlying

_SIZED = {
    "int64": Int64,
    "int32": Int32,
    "int16": Int16,
    "int8": Int8,
    "uint": Uint,
    "uint64": Uint64,
    "uint32": Uint32,
    "uint16": Uint16,
    "uint8": Uint8,
    "uintptr": Uint64,
}


def _is_hex_int(s: str) -> bool:
    return len(s) > 2 and s[0] == "0" and s[1] in "xX" and not any(c in s for c in "pP")


def ideal_constant(n: NumberNode) -> tuple[Any, str | None]:
    """Value of an untyped number constant passed as ``interface{}``.

    Returns:
        (value, error message or None).
    """
    text = n.text
    if n.is_complex:
        return n.complex128, None
    if (
        n.is_float
        and not _is_hex_int(text)
        and not text.startswith("'")
        and any(c in text for c in ".eEpP")
    ):
        return n.float64, None
    if n.is_int:
        return n.int64, None
    if n.is_uint:
        return None, f"{text} overflows int"
    return NO_VALUE, None


def _typed_int(value: int, typ: str) -> Any:
    cls = _SIZED.get(type_underlying(typ))
    return value if cls is None or typ == "int" else cls(value)


def literal_value(n: Node, typ: str | None) -> tuple[Any, str | None]:
    """Convert a literal node to a parameter type.

    Args:
        n: a BoolNode, NumberNode or StringNode.
        typ: the Go parameter type; None for Go's nil type (no conversion).

    Returns:
        (value, error message or None), e.g. ``(None, "expected integer; found 1.5")``.
    """
    kind = "interface" if typ is None else type_kind(typ)
    if kind in ("interface", "value"):
        if isinstance(n, BoolNode):
            return n.value, None
        if isinstance(n, StringNode):
            return n.text, None
        if isinstance(n, NumberNode):
            return ideal_constant(n)
    elif kind == "bool":
        if isinstance(n, BoolNode):
            return n.value, None
        return None, f"expected bool; found {n}"
    elif kind == "string":
        if isinstance(n, StringNode):
            return n.text, None
        return None, f"expected string; found {n}"
    elif kind == "int":
        if isinstance(n, NumberNode) and n.is_int:
            return _typed_int(n.int64, str(typ)), None
        return None, f"expected integer; found {n}"
    elif kind == "uint":
        if isinstance(n, NumberNode) and n.is_uint:
            return _typed_int(n.uint64, str(typ)), None
        return None, f"expected unsigned integer; found {n}"
    elif kind == "float":
        if isinstance(n, NumberNode) and n.is_float:
            if type_underlying(str(typ)) == "float32":
                return Float32(n.float64), None
            return n.float64, None
        return None, f"expected float; found {n}"
    elif kind == "complex":
        if isinstance(n, NumberNode) and n.is_complex:
            return n.complex128, None
        return None, f"expected complex; found {n}"
    return None, f"can't handle {n} for arg of type {typ}"
