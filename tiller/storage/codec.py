"""Release payload encoding, byte-compatible with Helm v2 (spec §5.2).

``encode`` = protobuf → gzip (best compression) → standard base64 with padding.
``decode`` accepts both gzipped records and the legacy uncompressed ones that
Tillers older than the compression change wrote.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import struct
import zlib

from google.protobuf.message import DecodeError
from hapi.release import release_pb2

from tiller.storage.errors import CorruptRecordError

GZIP_MAGIC = b"\x1f\x8b\x08"

# Go's compress/gzip header for BestCompression with no name/mtime:
# magic, CM=8, FLG=0, MTIME=0, XFL=2 (max compression), OS=255 (unknown).
# Writing the same header keeps our records indistinguishable from Tiller's
# except for the deflate stream itself (zlib and Go's flate differ anyway).
_GO_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def gzip_best(data: bytes) -> bytes:
    """Gzip ``data`` at level 9 with a header identical to Go's gzip writer.

    Args:
        data: Bytes to compress.

    Returns:
        A single-member gzip stream.
    """
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflater.compress(data) + deflater.flush()
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return _GO_GZIP_HEADER + body + trailer


def encode(rls: release_pb2.Release) -> str:
    """Encode a release the way Tiller stores it.

    Args:
        rls: The release to encode.

    Returns:
        base64(gzip(protobuf)) as ASCII text.
    """
    return base64.b64encode(gzip_best(rls.SerializeToString())).decode("ascii")


def unwrap(payload: str | bytes | None, key: str) -> bytes:
    """Undo the outer base64 layer of a stored payload (cheap; no decompression).

    The storage index keeps this form: it is about 3/4 of the text's size.

    Args:
        payload: The base64 text found in the record (``None`` if absent).
        key: The record key, used to name the record in errors.

    Returns:
        The gzip stream (or, for legacy records, the protobuf bytes themselves).

    Raises:
        CorruptRecordError: The payload is missing or not base64.
    """
    if payload is None:
        raise CorruptRecordError(key, 'no "release" data')
    raw = payload.encode("ascii", "replace") if isinstance(payload, str) else payload
    if not raw:
        raise CorruptRecordError(key, "empty payload")
    # Go's StdEncoding.DecodeString skips CR/LF but rejects anything else
    # outside the alphabet and any length that is not a multiple of 4.
    raw = raw.replace(b"\r", b"").replace(b"\n", b"")
    try:
        if len(raw) % 4:
            raise ValueError(f"length {len(raw)} is not a multiple of 4")
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CorruptRecordError(key, f"invalid base64: {exc}") from None


def inflate(blob: bytes, key: str) -> bytes:
    """Turn an unwrapped payload into the serialized ``Release`` protobuf.

    Args:
        blob: What :func:`unwrap` returned.
        key: The record key, used to name the record in errors.

    Returns:
        The protobuf bytes (not yet checked to parse).

    Raises:
        CorruptRecordError: The gzip stream is broken.
    """
    if blob[:3] != GZIP_MAGIC:
        return blob  # a legacy, uncompressed record
    try:
        return gzip.decompress(blob)
    except (OSError, EOFError, zlib.error) as exc:
        raise CorruptRecordError(key, f"invalid gzip data: {exc}") from None


def parse(data: bytes, key: str) -> release_pb2.Release:
    """Parse serialized ``Release`` bytes.

    Args:
        data: What :func:`inflate` returned.
        key: The record key, used to name the record in errors.

    Returns:
        The release.

    Raises:
        CorruptRecordError: Not a valid protobuf message.
    """
    rls = release_pb2.Release()
    try:
        rls.ParseFromString(data)
    except (DecodeError, ValueError, RuntimeError) as exc:
        raise CorruptRecordError(key, f"invalid protobuf: {exc}") from None
    return rls


def decode(payload: str | bytes | None, key: str) -> release_pb2.Release:
    """Decode a stored payload (:func:`unwrap`, :func:`inflate`, :func:`parse`).

    Args:
        payload: The base64 text found in the record (``None`` if absent).
        key: The record key, used to name the record in errors.

    Returns:
        The decoded release.

    Raises:
        CorruptRecordError: The payload is missing, not base64, not a valid
            gzip stream, or not a valid protobuf message.
    """
    return parse(inflate(unwrap(payload, key), key), key)
