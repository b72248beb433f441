"""A persistent cache of parsed template sets, one file per chart digest.

A process rendering a chart once (``helm-tui template``) would otherwise parse every
template on every run. Entries hold the parse trees encoded by
:meth:`~tiller.engine.gotemplate.TemplateSet.dump_trees`, never compiled code or
rendered output, so a hit yields exactly the trees a parse would.

An entry's file name is the chart digest plus a fingerprint of everything else the
trees depend on: the source of the lexer, parser, node and encoding modules, the
Python version and the set of function names (parsing rejects unknown functions).
Editing the parser or adding a function thus changes the name, and stale entries are
never read (they age out). Writes are atomic (a temporary file renamed into place);
a file that is unreadable, corrupt, not ours or from another fingerprint is a miss
and is overwritten by the fresh parse. Every failure here degrades to parsing.

The engine uses it only when a program enables it
(:func:`tiller.engine.render.set_disk_cache`); :func:`default_directory` gives the
usual place: ``$HELM_TUI_TEMPLATE_CACHE`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/helm-tui/templates``, else ``~/.cache/helm-tui/templates``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable

from tiller.engine._blake2 import blake2b

ENV_VAR = "HELM_TUI_TEMPLATE_CACHE"
"""Environment variable naming the cache directory (``off`` to disable)."""

MAX_ENTRIES = 256
"""Entries kept; the least recently used beyond this are removed when one is added."""

_MAGIC = b"helm-tui parse cache\n"
_SUFFIX = ".trees"
_TMP_MAX_AGE_NS = 3600 * 10**9
# Modules whose code determines the trees a text parses to, or their encoding.
_PARSER_MODULES = ("lex", "literals", "nodes", "parse", "gostrconv", "template", "treecodec")


def default_directory() -> str | None:
    """The cache directory from the environment, or None when disabled."""
    configured = os.environ.get(ENV_VAR)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "false", "no") else configured
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no home directory: not a relative "~" in the cwd
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "helm-tui", "templates")


@functools.cache
def _code_fingerprint() -> bytes:
    # Read next to the package rather than imported: a cache hit needs no parser.
    from tiller.engine import gotemplate

    directory = os.path.dirname(str(gotemplate.__file__))
    h = blake2b(digest_size=16)
    h.update(b"%d.%d\0" % sys.version_info[:2])
    for name in _PARSER_MODULES:
        with open(os.path.join(directory, f"{name}.py"), "rb") as f:
            h.update(f.read())
    return h.digest()


def fingerprint(function_names: Iterable[str]) -> str:
    """What, besides the template texts, a cached parse depends on (hex).

    Raises:
        OSError: the parser's source cannot be read (then nothing can be cached).
    """
    h = blake2b(_code_fingerprint(), digest_size=12)
    h.update("\0".join(sorted(function_names)).encode())
    return h.hexdigest()


class ParseCache:
    """Parse trees on disk, keyed by chart digest, for one fingerprint.

    Args:
        directory: where entries live (created on first store, mode 0700).
        fingerprint: see :func:`fingerprint`.
    """

    def __init__(self, directory: str, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint

    def _path(self, digest: str) -> str:
        return os.path.join(self.directory, f"{digest}.{self.fingerprint}{_SUFFIX}")

    def _header(self, digest: str) -> bytes:
        return _MAGIC + f"{self.fingerprint} {digest}\n".encode()

    def load(self, digest: str) -> bytes | None:
        """The encoded trees stored for ``digest``, or None (missing or not usable)."""
        path = self._path(digest)
        try:
            with open(path, "rb") as f:
                # Only the user's own entries: trees decide what a render outputs.
                if os.fstat(f.fileno()).st_uid != os.getuid():
                    return None
                data = f.read()
        except OSError:
            return None
        header = self._header(digest)
        if not data.startswith(header):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recency, for eviction
        return data[len(header) :]

    def _create_temporary(self) -> tuple[int, str]:
        # tempfile.mkstemp's guarantees (a new file, mode 0600, never followed through a
        # link) without importing tempfile, which costs a first run about 4 ms.
        for attempt in range(100):
            name = f".tmp-{os.getpid()}-{time.time_ns()}-{attempt}{_SUFFIX}"
            path = os.path.join(self.directory, name)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                return os.open(path, flags, 0o600), path
            except FileExistsError:
                continue
        raise FileExistsError(f"no free temporary name in {self.directory}")

    def store(self, digest: str, encode: Callable[[], bytes]) -> None:
        """Write the trees for ``digest`` atomically; failures are only logged."""
        tmp = None
        try:
            body = encode()
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            fd, tmp = self._create_temporary()
            with os.fdopen(fd, "wb") as f:
                f.write(self._header(digest))
                f.write(body)
            os.replace(tmp, self._path(digest))
            tmp = None
            self._evict()
        except Exception:  # noqa: BLE001 - a cache must never fail a render
            import logging

            logging.getLogger(__name__).debug("cannot store %s", digest, exc_info=True)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _evict(self) -> None:
        entries = []
        stale_tmp = time.time_ns() - _TMP_MAX_AGE_NS
        with os.scandir(self.directory) as it:
            for e in it:
                if not e.name.endswith(_SUFFIX):
                    continue
                with contextlib.suppress(OSError):
                    mtime = e.stat().st_mtime_ns
                    if not e.name.startswith("."):
                        entries.append((mtime, e.path))
                    elif mtime < stale_tmp:  # left by a process that died mid-write
                        os.unlink(e.path)
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort()
        for _, path in entries[: len(entries) - MAX_ENTRIES]:
            with contextlib.suppress(OSError):
                os.unlink(path)
