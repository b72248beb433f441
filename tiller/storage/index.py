"""An in-memory, thread-safe index of stored release records (labels + payload bytes).

The index is what :class:`~tiller.storage.indexed.IndexedDriver` serves reads from once
the informer (:mod:`tiller.storage.informer`) has listed every record and follows the
watch. It holds, per object name, the labels and the still-gzipped payload (see
:class:`~tiller.storage.entry.Entry`): decoded releases are never kept, each read builds
fresh :class:`Record` objects.

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

import threading
from collections.abc import Iterable

from tiller.storage import labels as lbl
from tiller.storage.driver import Record
from tiller.storage.entry import PAYLOAD_ON_DEMAND, Entry, PayloadFetcher, name_of, version_of
from tiller.storage.kubeapi import JsonObj
from tiller.storage.listing import Listing

__all__ = ["PAYLOAD_ON_DEMAND", "Entry", "PayloadFetcher", "ReleaseIndex", "resource_version"]


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


_TOMBSTONE = None  # value in the local-write log meaning "deleted by Tiller"


class ReleaseIndex:
    """Object name → :class:`Entry`, with a release-name secondary index."""

    def __init__(self, fetch: PayloadFetcher | None = None) -> None:
        """Create an empty, unsynced index.

        Args:
            fetch: Where the payloads the index does not keep come from (see
                :data:`PAYLOAD_ON_DEMAND`); without it, reading one is an error.
        """
        self._fetch = fetch
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = {}
        # Lists, not sets: three revisions take 88 bytes instead of 216.
        self._by_name: dict[str, list[str]] = {}
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
        if old is None or (name_of(key, old), version_of(key, old)) != (
            name_of(key, entry),
            version_of(key, entry),
        ):
            self._order = None
        self._entries[key] = entry
        self._by_name.setdefault(name_of(key, entry), []).append(key)

    def _drop(self, key: str) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._unlink_name(key, old)
            self._order = None

    def _unlink_name(self, key: str, entry: Entry) -> None:
        name = name_of(key, entry)
        keys = self._by_name.get(name)
        if keys is not None:
            if key in keys:
                keys.remove(key)
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
    def entry_at(self, key: str, rv: int | None) -> Entry | None:
        """Return the entry for ``key`` if it is the object at resourceVersion ``rv``.

        Entries never change once built, so a relist may reuse it as it is.

        Args:
            key: Object name.
            rv: The listed object's resourceVersion (``None``: unknown, no match).

        Returns:
            The entry, or ``None``.
        """
        if rv is None:
            return None
        with self._lock:
            entry = self._entries.get(key)
        return entry if entry is not None and entry.rv == rv else None

    def get(self, key: str) -> Record | None:
        """Return a fresh record for ``key``, or ``None`` if absent.

        Args:
            key: Object name.

        Returns:
            The record or ``None``.
        """
        with self._lock:
            entry = self._entries.get(key)
        return None if entry is None else entry.record(key, self._fetch)

    def select(self, selector: lbl.Selector) -> list[Record]:
        """Return records matching a selector, sorted by name then version.

        Args:
            selector: Label selector, evaluated locally.

        Returns:
            Fresh undecoded records.
        """
        return self.listing(selector).records()

    def listing(self, selector: lbl.Selector) -> Listing:
        """Return the entries matching a selector as a :class:`Listing`.

        Args:
            selector: Label selector, evaluated locally.

        Returns:
            The matches, sorted by name then version; records are built on demand.
        """
        name = selector.equals.get(lbl.NAME)
        terms = _terms(selector)
        # This runs over every stored revision on every listing: STATUS and OWNER, in
        # every Tiller selector, are plain attribute reads, and nothing is allocated per
        # revision that does not match.
        statuses = terms.pop(lbl.STATUS, None)
        owners = terms.pop(lbl.OWNER, None)
        rest = list(terms.items())
        with self._lock:
            if name is not None:
                keys: list[str] = sorted(self._by_name.get(name, ()), key=self._sort_key)
            else:
                if self._order is None:
                    self._order = sorted(self._entries, key=self._sort_key)
                keys = self._order
            entries = self._entries
            pairs = [
                (key, entry)
                for key, entry in zip(keys, map(entries.__getitem__, keys), strict=True)
                if (statuses is None or entry.status in statuses)
                and (owners is None or entry.owner in owners)
                and (not rest or all(entry.label(lk) in vs for lk, vs in rest))
            ]
        matched = [key for key, _ in pairs]
        found = [entry for _, entry in pairs]
        fields = [entry.record_fields(key) for key, entry in pairs]
        fetch = self._fetch
        return Listing(
            [f[0] for f in fields],
            [f[3] for f in fields],
            lambda i: found[i].record(matched[i], fetch),
        )

    def _sort_key(self, key: str) -> tuple[str, int]:
        entry = self._entries[key]
        return name_of(key, entry), version_of(key, entry)


def _terms(selector: lbl.Selector) -> dict[str, frozenset[str | None]]:
    """A selector as one set of allowed values per label key (equality = one value)."""
    terms: dict[str, frozenset[str | None]] = {}
    for key, value in selector.equals.items():
        terms[key] = frozenset({value})
    for key, values in selector.within.items():
        allowed = frozenset(values)
        terms[key] = terms[key] & allowed if key in terms else allowed
    return terms
