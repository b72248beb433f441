"""Loading index files fast: a parsed form cached next to the YAML.

Parsing a 28 MB index (30,000 versions) with libyaml takes seconds; ``search`` must answer
in well under one. The first load writes ``<index>.cache``: a ``marshal`` dump of the
parsed, sorted entries, stamped with the YAML's size, modification time and SHA-1. Later
loads check the stamp and read the dump (tens of milliseconds). Any mismatch or damage
makes us parse the YAML again and rewrite the cache, so the cache can never serve stale
or wrong data; it is never needed for correctness, and Helm itself ignores the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from pathlib import Path

from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write
from app.repos.index import IndexFile, parse_index

# Bump when the cached layout changes: old caches are then simply rebuilt.
_FORMAT = 2
_SUFFIX = ".cache"


def cache_path(index_path: Path) -> Path:
    """Where the parsed form of ``index_path`` is kept."""
    return index_path.with_name(index_path.name + _SUFFIX)


def _stamp(data: bytes, st: os.stat_result) -> tuple[int, int, int, str]:
    # The hash makes a same-size rewrite within one mtime tick detectable too.
    return (_FORMAT, st.st_size, st.st_mtime_ns, hashlib.sha1(data).hexdigest())  # noqa: S324


def _read_cache(path: Path, stamp: tuple[int, int, int, str]) -> IndexFile | None:
    try:
        blob = path.read_bytes()
        header, entries, generated, keys, info = marshal.loads(blob)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if tuple(header) != stamp or not isinstance(entries, dict):
        return None
    return IndexFile(entries=entries, generated=generated, public_keys=keys, server_info=info)


def load_index_file(path: Path, *, use_cache: bool = True) -> IndexFile:
    """Load an index file, through its cache when allowed and valid.

    Raises:
        HelmError: the file cannot be read or is not a valid index.
    """
    try:
        data = path.read_bytes()
        st = path.stat()
    except FileNotFoundError:
        raise HelmError(f"open {path}: no such file or directory") from None
    except OSError as err:
        raise HelmError(f"open {path}: {err.strerror}") from None
    if not use_cache:
        return parse_index(data, str(path))
    stamp = _stamp(data, st)
    cached = _read_cache(cache_path(path), stamp)
    if cached is not None:
        return cached
    index = parse_index(data, str(path))
    write_cache(path, index, stamp)
    return index


def write_cache(
    path: Path, index: IndexFile, stamp: tuple[int, int, int, str] | None = None
) -> None:
    """Store the parsed form of ``path``; silently skipped where the directory is read-only."""
    if stamp is None:
        try:
            stamp = _stamp(path.read_bytes(), path.stat())
        except OSError:
            return
    try:
        blob = marshal.dumps(
            (stamp, index.entries, index.generated, index.public_keys, index.server_info)
        )
    except ValueError:
        return  # a value marshal cannot hold: no cache, the YAML still works
    with contextlib.suppress(OSError):
        atomic_write(cache_path(path), blob)


def drop_cache(path: Path) -> None:
    """Remove the cached form of ``path`` (``repo remove``)."""
    with contextlib.suppress(FileNotFoundError):
        cache_path(path).unlink()
