"""The client/server version compatibility rule Helm v2's Tiller applies to every call.

Versions are parsed as Masterminds/semver v1.5 does: an optional leading ``v``, minor and
patch optional, then an optional prerelease and build metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEMVER = re.compile(
    r"^v?(?P<major>[0-9]+)(?:\.(?P<minor>[0-9]+))?(?:\.(?P<patch>[0-9]+))?"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+(?P<meta>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


@dataclass(frozen=True)
class SemVer:
    """A parsed semantic version (only what the compatibility rule needs)."""

    major: int
    minor: int
    patch: int
    prerelease: str


def parse_semver(text: str) -> SemVer | None:
    """Parse ``text`` as Masterminds/semver v1.5 would; ``None`` if it is not a version."""
    match = _SEMVER.match(text)
    if match is None:
        return None
    return SemVer(
        major=int(match["major"]),
        minor=int(match["minor"] or 0),
        patch=int(match["patch"] or 0),
        prerelease=match["pre"] or "",
    )


def is_compatible(client: str, server: str) -> bool:
    """Whether a client of version ``client`` may talk to a server of version ``server``.

    Helm's rule: development builds (``...unreleased``) are always compatible; otherwise
    the server must satisfy ``^<clientMajor>.<clientMinor>.x`` (same major, at least the
    client's minor), and when either side is a prerelease the versions must be equal.
    """
    if client.endswith("unreleased") or server.endswith("unreleased"):
        return True
    client_v, server_v = parse_semver(client), parse_semver(server)
    if client_v is None or server_v is None:
        return False
    if client_v.prerelease or server_v.prerelease:
        return client_v == server_v
    if server_v.major != client_v.major:
        return False
    return (server_v.minor, server_v.patch) >= (client_v.minor, 0)


def incompatible_message(client: str, server: str) -> str:
    """The error text Helm's Tiller returns to an incompatible client."""
    return f"incompatible versions client[{client}] server[{server}]"
