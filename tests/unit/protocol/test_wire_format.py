"""Pin the hapi wire format: descriptors against the spec table, and real bytes on the wire."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from tests.unit.protocol import wire_decode
from tests.unit.protocol.wire_table import ENUMS, MESSAGES, RPCS

MODULES = [
    "hapi.chart.chart_pb2",
    "hapi.chart.config_pb2",
    "hapi.chart.metadata_pb2",
    "hapi.chart.template_pb2",
    "hapi.release.hook_pb2",
    "hapi.release.info_pb2",
    "hapi.release.release_pb2",
    "hapi.release.status_pb2",
    "hapi.release.test_run_pb2",
    "hapi.release.test_suite_pb2",
    "hapi.services.tiller_pb2",
    "hapi.version.version_pb2",
]
for _module in MODULES:
    importlib.import_module(_module)
POOL = descriptor_pool.Default()

SCALARS = {
    FieldDescriptor.TYPE_STRING: "string",
    FieldDescriptor.TYPE_BYTES: "bytes",
    FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_INT32: "int32",
    FieldDescriptor.TYPE_INT64: "int64",
    FieldDescriptor.TYPE_UINT32: "uint32",
}


def type_name(field: FieldDescriptor) -> str:
    """Describe a field's type the way the table does."""
    if field.message_type is not None:
        entry = field.message_type
        if entry.GetOptions().map_entry:
            key, value = entry.fields_by_name["key"], entry.fields_by_name["value"]
            return f"map<{type_name(key)},{type_name(value)}>"
        return entry.full_name
    if field.enum_type is not None:
        return field.enum_type.full_name
    return SCALARS[field.type]


def label(field: FieldDescriptor) -> str:
    return "rep" if field.is_repeated else "one"


@pytest.mark.parametrize("full_name", sorted(MESSAGES))
def test_message_fields_match_spec(full_name: str) -> None:
    desc = POOL.FindMessageTypeByName(full_name)
    actual = {f.name: (f.number, type_name(f), label(f)) for f in desc.fields}
    assert actual == MESSAGES[full_name]


def test_every_generated_message_is_in_the_table() -> None:
    seen: set[str] = set()

    def walk(desc: Descriptor) -> None:
        if not desc.GetOptions().map_entry:
            seen.add(desc.full_name)
        for nested in desc.nested_types:
            walk(nested)

    for module in MODULES:
        for desc in importlib.import_module(module).DESCRIPTOR.message_types_by_name.values():
            walk(desc)
    assert seen == set(MESSAGES)


@pytest.mark.parametrize("full_name", sorted(ENUMS))
def test_enum_values_match_spec(full_name: str) -> None:
    desc = POOL.FindEnumTypeByName(full_name)
    assert {v.name: v.number for v in desc.values} == ENUMS[full_name]


def test_status_field_2_is_reserved() -> None:
    from hapi.release import status_pb2

    desc = status_pb2.Status.DESCRIPTOR
    assert 2 not in desc.fields_by_number
    assert (2, 3) in _reserved(desc)


def _reserved(desc: Descriptor) -> list[tuple[int, int]]:
    from google.protobuf import descriptor_pb2

    proto = descriptor_pb2.DescriptorProto()
    desc.CopyToProto(proto)
    return [(r.start, r.end) for r in proto.reserved_range]


def test_service_methods_and_paths() -> None:
    service = POOL.FindServiceByName("hapi.services.tiller.ReleaseService")
    methods = [(m.name, m.input_type.name, m.output_type.name) for m in service.methods]
    assert methods == [(name, req, resp) for name, req, resp, _ in RPCS]
    from hapi.services import tiller_pb2_grpc

    text = Path(tiller_pb2_grpc.__file__ or "").read_text()
    for name, _, _, streaming in RPCS:
        assert f"/hapi.services.tiller.ReleaseService/{name}" in text
        kind = "unary_stream" if streaming else "unary_unary"
        assert f"self.{name} = channel.{kind}(" in text


# ---------------------------------------------------------------------------------------
# Bytes on the wire: populate every field of a Release, then read it back with a decoder
# that knows nothing but the wire format and the spec table.

MAX_DEPTH = 3


