"""A tiny protobuf wire-format reader, independent of the generated code and descriptors.

It knows only the wire format (varints, length-delimited, fixed32/64) so that tests can
check which *field numbers* really carry which values on the wire.
"""

from __future__ import annotations

WireFields = dict[int, list[tuple[int, int | bytes]]]


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """Read a base-128 varint at ``pos``; return (value, new position)."""
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def parse(data: bytes) -> WireFields:
    """Split a serialized message into ``{field_number: [(wire_type, value), ...]}``."""
    fields: WireFields = {}
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        value: int | bytes
        if wire_type == 0:
            value, pos = read_varint(data, pos)
        elif wire_type == 2:
            length, pos = read_varint(data, pos)
            value, pos = data[pos : pos + length], pos + length
        elif wire_type == 1:
            value, pos = int.from_bytes(data[pos : pos + 8], "little"), pos + 8
        elif wire_type == 5:
            value, pos = int.from_bytes(data[pos : pos + 4], "little"), pos + 4
        else:
            raise ValueError(f"unexpected wire type {wire_type} for field {number}")
        fields.setdefault(number, []).append((wire_type, value))
    return fields


def packed_varints(data: bytes) -> list[int]:
    """Decode a packed repeated varint field."""
    values, pos = [], 0
    while pos < len(data):
        value, pos = read_varint(data, pos)
        values.append(value)
    return values
