"""golang/protobuf v1.3 ``CompactTextString``: what printing a hapi message in a template gives.

Helm v2 hands templates the generated Go structs (``.Chart`` is ``*chart.Metadata``,
``.Release.Time`` a ``*timestamp.Timestamp``, ``.Capabilities.TillerVersion`` a
``*version.Version``); their ``String()`` method is the compact text format:
``name:"x" version:"1.0" `` - fields in declaration order, proto3 zero values left
out, every field followed by one space, strings with C-style escapes and
non-printable bytes as octal.
"""

from __future__ import annotations

from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

_ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x5C: "\\\\"}


def _string(b: bytes) -> str:
    out = ['"']
    for c in b:
        esc = _ESCAPES.get(c)
        if esc is not None:
            out.append(esc)
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append(f"\\{c:03o}")
    out.append('"')
    return "".join(out)


def _scalar(fd: Any, v: Any) -> str:
    if fd.type == FieldDescriptor.TYPE_STRING:
        return _string(v.encode("utf-8", "surrogateescape"))
    if fd.type == FieldDescriptor.TYPE_BYTES:
        return _string(bytes(v))
    if fd.type == FieldDescriptor.TYPE_BOOL:
        return "true" if v else "false"
    if fd.type == FieldDescriptor.TYPE_ENUM:
        value = fd.enum_type.values_by_number.get(v)
        return value.name if value is not None else str(v)
    if fd.type in (FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE):
        from tiller.engine.gotemplate.gostrconv import format_float

        return format_float(float(v), "g", -1)
    return str(v)


def _value(fd: Any, v: Any) -> str:
    if fd.type == FieldDescriptor.TYPE_MESSAGE:
        return "<" + compact_text(v) + ">"
    return _scalar(fd, v)


def compact_text(msg: Message) -> str:
    """Return the golang/protobuf compact text form of a message (trailing space included)."""
    out: list[str] = []
    fd: Any
    for fd in msg.DESCRIPTOR.fields:
        value = getattr(msg, fd.name)
        if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
            key_fd = fd.message_type.fields_by_name["key"]
            val_fd = fd.message_type.fields_by_name["value"]
            for k in sorted(value):
                inner = f"key:{_value(key_fd, k)} value:{_value(val_fd, value[k])} "
                out.append(f"{fd.name}:<{inner}> ")
            continue
        if fd.is_repeated:
            for item in value:
                out.append(f"{fd.name}:{_value(fd, item)} ")
            continue
        if fd.type == FieldDescriptor.TYPE_MESSAGE:
            if msg.HasField(fd.name):
                out.append(f"{fd.name}:{_value(fd, value)} ")
            continue
        if value != fd.default_value:
            out.append(f"{fd.name}:{_scalar(fd, value)} ")
    return "".join(out)