class Counter:
    """Hands out distinct values so a swapped field number shows up as a mismatch."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def populate(msg: Message, counter: Counter, depth: int = 0) -> None:
    """Set every field of ``msg`` (recursively, to MAX_DEPTH) to a distinct value."""
    full = msg.DESCRIPTOR.full_name
    if full == "google.protobuf.Timestamp":
        msg.seconds, msg.nanos = 1_600_000_000 + counter.next(), counter.next()  # type: ignore[attr-defined]
        return
    if full == "google.protobuf.Any":
        msg.type_url = f"files/f{counter.next()}.txt"  # type: ignore[attr-defined]
        msg.value = f"content {counter.next()}".encode()  # type: ignore[attr-defined]
        return
    for fname, (_, ftype, flabel) in MESSAGES[full].items():
        if ftype.startswith("map<"):
            target = getattr(msg, fname)
            if ftype.endswith(",string>"):
                target[f"k{counter.next()}"] = f"v{counter.next()}"
            else:
                target[f"k{counter.next()}"].value = f"v{counter.next()}"
            continue
        for _ in range(2 if flabel == "rep" else 1):
            _set_one(msg, fname, ftype, flabel, counter, depth)


def _set_one(msg: Message, fname: str, ftype: str, flabel: str, c: Counter, depth: int) -> None:
    if ftype in ENUMS:
        # Zero is the proto3 default and never goes on the wire: use non-zero values.
        nonzero = sorted(v for v in ENUMS[ftype].values() if v)
        value: Any = nonzero[c.next() % len(nonzero)]
    elif ftype == "string":
        value = f"{fname}-{c.next()}"
    elif ftype == "bytes":
        value = f"bytes-{c.next()}".encode()
    elif ftype == "bool":
        value = True
    elif ftype in ("int32", "int64", "uint32"):
        value = 1000 + c.next()
    else:
        if depth >= MAX_DEPTH:
            return
        child = getattr(msg, fname).add() if flabel == "rep" else getattr(msg, fname)
        populate(child, c, depth + 1)
        return
    if flabel == "rep":
        getattr(msg, fname).append(value)
    else:
        setattr(msg, fname, value)


def check_wire(data: bytes, msg: Message) -> int:
    """Assert every set field of ``msg`` is on the wire under its spec number; count them."""
    full = msg.DESCRIPTOR.full_name
    wire = wire_decode.parse(data)
    if full == "google.protobuf.Timestamp":
        assert wire[1] == [(0, msg.seconds)] and wire[2] == [(0, msg.nanos)]  # type: ignore[attr-defined]
        return 2
    if full == "google.protobuf.Any":
        assert wire[1] == [(2, msg.type_url.encode())]  # type: ignore[attr-defined]
        assert wire[2] == [(2, msg.value)]  # type: ignore[attr-defined]
        return 2
    table = MESSAGES[full]
    assert set(wire) <= {n for n, _, _ in table.values()}, f"unknown field numbers in {full}"
    checked = 0
    for fname, (number, ftype, _) in table.items():
        value = getattr(msg, fname)
        got = wire.get(number, [])
        checked += 1
        if ftype.startswith("map<"):
            entries = [wire_decode.parse(raw) for _, raw in got]  # type: ignore[arg-type]
            assert len(entries) == len(value)
            for entry in entries:
                key = entry[1][0][1].decode()  # type: ignore[union-attr]
                inner = entry[2][0][1]
                if ftype.endswith(",string>"):
                    assert inner == value[key].encode()
                else:
                    assert wire_decode.parse(inner)[1][0][1] == value[key].value.encode()  # type: ignore[arg-type]
        elif ftype in ENUMS:
            expected = (
                list(value)
                if isinstance(value, (list, tuple)) or hasattr(value, "extend")
                else [value]
            )
            decoded = [
                v
                for _, raw in got
                for v in (wire_decode.packed_varints(raw) if isinstance(raw, bytes) else [raw])
            ]
            assert decoded == [int(v) for v in expected], f"{full}.{fname}"
        elif ftype in ("string", "bytes", "bool", "int32", "int64", "uint32"):
            items = list(value) if hasattr(value, "extend") else [value]
            encoded = [
                v.encode() if isinstance(v, str) else int(v) if not isinstance(v, bytes) else v
                for v in items
            ]
            assert [raw for _, raw in got] == encoded, f"{full}.{fname}"
        else:
            items = list(value) if hasattr(value, "add") else ([value] if value.ByteSize() else [])
            assert len(got) == len(items), f"{full}.{fname}"
            for (_, raw), sub in zip(got, items, strict=True):
                assert isinstance(raw, bytes)
                checked += check_wire(raw, sub)
    return checked


def test_fully_populated_release_decodes_field_for_field() -> None:
    from hapi.release import release_pb2

    release = release_pb2.Release()
    populate(release, Counter())
    data = release.SerializeToString()
    checked = check_wire(data, release)
    # Every message type reachable from Release was populated and checked.
    assert checked > 120


def test_request_messages_decode_field_for_field() -> None:
    from hapi.services import tiller_pb2

    for name, _, _, _ in RPCS:
        for suffix in ("Request", "Response"):
            cls_name = {"RunReleaseTest": "TestRelease"}.get(name, name) + suffix
            msg = getattr(tiller_pb2, cls_name)()
            populate(msg, Counter())
            check_wire(msg.SerializeToString(), msg)
