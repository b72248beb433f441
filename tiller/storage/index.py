"""An in-memory, thread-safe index of stored release records (labels + payload text).

The index is what :class:`~tiller.storage.indexed.IndexedDriver` serves reads from once
the informer (:mod:`tiller.storage.informer`) has listed every record and follows the
watch. It holds, per object name, the labels and the still-encoded payload ``str``:
decoded releases are never kept, each read builds fresh :class:`Record` objects.

Ordering rules (why there are resource versions and tombstones here):

* Tiller's own writes are applied as soon as the API call succeeds (read-your-writes),
  so the watch may later deliver *older* events for the same object. Every entry keeps
  the resourceVersion it was written at and events at or below it are ignored.
* A delete response carries no resourceVersion, so a local delete leaves a tombstone
  that hides stale ADDED/MODIFIED events until the watch's own DELETED event arrives.
* A relist's snapshot may predate writes Tiller made while it was running; those are
  replayed onto the new snapshot when it is installed.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Mapping

from tiller.storage import labels as lbl
from tiller.storage.driver import Record
from tiller.storage.kubeapi import JsonObj

# Label keys and low-cardinality values are interned so 30,000 entries share one copy.
_INTERNED_VALUES = frozenset({lbl.OWNER, lbl.STATUS, lbl.NAMESPACE})


class Entry:
    """One indexed object: labels and payload exactly as a driver parsed them.

    Attributes:
        labels: The object's labels (keys and common values interned).
        payload: Encoded release text, or ``None``.
        error: Why the payload is unusable (e.g. bad Secret encoding), or ``None``.
        rv: The object's resourceVersion as an int, or ``None`` if unknown/opaque.
    """

    __slots__ = ("error", "labels", "payload", "rv")

    def __init__(
        self, labels: Mapping[str, str], payload: str | None, error: str | None, rv: int | None
    ) -> None:
        """Build an entry, interning what many entries share.

        Args:
            labels: Object labels.
            payload: Encoded release text.
            error: Payload problem, if any.
            rv: Integer resourceVersion, if known.
        """
        self.labels = {
            sys.intern(k): sys.intern(v) if k in _INTERNED_VALUES else v for k, v in labels.items()
        }
        self.payload = payload
        self.error = error
        self.rv = rv

    @classmethod
    def from_record(cls, record: Record, rv: int | None) -> Entry:
        """Capture a freshly parsed (undecoded) record.

        Args:
            record: The driver's record for an object.
            rv: Its resourceVersion.

        Returns:
            The entry.
        """
        return cls(record.labels, record.payload, record.error, rv)

    def record(self, key: str) -> Record:
        """Return a new undecoded :class:`Record` for this entry.

        Args:
            key: Object name.

        Returns:
            The record (callers may decode and cache in it freely).
        """
        return Record(key, self.labels, payload=self.payload, error=self.error)


def resource_version(obj: JsonObj) -> int | None:
    """Return an object's (or list's) resourceVersion as an int, if it is one.

    Resource versions are formally opaque; every API server in practice uses etcd
    revisions, and when one is not numeric we simply stop ordering by it.

    Args:
        obj: A Kubernetes object or list as JSON.

    Returns:
        The integer, or ``None``.
    """
    value = (obj.get("metadata") or {}).get("resourceVersion")
    if value is None:
        return None
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _name_of(key: str, labels: Mapping[str, str]) -> str:
    # Same rule as Record.name, without building a Record.
    name = labels.get(lbl.NAME)
    if name:
        return name
    parsed = lbl.split_key(key)
    return parsed[0] if parsed else key


_TOMBSTONE = None  # value in the local-write log meaning "deleted by Tiller"


class ReleaseIndex:
    """Object name → :class:`Entry`, with a release-name secondary index."""

    def __init__(self) -> None:
        """Create an empty, unsynced index."""
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = {}
        self._by_name: dict[str, set[str]] = {}
        self._tombstones: set[str] = set()
        # Keys sorted by (name, version), rebuilt lazily after inserts/deletes: listings
        # come far more often than new revisions, and this saves sorting every time.
        self._order: list[str] | None = None
        # Local writes since the current relist began, replayed onto its snapshot.
        self._local_log: dict[str, Entry | None] | None = None

    def __len__(self) -> int:
        """Number of indexed objects."""
        with self._lock:
            return len(self._entries)

    # -- internal mutation (lock held) ---------------------------------------
    def _put(self, key: str, entry: Entry) -> None:
        old = self._entries.get(key)
        if old is not None:
            self._unlink_name(key, old)
        if old is None or old.labels.get(lbl.NAME) != entry.labels.get(lbl.NAME):
            self._order = None
        self._entries[key] = entry
        self._by_name.setdefault(_name_of(key, entry.labels), set()).add(key)

    def _drop(self, key: str) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._unlink_name(key, old)
            self._order = None

    def _unlink_name(self, key: str, entry: Entry) -> None:
        name = _name_of(key, entry.labels)
        keys = self._by_name.get(name)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._by_name[name]

    def _is_stale(self, key: str, rv: int | None) -> bool:
        current = self._entries.get(key)
        return (
            current is not None and current.rv is not None and rv is not None and rv <= current.rv
        )

    @staticmethod
    def _newer(rv: int | None, snapshot_rv: int | None) -> bool:
        # Unknown versions count as newer: replaying a write is harmless, losing one is not.
        return rv is None or snapshot_rv is None or rv > snapshot_rv

    # -- relisting -------------------------------------------------------------
    def begin_relist(self) -> None:
        """Start recording local writes so :meth:`replace_all` can replay them."""
        with self._lock:
            self._local_log = {}

    def replace_all(self, snapshot: Iterable[tuple[str, Entry]], snapshot_rv: int | None) -> None:
        """Install a full listing, then replay local writes newer than it.

        Args:
            snapshot: ``(key, entry)`` for every listed object.
            snapshot_rv: The list's resourceVersion.
        """
        fresh = ReleaseIndex()
        for key, entry in snapshot:
            fresh._put(key, entry)
        with self._lock:
            self._entries, self._by_name = fresh._entries, fresh._by_name
            self._order = None
            self._tombstones = set()
            log, self._local_log = self._local_log or {}, None
            for key, local in log.items():
                if local is _TOMBSTONE:
                    # A listed object Tiller deleted meanwhile: the snapshot predates it.
                    if key in self._entries:
                        self._drop(key)
                        self._tombstones.add(key)
                elif self._newer(local.rv, snapshot_rv) and not self._is_stale(key, local.rv):
                    self._put(key, local)

    # -- watch events ----------------------------------------------------------
    def apply_event(self, kind: str, key: str, entry: Entry) -> None:
        """Apply one ADDED/MODIFIED/DELETED watch event.

        Args:
            kind: Event type.
            key: Object name.
            entry: The object's entry (for DELETED: its final state).
        """
        with self._lock:
            if kind == "DELETED":
                self._tombstones.discard(key)
                if not self._is_stale(key, entry.rv):
                    self._drop(key)
                return
            if key in self._tombstones or self._is_stale(key, entry.rv):
                return
            self._put(key, entry)

    # -- local writes ----------------------------------------------------------
    def put_local(self, key: str, entry: Entry) -> None:
        """Apply a successful create/update made by this Tiller.

        Args:
            key: Object name.
            entry: What the API server returned for it.
        """
        with self._lock:
            self._tombstones.discard(key)
            if self._local_log is not None:
                self._local_log[key] = entry
            if not self._is_stale(key, entry.rv):
                self._put(key, entry)

    def delete_local(self, key: str) -> None:
        """Apply a successful delete made by this Tiller.

        Args:
            key: Object name.
        """
        with self._lock:
            if self._local_log is not None:
                self._local_log[key] = _TOMBSTONE
            if key in self._entries:
                # The watch has not delivered DELETED yet: hide anything older until it does.
                self._drop(key)
                self._tombstones.add(key)

    # -- reads -----------------------------------------------------------------
    def get(self, key: str) -> Record | None:
        """Return a fresh record for ``key``, or ``None`` if absent.

        Args:
            key: Object name.

        Returns:
            The record or ``None``.
        """
        with self._lock:
            entry = self._entries.get(key)
        return None if entry is None else entry.record(key)

    def select(self, selector: lbl.Selector) -> list[Record]:
        """Return records matching a selector, sorted by name then version.

        Args:
            selector: Label selector, evaluated locally.

        Returns:
            Fresh undecoded records.
        """
        name = selector.equals.get(lbl.NAME)
        equals = list(selector.equals.items())
        within = list(selector.within.items())
        with self._lock:
            if name is not None:
                keys: list[str] = sorted(self._by_name.get(name, ()), key=self._sort_key)
            else:
                if self._order is None:
                    self._order = sorted(self._entries, key=self._sort_key)
                keys = self._order
            items = [(k, self._entries[k]) for k in keys]
        # Inlined Selector.matches: this loop runs over every stored revision.
        return [
            e.record(k)
            for k, e in items
            if all(e.labels.get(lk) == v for lk, v in equals)
            and all(e.labels.get(lk) in vs for lk, vs in within)
        ]

    def _sort_key(self, key: str) -> tuple[str, int]:
        labels = self._entries[key].labels
        parsed = lbl.split_key(key)
        try:
            version = int(labels[lbl.VERSION])
        except (KeyError, ValueError):
            version = parsed[1] if parsed else 0
        return _name_of(key, labels), version
