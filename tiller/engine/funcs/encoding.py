"""Sprig encoding and hashing functions.

base64/base32 use Go's decoders (including their exact error offsets); sha1sum,
sha256sum and adler32sum hash the string's bytes.
"""

from __future__ import annotations

import base64
import functools
import importlib
import zlib
from collections.abc import Callable
from typing import Any

from ._registry import sprig
from .goconv import from_bytes, to_bytes

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_MAP = {c: i for i, c in enumerate(_B64)}
_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_MAP = {c: i for i, c in enumerate(_B32)}
_NL = (0x0A, 0x0D)
_PAD = 0x3D


class CorruptInputError(ValueError):
    """Go's ``base64/base32.CorruptInputError`` (carries the byte offset)."""


def _b64_quantum(src: bytes, si: int, out: bytearray) -> tuple[int, bool]:
    # One 4-character quantum of Go 1.14's StdEncoding.decodeQuantum.
    # Returns (next index, done); raises CorruptInputError with Go's offset.
    dbuf = [0, 0, 0, 0]
    dlen = 4
    j = 0
    done = False
    trailing: int | None = None
    while j < 4:
        if si == len(src):
            if j == 0:
                return si, True
            raise CorruptInputError(si - j)
        c = src[si]
        si += 1
        if c in _B64_MAP:
            dbuf[j] = _B64_MAP[c]
            j += 1
            continue
        if c in _NL:
            continue
        if c != _PAD or j < 2:
            raise CorruptInputError(si - 1)
        if j == 2:
            while si < len(src) and src[si] in _NL:
                si += 1
            if si == len(src):
                raise CorruptInputError(len(src))
            if src[si] != _PAD:
                raise CorruptInputError(si - 1)
            si += 1
        while si < len(src) and src[si] in _NL:
            si += 1
        if si < len(src):
            trailing = si
        dlen = j
        done = True
        break
    val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3]
    out += bytes([(val >> 16) & 0xFF, (val >> 8) & 0xFF, val & 0xFF])[: dlen - 1]
    if trailing is not None:
        raise CorruptInputError(trailing)
    return si, done


def go_b64decode(data: bytes) -> bytes:
    """``base64.StdEncoding.DecodeString``.

    Raises:
        CorruptInputError: At Go's reported offset.
    """
    out = bytearray()
    si = 0
    done = False
    while si < len(data) and not done:
        si, done = _b64_quantum(data, si, out)
    return bytes(out)


def go_b32decode(data: bytes) -> bytes:
    """``base32.StdEncoding.DecodeString`` (newlines are stripped first, as in Go).

    Raises:
        CorruptInputError: At Go's reported offset.
    """
    src = bytes(c for c in data if c not in _NL)
    olen = len(src)
    pos = 0
    out = bytearray()
    end = False
    while pos < olen and not end:
        dbuf = [0] * 8
        dlen = 8
        j = 0
        while j < 8:
            remaining = olen - pos
            if remaining == 0:
                raise CorruptInputError(olen - j)
            c = src[pos]
            pos += 1
            remaining -= 1
            if c == _PAD and j >= 2 and remaining < 8:
                if remaining + j < 7:
                    raise CorruptInputError(olen)
                for k in range(7 - j):
                    if remaining > k and src[pos + k] != _PAD:
                        raise CorruptInputError(olen - remaining + k - 1)
                dlen, end = j, True
                if dlen in (1, 3, 6):
                    raise CorruptInputError(olen - remaining - 1)
                break
            if c not in _B32_MAP:
                raise CorruptInputError(olen - remaining - 1)
            dbuf[j] = _B32_MAP[c]
            j += 1
        val = 0
        for d in dbuf:
            val = val << 5 | d
        chunk = val.to_bytes(5, "big")
        out += chunk[: {8: 5, 7: 4, 5: 3, 4: 2, 2: 1}.get(dlen, 0)]
    return bytes(out)


@sprig("b64enc", params=("string",), result="string")
def b64enc(v: str) -> str:
    """Standard base64 with padding."""
    return base64.b64encode(to_bytes(v)).decode("ascii")


@sprig("b64dec", params=("string",), result="string")
def b64dec(v: str) -> str:
    """Standard base64 decoding; invalid input returns Go's error text instead."""
    try:
        return from_bytes(go_b64decode(to_bytes(v)))
    except CorruptInputError as e:
        return f"illegal base64 data at input byte {e.args[0]}"


@sprig("b32enc", params=("string",), result="string")
def b32enc(v: str) -> str:
    """Standard base32 with padding."""
    return base64.b32encode(to_bytes(v)).decode("ascii")


@sprig("b32dec", params=("string",), result="string")
def b32dec(v: str) -> str:
    """Standard base32 decoding; invalid input returns Go's error text instead."""
    try:
        return from_bytes(go_b32decode(to_bytes(v)))
    except CorruptInputError as e:
        return f"illegal base32 data at input byte {e.args[0]}"


@functools.cache
def _hash(name: str) -> Callable[[bytes], Any]:
    # CPython's own SHA modules: importing hashlib loads OpenSSL's bindings, a few ms of
    # every one-shot render that checksums a config. Same digests; hashlib elsewhere.
    try:
        found: Callable[[bytes], Any] = getattr(importlib.import_module(f"_{name}"), name)
    except (ImportError, AttributeError):
        import hashlib

        found = getattr(hashlib, name)
    return found


@sprig("sha1sum", params=("string",), result="string")
def sha1sum(v: str) -> str:
    """Lower-case hex SHA-1."""
    return str(_hash("sha1")(to_bytes(v)).hexdigest())


@sprig("sha256sum", params=("string",), result="string")
def sha256sum(v: str) -> str:
    """Lower-case hex SHA-256."""
    return str(_hash("sha256")(to_bytes(v)).hexdigest())


@sprig("adler32sum", params=("string",), result="string")
def adler32sum(v: str) -> str:
    """Adler-32 checksum in decimal."""
    return str(zlib.adler32(to_bytes(v)))
