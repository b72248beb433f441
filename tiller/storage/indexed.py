"""A cluster driver served from a watch-kept in-memory index (``--storage-cache``).

Listing 10,000 labelled ConfigMaps takes the API server itself 1.5-2 s, so no listing
that goes to the API per ListReleases call can answer in a fraction of a second. This
wrapper keeps every Tiller record's labels and encoded payload in memory
(:mod:`tiller.storage.index`), kept current by an informer (:mod:`tiller.storage.informer`)
and by applying Tiller's own successful writes at once (read-your-writes). Reads are
served from the index while it is live, and from the wrapped driver otherwise (before
the first sync, while a watch is broken or relisting). Writes always go to the API.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Protocol

from hapi.release import release_pb2

from tiller.storage import codec
from tiller.storage import labels as lbl
from tiller.storage.driver import Record, decode_records
from tiller.storage.errors import CorruptRecordError, ReleaseNotFoundError
from tiller.storage.index import Entry, ReleaseIndex, resource_version
from tiller.storage.informer import Informer, KubeSourceDriver, KubeWatchSource, WatchSource
from tiller.storage.kubeapi import JsonObj
from tiller.storage.listing import Listing

log = logging.getLogger("tiller.storage")


class IndexableDriver(KubeSourceDriver, Protocol):
    """A cluster driver (``KubeDriver``) as the wrapper uses it."""

    name: str

    def get(self, key: str) -> release_pb2.Release:
        """Fetch and decode one record."""
        ...

    def get_record(self, key: str) -> Record:
        """Fetch one record without decoding it."""
        ...

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        """List records through the API."""
        ...

    def query_records(self, labels: Mapping[str, str]) -> list[Record]:
        """Helm Query through the API."""
        ...

    def create_object(self, key: str, rls: release_pb2.Release) -> JsonObj:
        """Create and return the stored object."""
        ...

    def update_object(self, key: str, rls: release_pb2.Release) -> JsonObj:
        """Replace and return the stored object."""
        ...

    def delete(self, key: str) -> release_pb2.Release:
        """Delete and return the release."""
        ...


class VanishedRecordError(CorruptRecordError):
    """An indexed record was deleted before its payload could be fetched.

    A :class:`CorruptRecordError`, so that listings and history leave it out as they do
    unreadable records; a single-record read reports it as not found.
    """


class IndexedDriver:
    """Implements :class:`~tiller.storage.driver.Driver` over an indexed cluster driver.

    Attributes:
        inner: The wrapped driver (the API path).
        index: The in-memory index.
        informer: The list+watch loop keeping ``index`` current.
    """

    def __init__(
        self,
        inner: IndexableDriver,
        *,
        source: WatchSource | None = None,
        informer: Informer | None = None,
    ) -> None:
        """Wrap a driver (call :meth:`start` to begin syncing).

        Args:
            inner: The cluster driver.
            source: Where to list/watch (default: ``inner`` itself, via the API).
            informer: A preconfigured informer (tests); built from ``source`` otherwise.
        """
        self.inner = inner
        self.name = inner.name
        self.index = ReleaseIndex(fetch=self._fetch_payload)
        if informer is None:
            informer = Informer(source or KubeWatchSource(inner), self.index)
        self.informer = informer

    def start(self) -> IndexedDriver:
        """Start syncing in the background.

        Returns:
            ``self``, for chaining.
        """
        self.informer.start()
        return self

    def stop(self) -> None:
        """Stop syncing; reads fall back to the API from now on."""
        self.informer.stop()

    @property
    def synced(self) -> bool:
        """Whether the index has synced once (see ``Informer.synced``)."""
        return self.informer.synced

    def _fetch_payload(self, key: str) -> bytes:
        """Read a payload the index does not keep (:data:`~tiller.storage.entry.PAYLOAD_ON_DEMAND`).

        Args:
            key: Object name.

        Returns:
            The payload, base64 layer removed.

        Raises:
            VanishedRecordError: The object is gone (the watch has not said so yet).
            CorruptRecordError: Its payload is unusable.
        """
        try:
            rec = self.inner.get_record(key)
        except ReleaseNotFoundError:
            raise VanishedRecordError(key, "deleted while being read") from None
        if rec.error is not None:
            raise CorruptRecordError(key, rec.error)
        return codec.unwrap(rec.payload, key)

    # -- reads ------------------------------------------------------------------
    def get(self, key: str) -> release_pb2.Release:
        """Return the decoded release stored under ``key``.

        Args:
            key: Object name.

        Returns:
            The release.

        Raises:
            ReleaseNotFoundError: No such record.
        """
        if not self.informer.live:
            return self.inner.get(key)
        rec = self.index.get(key)
        if rec is None:
            raise ReleaseNotFoundError(key)
        try:
            return rec.release()
        except VanishedRecordError:
            raise ReleaseNotFoundError(key) from None

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        """Return undecoded records matching ``selector``, sorted by name then version.

        Args:
            selector: Label selector.

        Returns:
            The records.
        """
        if not self.informer.live:
            return self.inner.list_records(selector)
        return self.index.select(selector)

    def listing(self, selector: lbl.Selector) -> Listing:
        """Like :meth:`list_records`, building records only when asked for.

        Args:
            selector: Label selector.

        Returns:
            The matches, sorted by name then version.
        """
        if not self.informer.live:
            return Listing.of_records(self.inner.list_records(selector))
        return self.index.listing(selector)

    def query_records(self, labels: Mapping[str, str]) -> list[Record]:
        """Helm Query semantics: validated labels, empty → not found.

        Args:
            labels: Labels that must all match exactly.

        Returns:
            Matching records (never empty).

        Raises:
            InvalidLabelValueError: A value is not a valid label value.
            ReleaseNotFoundError: Nothing matched.
        """
        if not self.informer.live:
            return self.inner.query_records(labels)
        lbl.check_label_values(labels)
        records = self.index.select(lbl.Selector(equals=dict(labels)))
        if not records:
            raise ReleaseNotFoundError(labels.get(lbl.NAME, ""))
        return records

    def query(self, labels: Mapping[str, str]) -> list[release_pb2.Release]:
        """Decoded Query; corrupt records are logged and skipped like Helm.

        Args:
            labels: Labels that must all match exactly.

        Returns:
            Decoded releases.
        """
        return decode_records(
            self.query_records(labels), lambda e: log.warning("storage query: %s", e)
        )

    # -- writes (always through the API, then applied to the index) -------------
    def _remember(self, obj: JsonObj) -> None:
        rec = self.inner.to_record(obj)
        self.index.put_local(rec.key, Entry.from_record(rec, resource_version(obj)))

    def create(self, key: str, rls: release_pb2.Release) -> None:
        """Store a new record.

        Args:
            key: Object name.
            rls: Release to store.

        Raises:
            ReleaseExistsError: The key exists.
        """
        self._remember(self.inner.create_object(key, rls))

    def update(self, key: str, rls: release_pb2.Release) -> None:
        """Replace an existing record.

        Args:
            key: Object name.
            rls: New content.

        Raises:
            ReleaseNotFoundError: The key does not exist.
        """
        self._remember(self.inner.update_object(key, rls))

    def delete(self, key: str) -> release_pb2.Release:
        """Remove a record and return the release it held.

        Args:
            key: Object name.

        Returns:
            The deleted release.

        Raises:
            ReleaseNotFoundError: The key does not exist.
        """
        try:
            rls = self.inner.delete(key)
        except ReleaseNotFoundError:
            # Gone from the cluster: make sure our next read agrees.
            self.index.delete_local(key)
            raise
        self.index.delete_local(key)
        return rls
