"""BLAKE2b for the engine's cache keys, without importing all of :mod:`hashlib`.

``hashlib`` loads OpenSSL's bindings at import (a few ms of every ``helm-tui`` start);
BLAKE2 is CPython's own ``_blake2`` module, which ``hashlib`` itself re-exports.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b

__all__ = ["blake2b"]
