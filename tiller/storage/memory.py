"""In-memory driver (``--storage=memory``), with Helm v2's quirks (spec §5.4).

Quirks kept on purpose because clients observe them:

* a Query with no match returns ``[]`` rather than a not-found error;
* Update of a missing record fails with ``release: "<release name>" not found``
  (the name, not the key);
* records carry only NAME, OWNER, STATUS, VERSION (plus our NAMESPACE) — no
  CREATED_AT/MODIFIED_AT.

Releases are deep-copied on the way in and on the way out, so callers can
never mutate stored state.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from hapi.release import release_pb2

from tiller.storage import labels as lbl
from tiller.storage.driver import Record, decode_records
from tiller.storage.errors import InvalidKeyError, ReleaseExistsError, ReleaseNotFoundError


@dataclass(frozen=True)
class _Entry:
    key: str
    version: int
    labels: Mapping[str, str]
    # Never mutated after insertion: updates replace the whole entry, which
    # lets Records hand out lazy copies without holding the lock.
    release: release_pb2.Release


def _clone(rls: release_pb2.Release) -> release_pb2.Release:
    out = release_pb2.Release()
    out.CopyFrom(rls)
    return out


def _entry(key: str, rls: release_pb2.Release) -> _Entry:
    labels = lbl.release_labels(rls)
    return _Entry(key=key, version=rls.version, labels=labels, release=_clone(rls))


class MemoryDriver:
    """Thread-safe in-memory storage; contents are lost on restart."""

    name = "Memory"

    def __init__(self) -> None:
        """Create an empty store."""
        self._lock = threading.Lock()
        # release name -> entries sorted by version
        self._cache: dict[str, list[_Entry]] = {}

    def _find(self, key: str) -> tuple[list[_Entry], int] | None:
        parsed = lbl.split_key(key)
        if parsed is None:
            raise InvalidKeyError(key)
        entries = self._cache.get(parsed[0], [])
        for i, entry in enumerate(entries):
            if entry.key == key:
                return entries, i
        return None

    def get(self, key: str) -> release_pb2.Release:
        """Return a copy of the release stored under ``key``.

        Args:
            key: ``<name>.v<version>``.

        Returns:
            The release.

        Raises:
            InvalidKeyError: Malformed key.
            ReleaseNotFoundError: No such record.
        """
        with self._lock:
            found = self._find(key)
            if found is None:
                raise ReleaseNotFoundError(key)
            entries, i = found
            return _clone(entries[i].release)

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        """Return records matching ``selector``, sorted by name then version.

        Args:
            selector: Label selector.

        Returns:
            Undecoded records.
        """
        with self._lock:
            names = sorted(self._cache)
            return [
                Record(e.key, e.labels, source=e.release)
                for n in names
                for e in self._cache[n]
                if selector.matches(e.labels)
            ]

    def query_records(self, labels: Mapping[str, str]) -> list[Record]:
        """Helm Query semantics for memory: no match is an empty list.

        Args:
            labels: Labels that must all match exactly.

        Returns:
            Matching records (possibly empty).
        """
        return self.list_records(lbl.Selector(equals=dict(labels)))

    def query(self, labels: Mapping[str, str]) -> list[release_pb2.Release]:
        """Decoded variant of :meth:`query_records`.

        Args:
            labels: Labels that must all match exactly.

        Returns:
            Matching releases (possibly empty).
        """
        return decode_records(self.query_records(labels))

    def create(self, key: str, rls: release_pb2.Release) -> None:
        """Store a copy of ``rls`` under ``key``.

        Args:
            key: ``<name>.v<version>``.
            rls: Release to store.

        Raises:
            ReleaseExistsError: The key is already stored.
        """
        entry = _entry(key, rls)
        with self._lock:
            entries = self._cache.setdefault(rls.name, [])
            if any(e.key == key for e in entries):
                raise ReleaseExistsError(key)
            versions = [e.version for e in entries]
            entries.insert(bisect.bisect_right(versions, entry.version), entry)

    def update(self, key: str, rls: release_pb2.Release) -> None:
        """Replace the record under ``key``.

        Args:
            key: ``<name>.v<version>``.
            rls: New content.

        Raises:
            ReleaseNotFoundError: No such record (message names the release).
        """
        entry = _entry(key, rls)
        with self._lock:
            entries = self._cache.get(rls.name, [])
            for i, e in enumerate(entries):
                if e.key == key:
                    entries[i] = entry
                    return
        raise ReleaseNotFoundError(rls.name)

    def delete(self, key: str) -> release_pb2.Release:
        """Remove the record under ``key``.

        Args:
            key: ``<name>.v<version>``.

        Returns:
            The removed release.

        Raises:
            InvalidKeyError: Malformed key.
            ReleaseNotFoundError: No such record.
        """
        with self._lock:
            found = self._find(key)
            if found is None:
                raise ReleaseNotFoundError(key)
            entries, i = found
            entry = entries.pop(i)
            if not entries:
                name = lbl.split_key(key)
                if name is not None:
                    self._cache.pop(name[0], None)
            return _clone(entry.release)
