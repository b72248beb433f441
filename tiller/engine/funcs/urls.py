"""Go ``net/url`` parsing and formatting for Sprig's ``urlParse``/``urlJoin`` (Go 1.14)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tiller.engine.gotemplate.gostrconv import quote

from ._go import go_kind, panic
from ._registry import sprig
from .goconv import from_bytes, to_bytes


class URLError(ValueError):
    """A ``*url.Error`` (``parse "URL": reason``)."""


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _should_escape(c: int, mode: str) -> bool:
    # net/url shouldEscape for the encode modes urlJoin needs.
    if c in _UNRESERVED:
        return False
    if mode == "host":
        return chr(c) not in "!$&'()*+,;=:[]<>\"" and c < 0x80
    ch = chr(c)
    if ch in "$&+,/:;=?@":
        if mode == "path":
            return ch == "?"
        if mode == "userinfo":
            return ch in "@/?:"
        if mode == "fragment":
            return False
    return not (mode == "fragment" and ch in "!()*")


def escape(s: str, mode: str) -> str:
    """``url.escape`` (percent-encoding with upper-case hex)."""
    out = []
    for b in to_bytes(s):
        out.append(f"%{b:02X}" if _should_escape(b, mode) else chr(b))
    return "".join(out)


def unescape(s: str, mode: str) -> str:
    """``url.unescape``."""
    b = to_bytes(s)
    out = bytearray()
    i = 0
    while i < len(b):
        if b[i] == 0x25:
            h = b[i + 1 : i + 3]
            if len(h) < 2 or not re.fullmatch(rb"[0-9a-fA-F]{2}", h):
                bad = from_bytes(b[i : i + 3])
                raise URLError(f"invalid URL escape {quote(bad)}")
            out.append(int(h, 16))
            i += 3
        else:
            out.append(b[i])
            i += 1
    return from_bytes(bytes(out))


@dataclass
class URL:
    """The fields of ``url.URL`` that Sprig reads or writes."""

    scheme: str = ""
    opaque: str = ""
    user: str | None = None
    host: str = ""
    path: str = ""
    raw_query: str = ""
    fragment: str = ""
    force_query: bool = False

    def hostname(self) -> str:
        """``URL.Hostname``."""
        h = self.host
        if h.startswith("["):
            return h[1 : h.find("]")] if "]" in h else h[1:]
        return h.rsplit(":", 1)[0] if ":" in h else h

    def string(self) -> str:
        """``URL.String``."""
        out = ""
        if self.scheme:
            out += self.scheme + ":"
        if self.opaque:
            out += self.opaque
        else:
            if self.scheme or self.host or self.user is not None:
                if self.host or self.path or self.user is not None:
                    out += "//"
                if self.user is not None:
                    out += self.user + "@"
                if self.host:
                    out += escape(self.host, "host")
            path = escape(self.path, "path")
            if path and path[0] != "/" and self.host:
                out += "/"
            if not out and ":" in path and "/" not in path[: path.index(":")]:
                out += "./"
            out += path
        if self.force_query or self.raw_query:
            out += "?" + self.raw_query
        if self.fragment:
            out += "#" + escape(self.fragment, "fragment")
        return out


def _userinfo(raw: str) -> str:
    # Validate and re-escape like url.User/UserPassword + Userinfo.String.
    name, sep, pw = raw.partition(":")
    name = unescape(name, "userinfo")
    text = escape(name, "userinfo")
    if sep:
        text += ":" + escape(unescape(pw, "userinfo"), "userinfo")
    return text


def parse_url(raw: str) -> URL:
    """``url.Parse``.

    Raises:
        URLError: With Go's message.
    """
    try:
        return _parse(raw)
    except URLError as e:
        raise URLError(f"parse {quote(raw)}: {e}") from None


def _parse(raw: str) -> URL:
    u = URL()
    rest, hashed, frag = raw.partition("#")
    if hashed:
        u.fragment = unescape(frag, "fragment")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in rest):
        raise URLError("net/url: invalid control character in URL")
    if rest == "" and hashed:
        return u
    m = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", rest)
    if m:
        u.scheme = m[1].lower()
        rest = rest[m.end() :]
    elif re.match(r"[0-9+.\-]*:", rest) and re.match(r"[:0-9+.\-]", rest[:1]):
        raise URLError("missing protocol scheme")
    if rest.endswith("?") and rest.count("?") == 1:
        u.force_query = True
        rest = rest[:-1]
    else:
        rest, _, u.raw_query = rest.partition("?")
    if not rest.startswith("/"):
        if u.scheme:
            u.opaque = rest
            return u
        seg = rest.split("/", 1)[0]
        if ":" in seg:
            raise URLError("first path segment in URL cannot contain colon")
    if rest.startswith("//") and (u.scheme or not rest.startswith("///")):
        authority, slash, rest = rest[2:].partition("/")
        rest = slash + rest
        userinfo, at, host = authority.rpartition("@")
        if at:
            u.user = _userinfo(userinfo)
        else:
            host = authority
        if "%" in host and not host.startswith("["):
            host = unescape(host, "host")
        u.host = host
    u.path = unescape(rest, "path")
    return u


@sprig("urlParse", params=("string",), result="map[string]interface {}")
def url_parse(v: str) -> dict[str, Any]:
    """Split a URL into ``scheme host hostname path query opaque fragment userinfo``."""
    try:
        u = parse_url(v)
    except URLError as e:
        raise panic(f"unable to parse url: {e}") from None
    return {
        "scheme": u.scheme,
        "host": u.host,
        "hostname": u.hostname(),
        "path": u.path,
        "query": u.raw_query,
        "opaque": u.opaque,
        "fragment": u.fragment,
        "userinfo": u.user if u.user is not None else "",
    }


def _get(d: dict[str, Any] | None, key: str) -> str:
    if d is None or key not in d:
        return ""
    v = d[key]
    if not isinstance(v, str):
        kind = go_kind(v)
        if v is None:
            raise panic("runtime error: invalid memory address or nil pointer dereference")
        raise panic(f"unable to parse {key} key, must be of type string, but {kind} found")
    return v


@sprig("urlJoin", params=("map[string]interface {}",), result="string")
def url_join(d: dict[str, Any] | None) -> str:
    """Build a URL string from a ``urlParse``-style dict."""
    u = URL(
        scheme=_get(d, "scheme"),
        host=_get(d, "host"),
        path=_get(d, "path"),
        raw_query=_get(d, "query"),
        opaque=_get(d, "opaque"),
        fragment=_get(d, "fragment"),
    )
    userinfo = _get(d, "userinfo")
    if userinfo:
        try:
            u.user = parse_url(f"proto://{userinfo}@host").user
        except URLError as e:
            raise panic(f"unable to parse userinfo in dict: {e}") from None
    return u.string()
