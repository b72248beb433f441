"""The driver contract and the lazily decoded :class:`Record`.

Helm v2 decodes every stored revision on every ``helm list`` (spec §9, issues
#3500/#4821). Our drivers instead return :class:`Record` objects whose
metadata comes from labels alone; the Release is decoded only when a caller
asks for it, so listings can filter, sort by name and paginate first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from hapi.release import release_pb2

from tiller.storage import codec
from tiller.storage import labels as lbl
from tiller.storage.errors import CorruptRecordError


class Record:
    """One stored revision: label metadata now, the Release on demand.

    Attributes:
        key: Storage key / object name, ``<name>.v<version>``.
        labels: The record's labels as stored.
        name: Release name (NAME label, else parsed from the key).
        version: Revision (VERSION label, else parsed from the key; 0 if neither).
        status: STATUS label value, e.g. ``"DEPLOYED"`` (``""`` if absent).
        namespace: NAMESPACE label, or ``None`` for records written by Helm.
        created_at: CREATED_AT label as unix seconds, if present and numeric.
        modified_at: MODIFIED_AT label as unix seconds, if present and numeric.
        payload: The Helm payload text (base64 of gzip of protobuf), or
            ``None`` for memory records and records without data.
    """

    __slots__ = (
        "_error",
        "_release",
        "_source",
        "created_at",
        "key",
        "labels",
        "modified_at",
        "name",
        "namespace",
        "payload",
        "status",
        "version",
    )

    def __init__(
        self,
        key: str,
        labels: Mapping[str, str],
        *,
        payload: str | None = None,
        source: release_pb2.Release | None = None,
        error: str | None = None,
    ) -> None:
        """Create a record.

        Args:
            key: Storage key.
            labels: Stored labels.
            payload: Encoded release text (cluster drivers).
            source: A release to deep-copy on first access (memory driver;
                never mutated by the driver after being handed out).
            error: Why the payload is unusable, if already known (e.g. a
                Secret whose outer base64 layer is broken).
        """
        self.key = key
        self.labels = dict(labels)
        self.payload = payload
        self._source = source
        self._error = error
        self._release: release_pb2.Release | None = None
        parsed = lbl.split_key(key)
        self.name = labels.get(lbl.NAME) or (parsed[0] if parsed else key)
        version = _to_int(labels.get(lbl.VERSION))
        if version is None:
            version = parsed[1] if parsed else 0
        self.version = version
        self.status = labels.get(lbl.STATUS, "")
        self.namespace = labels.get(lbl.NAMESPACE)
        self.created_at = _to_int(labels.get(lbl.CREATED_AT))
        self.modified_at = _to_int(labels.get(lbl.MODIFIED_AT))

    def __repr__(self) -> str:
        return f"Record({self.key!r}, status={self.status!r}, decoded={self.decoded})"

    @property
    def status_code(self) -> int:
        """The STATUS label as a ``Status.Code`` number (UNKNOWN if unrecognised)."""
        return lbl.status_code(self.status)

    @property
    def error(self) -> str | None:
        """Why the payload is known to be unusable before decoding, if it is."""
        return self._error

    @property
    def decoded(self) -> bool:
        """Whether the Release has already been decoded (and cached)."""
        return self._release is not None

    def release(self) -> release_pb2.Release:
        """Decode the Release (once; later calls return the cached object).

        Returns:
            The release. Callers own it; the driver keeps no reference.

        Raises:
            CorruptRecordError: The payload cannot be decoded.
        """
        if self._release is None:
            if self._source is not None:
                rls = release_pb2.Release()
                rls.CopyFrom(self._source)
                self._release = rls
            elif self._error is not None:
                raise CorruptRecordError(self.key, self._error)
            else:
                self._release = codec.decode(self.payload, self.key)
        return self._release

    def resolve_namespace(self) -> str:
        """Return the release namespace, decoding only if it is not labelled.

        Returns:
            The namespace.

        Raises:
            CorruptRecordError: Unlabelled record whose payload is corrupt.
        """
        if self.namespace is not None:
            return self.namespace
        return self.release().namespace


def _to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def decode_records(
    records: Iterable[Record],
    on_error: Callable[[CorruptRecordError], None] | None = None,
) -> list[release_pb2.Release]:
    """Decode records, skipping corrupt ones like Helm's List/Query do.

    Args:
        records: Records to decode.
        on_error: Called with each skipped record's error (e.g. to log it).

    Returns:
        The releases that decoded, in input order.
    """
    out = []
    for rec in records:
        try:
            out.append(rec.release())
        except CorruptRecordError as exc:
            if on_error is not None:
                on_error(exc)
    return out


class Driver(Protocol):
    """What :class:`tiller.storage.storage.Storage` needs from a backend.

    ``query_records``/``query`` follow Helm's ``Query``: an empty result is
    ``ReleaseNotFoundError(labels["NAME"])`` for cluster drivers but an empty
    list for the memory driver (spec §5.4). ``list_records`` never fails on
    an empty result.
    """

    name: str

    def get(self, key: str) -> release_pb2.Release:
        """Return the decoded release stored under ``key``."""
        ...

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        """Return undecoded records matching a label selector."""
        ...

    def query_records(self, labels: Mapping[str, str]) -> list[Record]:
        """Return undecoded records whose labels equal ``labels`` (Helm Query)."""
        ...

    def query(self, labels: Mapping[str, str]) -> list[release_pb2.Release]:
        """Return decoded releases for a Helm-style label query."""
        ...

    def create(self, key: str, rls: release_pb2.Release) -> None:
        """Store a new record; ``ReleaseExistsError`` if the key exists."""
        ...

    def update(self, key: str, rls: release_pb2.Release) -> None:
        """Replace an existing record (labels and data) unconditionally."""
        ...

    def delete(self, key: str) -> release_pb2.Release:
        """Remove a record and return the release it held."""
        ...
