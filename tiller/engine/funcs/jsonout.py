"""Go ``encoding/json`` Marshal for template values (``toJson``, ``toPrettyJson``)."""

from __future__ import annotations

import base64
from typing import Any

from ._go import GoStruct
from ._registry import sprig
from .goconv import format_float_json, to_bytes
from .goslices import NilSlice


class JSONError(ValueError):
    """encoding/json refused the value (its message is the Go error text)."""


_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_string(s: str) -> str:
    """Go's JSON string encoding with HTML escaping; invalid UTF-8 becomes U+FFFD."""
    # Bytes kept as surrogate escapes are invalid UTF-8 in Go's eyes.
    s = to_bytes(s).decode("utf-8", "replace")
    out = ['"']
    for c in s:
        if c in _SHORT:
            out.append(_SHORT[c])
        elif c in _HTML:
            out.append(_HTML[c])
        elif c < " ":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _struct_fields(v: GoStruct) -> list[tuple[str, Any]]:
    # A struct may declare its JSON view (json tags, omitempty) as `_go_json_fields`:
    # tuples of (json name, attribute name, omitempty).
    spec = getattr(type(v), "_go_json_fields", None)
    if spec is None:
        return [(name, getattr(v, name, None)) for name in type(v)._go_fields]
    fields = []
    for json_name, attr, omitempty in spec:
        value = getattr(v, attr, None)
        if omitempty and (
            value is None
            or value == ""
            or value == 0
            or value is False
            or (isinstance(value, (list, dict)) and not value)
        ):
            continue
        fields.append((json_name, value))
    return fields


def marshal(v: Any, indent: str | None = None, level: int = 0) -> str:
    """``json.Marshal`` (or ``MarshalIndent(v, "", indent)``) of a Go-model value.

    Raises:
        JSONError: For NaN/Inf floats (``json: unsupported value: NaN``) and values
            JSON cannot represent.
    """
    custom = getattr(v, "go_json", None)
    if callable(custom):
        return str(custom())
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        try:
            return format_float_json(v)
        except ValueError as e:
            raise JSONError(str(e)) from None
    if isinstance(v, str):
        return json_string(v)
    if isinstance(v, (bytes, bytearray)):
        return '"' + base64.b64encode(bytes(v)).decode("ascii") + '"'
    if isinstance(v, NilSlice):
        return "null"
    if isinstance(v, (list, tuple)):
        return _container("[", "]", [marshal(x, indent, level + 1) for x in v], indent, level)
    if isinstance(v, dict):
        items = sorted(((str(k), x) for k, x in v.items()), key=lambda kv: to_bytes(kv[0]))
        return _members(items, indent, level)
    if isinstance(v, GoStruct):
        return _members(_struct_fields(v), indent, level)
    raise JSONError(f"json: unsupported type: {type(v).__name__}")


def _members(items: list[tuple[str, Any]], indent: str | None, level: int) -> str:
    sep = ":" if indent is None else ": "
    parts = [json_string(k) + sep + marshal(x, indent, level + 1) for k, x in items]
    return _container("{", "}", parts, indent, level)


def _container(open_: str, close: str, parts: list[str], indent: str | None, level: int) -> str:
    if not parts:
        return open_ + close
    if indent is None:
        return open_ + ",".join(parts) + close
    inner = "\n" + indent * (level + 1)
    return open_ + inner + ("," + inner).join(parts) + "\n" + indent * level + close


def to_json(v: Any) -> str:
    """Helm/Sprig ``toJson``: compact JSON, "" when marshalling fails."""
    try:
        return marshal(v)
    except JSONError:
        return ""


@sprig("toPrettyJson", params=("interface {}",), result="string")
def to_pretty_json(v: Any) -> str:
    """Sprig ``toPrettyJson``: ``json.MarshalIndent(v, "", "  ")``, "" on error."""
    try:
        return marshal(v, indent="  ")
    except JSONError:
        return ""


@sprig("toJson", params=("interface {}",), result="string")
def to_json_(v: Any) -> str:
    """Sprig's ``toJson`` (Helm overrides it with the same behaviour)."""
    return to_json(v)
