"""The ``Storage`` facade, mirroring Helm v2's ``pkg/storage``.

Differences from Helm that callers can rely on:

* lookups that only need labels (deployed, last, pruning, listing) read
  labels first and decode just the revision they return;
* ``history``/``deployed_all`` return revisions sorted by version ascending;
* ``deployed`` picks the highest DEPLOYED revision (Helm 2.16.7+ behaviour).

The facade holds no mutable state, so concurrent RPC threads may share it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from hapi.release import release_pb2

from tiller.storage import labels as lbl
from tiller.storage.driver import Driver, Record, decode_records
from tiller.storage.errors import (
    CorruptRecordError,
    NoDeployedReleasesError,
    NoRevisionError,
    ReleaseNotFoundError,
    StorageError,
)
from tiller.storage.listing import Listing, ListsLazily

log = logging.getLogger("tiller.storage")

StatusFilter = Iterable[int | str]


def _status_names(statuses: StatusFilter | None) -> list[str] | None:
    if statuses is None:
        return None
    names = {s if isinstance(s, str) else lbl.status_name(s) for s in statuses}
    return sorted(names) or None


class Storage:
    """Release storage on top of a :class:`~tiller.storage.driver.Driver`.

    Attributes:
        driver: The backend.
        max_history: ``--history-max``; 0 (or less) means unlimited.
    """

    def __init__(self, driver: Driver, max_history: int = 0) -> None:
        """Wrap a driver.

        Args:
            driver: Backend driver.
            max_history: Revisions to keep per release (0 = unlimited).
        """
        self.driver = driver
        self.max_history = max_history

    # -- single records ---------------------------------------------------
    def get(self, name: str, version: int) -> release_pb2.Release:
        """Return one revision.

        Args:
            name: Release name.
            version: Revision.

        Returns:
            The decoded release.

        Raises:
            ReleaseNotFoundError: ``release: "<name>.v<version>" not found``.
            CorruptRecordError: The record cannot be decoded.
        """
        return self.driver.get(lbl.make_key(name, version))

    def create(self, rls: release_pb2.Release) -> None:
        """Store a new revision, pruning history first when configured.

        Args:
            rls: The release; its name and version form the key.

        Raises:
            ReleaseExistsError: The revision already exists.
        """
        if self.max_history > 0:
            # Make room for the record about to be written; like Helm,
            # pruning problems never block the create.
            try:
                self._prune(rls.name, self.max_history - 1)
            except StorageError as exc:
                log.info("history pruning of %q skipped: %s", rls.name, exc)
        self.driver.create(lbl.make_key(rls.name, rls.version), rls)

    def update(self, rls: release_pb2.Release) -> None:
        """Replace an existing revision (no pruning, as in Helm).

        Args:
            rls: The release; its name and version form the key.
        """
        self.driver.update(lbl.make_key(rls.name, rls.version), rls)

    def delete(self, name: str, version: int) -> release_pb2.Release:
        """Delete one revision.

        Args:
            name: Release name.
            version: Revision.

        Returns:
            The deleted release.
        """
        return self.driver.delete(lbl.make_key(name, version))

    # -- listings -----------------------------------------------------------
    def list_records(
        self,
        statuses: StatusFilter | None = None,
        *,
        name: str | None = None,
        namespace: str | None = None,
    ) -> list[Record]:
        """List records without decoding them (see :meth:`listing`).

        Args:
            statuses: Status codes or names to keep; ``None``/empty = all.
            name: Only this release name.
            namespace: Only releases installed into this namespace.

        Returns:
            Records sorted by name then version. ``Record.release()`` may raise
            ``CorruptRecordError`` for an individual record.
        """
        return self.listing(statuses, name=name, namespace=namespace).records()

    def listing(
        self,
        statuses: StatusFilter | None = None,
        *,
        name: str | None = None,
        namespace: str | None = None,
    ) -> Listing:
        """List records as a :class:`Listing`: names now, records when asked (ListReleases).

        The status and name filters become label selectors evaluated by the
        backend (``STATUS in (...)``, ``NAME=...``). The namespace filter uses
        our NAMESPACE label and decodes only records that lack it (written by
        Helm); unlabelled records that fail to decode are left out of a
        namespace-filtered listing, since their namespace is unknowable.

        Args:
            statuses: Status codes or names to keep; ``None``/empty = all.
            name: Only this release name.
            namespace: Only releases installed into this namespace.

        Returns:
            The matches, sorted by name then version.
        """
        selector = lbl.Selector.tiller(name=name, statuses=_status_names(statuses))
        if isinstance(self.driver, ListsLazily):
            listing = self.driver.listing(selector)
        else:
            listing = Listing.of_records(self.driver.list_records(selector))
        if namespace is None:
            return listing
        kept = []
        for position, labelled in enumerate(listing.namespaces):
            try:
                if labelled is None:
                    labelled = listing.record(position).resolve_namespace()
            except CorruptRecordError as exc:
                log.warning("list: %s", exc)
                continue
            if labelled == namespace:
                kept.append(position)
        return listing.subset(kept)

    def history_records(self, name: str) -> list[Record]:
        """Return every revision's record, sorted by version ascending.

        Args:
            name: Release name.

        Returns:
            Undecoded records (empty only with the memory driver).

        Raises:
            ReleaseNotFoundError: Unknown name (cluster drivers).
        """
        query = {lbl.NAME: name, lbl.OWNER: lbl.OWNER_TILLER}
        return sorted(self.driver.query_records(query), key=lambda r: r.version)

    def history(self, name: str) -> list[release_pb2.Release]:
        """Return every revision, sorted by version ascending.

        Corrupt revisions are logged and skipped, as Helm's Query does.

        Args:
            name: Release name.

        Returns:
            Decoded releases (empty only with the memory driver).

        Raises:
            ReleaseNotFoundError: Unknown name (cluster drivers).
        """
        return decode_records(self.history_records(name), lambda e: log.warning("%s", e))

    def _deployed_records(self, name: str) -> list[Record]:
        query = {lbl.NAME: name, lbl.OWNER: lbl.OWNER_TILLER, lbl.STATUS: "DEPLOYED"}
        try:
            records = self.driver.query_records(query)
        except ReleaseNotFoundError:
            records = []
        if not records:
            raise NoDeployedReleasesError(name)
        return sorted(records, key=lambda r: r.version)

    def deployed_all(self, name: str) -> list[release_pb2.Release]:
        """Return all DEPLOYED revisions, sorted by version ascending.

        Args:
            name: Release name.

        Returns:
            Decoded releases (never empty).

        Raises:
            NoDeployedReleasesError: ``"<name>" has no deployed releases``.
        """
        return decode_records(self._deployed_records(name), lambda e: log.warning("%s", e))

    def deployed(self, name: str) -> release_pb2.Release:
        """Return the highest revision labelled DEPLOYED.

        Args:
            name: Release name.

        Returns:
            The decoded release.

        Raises:
            NoDeployedReleasesError: ``"<name>" has no deployed releases``.
            CorruptRecordError: That revision cannot be decoded.
        """
        return self._deployed_records(name)[-1].release()

    def last(self, name: str) -> release_pb2.Release:
        """Return the highest revision, whatever its status.

        Args:
            name: Release name.

        Returns:
            The decoded release.

        Raises:
            ReleaseNotFoundError: Unknown name (cluster drivers).
            NoRevisionError: ``no revision for release "<name>"`` (memory).
            CorruptRecordError: That revision cannot be decoded.
        """
        records = self.history_records(name)
        if not records:
            raise NoRevisionError(name)
        return records[-1].release()

    # -- pruning --------------------------------------------------------------
    def _prune(self, name: str, keep: int) -> None:
        """Delete oldest revisions until at most ``keep`` remain (spec §5.5).

        Never deletes the latest DEPLOYED revision; does nothing when no
        revision is DEPLOYED. Deletion errors are logged and ignored.
        """
        try:
            history = self.history_records(name)
        except ReleaseNotFoundError:
            return
        if len(history) <= keep:
            return
        deployed = [r.version for r in history if r.status == "DEPLOYED"]
        if not deployed:
            log.info("history pruning of %q skipped: no deployed revision", name)
            return
        last_deployed = max(deployed)
        doomed: list[Record] = []
        for rec in history:
            if len(history) - len(doomed) == keep:
                break
            if rec.version != last_deployed:
                doomed.append(rec)
        errors = 0
        for rec in doomed:
            try:
                self.driver.delete(rec.key)
            except StorageError as exc:
                errors += 1
                log.warning("error pruning %s from release history: %s", rec.key, exc)
        log.info("pruned %d record(s) from %s with %d error(s)", len(doomed), name, errors)
