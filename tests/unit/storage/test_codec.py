"""Payload encoding, checked against records laid out independently of our codec."""

from __future__ import annotations

import base64
import gzip
import struct
import zlib

import pytest
from hapi.release import release_pb2

from tiller.storage import CorruptRecordError, codec

from .helpers import rel


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _len(field: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def _int(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


# hapi.release.Release written by hand from the spec's field numbers (§1.1, §1.2),
# so this test does not depend on our generated code or our encoder.
HAND_BUILT = b"".join(
    [
        _len(1, "wonderful-gecko"),
        _len(
            2,  # info
            _len(1, _int(1, 1) + _len(4, "Get the URL"))  # status{code=DEPLOYED, notes}
            + _len(3, _int(1, 1_600_000_123))  # last_deployed{seconds}
            + _len(5, "Install complete"),  # Description
        ),
        _len(3, _len(1, _len(1, "mychart") + _len(4, "0.1.0"))),  # chart{metadata{name,version}}
        _len(4, _len(1, "replicas: 2\n")),  # config{raw}
        _len(5, "---\nkind: Service\n"),  # manifest
        _int(7, 3),  # version
        _len(8, "prod"),  # namespace
    ]
)


def _check_hand_built(rls: release_pb2.Release) -> None:
    assert rls.name == "wonderful-gecko"
    assert rls.version == 3
    assert rls.namespace == "prod"
    assert rls.info.status.code == 1
    assert rls.info.status.notes == "Get the URL"
    assert rls.info.last_deployed.seconds == 1_600_000_123
    assert rls.info.Description == "Install complete"
    assert rls.chart.metadata.name == "mychart"
    assert rls.chart.metadata.version == "0.1.0"
    assert rls.config.raw == "replicas: 2\n"
    assert rls.manifest == "---\nkind: Service\n"


def test_round_trip() -> None:
    original = rel("foo", 7, "SUPERSEDED")
    assert codec.decode(codec.encode(original), "foo.v7") == original


def test_decodes_record_as_helm_writes_it() -> None:
    payload = base64.b64encode(gzip.compress(HAND_BUILT, compresslevel=9)).decode()
    _check_hand_built(codec.decode(payload, "wonderful-gecko.v3"))


def test_decodes_go_style_gzip_stream_built_by_hand() -> None:
    # Go's gzip writer: no mtime, XFL=2, OS=255, raw deflate, CRC32 + ISIZE trailer.
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        + deflater.compress(HAND_BUILT)
        + deflater.flush()
        + struct.pack("<II", zlib.crc32(HAND_BUILT), len(HAND_BUILT))
    )
    _check_hand_built(codec.decode(base64.b64encode(stream), "wonderful-gecko.v3"))


def test_decodes_legacy_uncompressed_record() -> None:
    payload = base64.b64encode(HAND_BUILT).decode()
    _check_hand_built(codec.decode(payload, "wonderful-gecko.v3"))


def test_tolerates_line_breaks_like_go() -> None:
    payload = base64.b64encode(gzip.compress(HAND_BUILT)).decode()
    wrapped = "\r\n".join(payload[i : i + 76] for i in range(0, len(payload), 76))
    _check_hand_built(codec.decode(wrapped, "k.v1"))


def test_encode_layering_matches_helm() -> None:
    rls = rel("foo", 2)
    text = codec.encode(rls)
    assert len(text) % 4 == 0  # standard alphabet, padded
    blob = base64.b64decode(text, validate=True)
    assert blob[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # Go's header bytes
    assert gzip.decompress(blob) == rls.SerializeToString()


def test_encode_uses_best_compression() -> None:
    rls = rel("foo", 2)
    rls.manifest = "apiVersion: v1\nkind: ConfigMap\n" * 2000
    blob = base64.b64decode(codec.encode(rls))
    assert len(blob) <= len(gzip.compress(rls.SerializeToString(), compresslevel=9)) + 32


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (None, 'no "release" data'),
        ("", "empty payload"),
        ("not*base64!", "invalid base64"),
        ("YWJj=", "invalid base64"),
        (base64.b64encode(b"\x1f\x8b\x08garbage-after-magic").decode(), "invalid gzip data"),
        (base64.b64encode(gzip.compress(HAND_BUILT)[:-12]).decode(), "invalid gzip data"),
        (base64.b64encode(b"\x0a\xff\xff\xff\x0f").decode(), "invalid protobuf"),
        ("zé", "invalid base64"),
    ],
)
def test_malformed_payload_names_the_key(payload: str | None, why: str) -> None:
    with pytest.raises(CorruptRecordError) as info:
        codec.decode(payload, "foo.v3")
    message = str(info.value)
    assert message.startswith('release: "foo.v3": corrupt record: ')
    assert why in message
    assert info.value.key == "foo.v3"
