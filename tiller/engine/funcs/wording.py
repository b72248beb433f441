"""Sprig word utilities.

Abbreviation and wrapping (goutils v1.1.0), case conversion (xstrings v1.2.0) and
random strings.
"""

from __future__ import annotations

from random import SystemRandom

from ._registry import sprig
from .goconv import from_bytes, is_number, is_upper, to_bytes, to_lower, to_upper


def _abbreviate_full(b: bytes, offset: int, max_width: int) -> bytes:
    # goutils AbbreviateFull, byte based; errors (width too small) yield "".
    if not b:
        return b""
    if max_width < 4:
        return b""
    if len(b) <= max_width:
        return b
    offset = min(offset, len(b))
    if len(b) - offset < max_width - 3:
        offset = len(b) - (max_width - 3)
    if offset <= 4:
        return b[: max_width - 3] + b"..."
    if max_width < 7:
        return b""
    if offset + max_width - 3 < len(b):
        return b"..." + _abbreviate_full(b[offset:], 0, max_width - 3)
    return b"..." + b[len(b) - (max_width - 3) :]


@sprig("abbrev", params=("int", "string"), result="string")
def abbrev(width: int, s: str) -> str:
    """Truncate to ``width`` bytes ending in ``...``; widths below 4 return s."""
    if width < 4:
        return s
    return from_bytes(_abbreviate_full(to_bytes(s), 0, width))


@sprig("abbrevboth", params=("int", "int", "string"), result="string")
def abbrevboth(left: int, right: int, s: str) -> str:
    """Goutils ``AbbreviateFull(s, left, right)`` with Sprig's guard."""
    if right < 4 or (left > 0 and right < 7):
        return s
    return from_bytes(_abbreviate_full(to_bytes(s), left, right))


def wrap_custom(s: str, width: int, newline: str, wrap_long: bool) -> str:
    """Goutils ``WrapCustom`` (byte offsets, breaks only at ASCII spaces)."""
    b = to_bytes(s)
    if not b:
        return ""
    nl = to_bytes(newline or "\n")
    width = max(width, 1)
    out = bytearray()
    off = 0
    n = len(b)
    while n - off > width:
        if b[off] == 0x20:
            off += 1
            continue
        # The loop condition guarantees off + width + 1 <= n.
        at = b.rfind(b" ", off, off + width + 1)
        if at >= off:
            out += b[off:at] + nl
            off = at + 1
        elif wrap_long:
            out += b[off : off + width] + nl
            off += width
        else:
            idx = b.find(b" ", off + width)
            if idx == -1:
                out += b[off:]
                off = n
            else:
                out += b[off:idx] + nl
                off = idx + 1
    out += b[off:]
    return from_bytes(bytes(out))


@sprig("wrap", params=("int", "string"), result="string")
def wrap(width: int, s: str) -> str:
    """Wrap at ``width`` columns; long words are not split."""
    return wrap_custom(s, width, "", False)


@sprig("wrapWith", params=("int", "string", "string"), result="string")
def wrap_with(width: int, sep: str, s: str) -> str:
    """Wrap at ``width`` columns with a custom separator; long words are split."""
    return wrap_custom(s, width, sep, True)


@sprig("camelcase", params=("string",), result="string")
def camelcase(s: str) -> str:
    """Xstrings v1.2.0 ``ToCamelCase`` (``http_server`` -> ``HttpServer``).

    That version drops a string consisting of a single non-underscore rune after its
    leading underscores (``"a"`` -> ``""``); this is reproduced.
    """
    out: list[str] = []
    i = 0
    while i < len(s) and s[i] == "_":
        out.append("_")
        i += 1
    if i >= len(s) - 1:
        return "".join(out)
    r0 = to_upper(s[i])
    for c in s[i + 1 :]:
        r1 = r0
        if r1 == "_" and c == "_":
            out.append(r1)
            r0 = c
            continue
        r0 = to_upper(c) if r1 == "_" else to_lower(c)
        if r1 != "_":
            out.append(r1)
    out.append(r0)
    return "".join(out)


def _camel_to_lower(s: str, conn: str) -> str:
    # xstrings v1.2.0 camelCaseToLowerCase, rune by rune.
    out: list[str] = []
    r0 = conn
    i = 0
    n = len(s)
    seps = ("_", " ", "-")
    while i < n:
        prev = r0
        r0 = s[i]
        i += 1
        if r0 == "\ufffd":
            out.append(r0)
        elif is_upper(r0):
            if prev != conn and not is_number(prev):
                out.append(conn)
            out.append(to_lower(r0))
            if i >= n:
                continue
            r0 = s[i]
            i += 1
            if not is_upper(r0):
                out.append(r0)
                continue
            while i < n:
                r1 = r0
                r0 = s[i]
                i += 1
                if r0 == "\ufffd":
                    out += [to_lower(r1), r0]
                    break
                if not is_upper(r0):
                    if r0 in seps:
                        r0 = conn
                        out.append(to_lower(r1))
                    elif is_number(r0):
                        out += [to_lower(r1), conn, r0]
                    else:
                        out += [conn, to_lower(r1), r0]
                    break
                out.append(to_lower(r1))
            if i >= n or r0 == conn:
                out.append(to_lower(r0))
        elif is_number(r0):
            if prev != conn and not is_number(prev):
                out.append(conn)
            out.append(r0)
        else:
            if r0 in seps:
                r0 = conn
            out.append(r0)
    return "".join(out)


@sprig("snakecase", params=("string",), result="string")
def snakecase(s: str) -> str:
    """Xstrings v1.2.0 ``ToSnakeCase``."""
    return _camel_to_lower(s, "_")


@sprig("kebabcase", params=("string",), result="string")
def kebabcase(s: str) -> str:
    """Xstrings v1.2.0 ``ToKebabCase``."""
    return _camel_to_lower(s, "-")


# The operating system's randomness, as the ``secrets`` module draws it, without that
# module's imports of hmac and OpenSSL's hashlib: a few ms for every render whose chart
# generates a password.
_SYSTEM_RANDOM = SystemRandom()
_DIGITS = "0123456789"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@sprig("shuffle", params=("string",), result="string")
def shuffle(s: str) -> str:
    """Random permutation of the runes of ``s``."""
    chars = list(s)
    for i in range(len(chars) - 1, 0, -1):
        j = _SYSTEM_RANDOM.randrange(i + 1)
        chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def _random(count: int, alphabet: str) -> str:
    # goutils CryptoRandom: a negative count is an error, which Sprig turns into "".
    if count <= 0:
        return ""
    return "".join(_SYSTEM_RANDOM.choice(alphabet) for _ in range(count))


@sprig("randAlphaNum", params=("int",), result="string")
def rand_alpha_num(count: int) -> str:
    """``count`` random ASCII letters and digits."""
    return _random(count, _LETTERS + _DIGITS)


@sprig("randAlpha", params=("int",), result="string")
def rand_alpha(count: int) -> str:
    """``count`` random ASCII letters."""
    return _random(count, _LETTERS)


@sprig("randNumeric", params=("int",), result="string")
def rand_numeric(count: int) -> str:
    """``count`` random decimal digits."""
    return _random(count, _DIGITS)


@sprig("randAscii", params=("int",), result="string")
def rand_ascii(count: int) -> str:
    """``count`` random printable ASCII characters (32..126)."""
    return _random(count, "".join(chr(c) for c in range(32, 127)))
