"""The client/server version compatibility rule Helm v2's Tiller applies to every call.

Helm's rule, restated: development builds (``...unreleased``) are always compatible;
otherwise both versions must parse, and the server must satisfy ``^<major>.<minor>.x`` of
the client's version - or, when either side is a pre-release, the client's version
exactly. Versions and constraints are Masterminds/semver v1.5.0's
(:mod:`tiller.engine.semver`, the project's one implementation).
"""

from __future__ import annotations

from tiller.engine.semver import SemverError, parse_constraints, parse_version


def is_compatible(client: str, server: str) -> bool:
    """Whether a client of version ``client`` may talk to a server of version ``server``."""
    if client.endswith("unreleased") or server.endswith("unreleased"):
        return True
    try:
        client_v, server_v = parse_version(client), parse_version(server)
        wanted = f"^{client_v.major}.{client_v.minor}.x"
        if client_v.pre or server_v.pre:
            wanted = client_v.original
        return parse_constraints(wanted).check(server_v)
    except SemverError:
        return False


def incompatible_message(client: str, server: str) -> str:
    """The error text Helm's Tiller returns to an incompatible client."""
    return f"incompatible versions client[{client}] server[{server}]"
