"""Sprig ``uuidv4`` and ``getHostByName``.

The template functions do no I/O by themselves: ``getHostByName`` asks
:data:`HOST_RESOLVER`, which the renderer may replace (Tiller's default resolves
nothing, making the call fail like Sprig does for a name without addresses).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable

from ._go import panic
from ._registry import sprig


def _no_lookup(name: str) -> list[str]:
    return []


HOST_RESOLVER: Callable[[str], list[str]] = _no_lookup
"""Returns the addresses of a host name (``net.LookupHost``)."""


@sprig("uuidv4", result="string")
def uuidv4() -> str:
    """A random version-4 UUID."""
    return str(uuid.uuid4())


@sprig("getHostByName", params=("string",), result="string")
def get_host_by_name(name: str) -> str:
    """A random address of ``name``; no address panics like ``rand.Intn(0)``."""
    addrs = HOST_RESOLVER(name)
    if not addrs:
        raise panic("invalid argument to Intn")
    return addrs[secrets.randbelow(len(addrs))]
