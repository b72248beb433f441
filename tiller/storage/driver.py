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


class LabelSource(Protocol):
    """Labels kept in some compact form (the storage index's entries)."""

    def label(self, key: str) -> str | None:
        """Return one label's value, or ``None`` if absent."""
        ...

    def label_dict(self) -> dict[str, str]:
        """Return a new dict of every label."""
        ...

    def record_fields(self, key: str) -> RecordFields:
        """Return :func:`record_fields` of these labels (the source may keep them)."""
        ...


RecordFields = tuple[str, int, str, str | None]
"""A record's name, version, status and namespace, as derived from its key and labels."""


def record_fields(key: str, label: Callable[[str], str | None]) -> RecordFields:
    """Derive what a :class:`Record` exposes from its key and labels.

    Args:
        key: Storage key.
        label: Looks one label up (``None`` if absent).

    Returns:
        Name (NAME label, else parsed from the key), version (VERSION label, else parsed
        from the key, else 0), status (STATUS label or ``""``) and namespace (NAMESPACE
        label or ``None``).
    """
    name = label(lbl.NAME)
    version = _to_int(label(lbl.VERSION))
    if not name or version is None:  # only then is the key worth parsing
        parsed = lbl.split_key(key)
        name = name or (parsed[0] if parsed else key)
        if version is None:
            version = parsed[1] if parsed else 0
    return name, version, label(lbl.STATUS) or "", label(lbl.NAMESPACE)


class Record:
    """One stored revision: label metadata now, the Release on demand.

    Attributes:
        key: Storage key / object name, ``<name>.v<version>``.
        name: Release name (NAME label, else parsed from the key).
        version: Revision (VERSION label, else parsed from the key; 0 if neither).
        status: STATUS label value, e.g. ``"DEPLOYED"`` (``""`` if absent).
        namespace: NAMESPACE label, or ``None`` for records written by Helm.
        payload: The Helm payload text (base64 of gzip of protobuf), or
            ``None`` for memory records, records without data and records
            built from ``blob``.
        blob: The payload with its base64 layer already removed (what the
            storage index keeps), or ``None``.
    """

    __slots__ = (
        "_error",
        "_fetch",
        "_label_source",
        "_labels",
        "_release",
        "_source",
        "blob",
        "key",
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
        blob: bytes | None = None,
        source: release_pb2.Release | None = None,
        error: str | None = None,
    ) -> None:
        """Create a record.

        Args:
            key: Storage key.
            labels: Stored labels.
            payload: Encoded release text (cluster drivers).
            blob: The payload already base64-decoded (the storage index).
            source: A release to deep-copy on first access (memory driver;
                never mutated by the driver after being handed out).
            error: Why the payload is unusable, if already known (e.g. a
                Secret whose outer base64 layer is broken).
        """
        self._labels: dict[str, str] | None = dict(labels)
        self._label_source: LabelSource | None = None
        self._fill(key, self._labels.get, payload, blob, source, error)

    @classmethod
    def from_label_source(
        cls,
        key: str,
        source: LabelSource,
        *,
        blob: bytes | None,
        error: str | None,
        fetch: Callable[[str], bytes] | None = None,
    ) -> Record:
        """Create a record whose labels dict is built only if someone asks for it.

        The storage index hands out thousands of records per listing, which reads
        only name, version and status: a dict per record would double the work.

        Args:
            key: Storage key.
            source: Where the labels live (never changed after this call).
            blob: The payload already base64-decoded.
            error: Why the payload is unusable, if already known.
            fetch: Where the payload (base64-decoded) comes from when ``blob`` is
                ``None``: called with the key the first time it is needed.

        Returns:
            The record.
        """
        record = cls.__new__(cls)
        record.key = key
        record._labels = None
        record._label_source = source
        record.payload = None
        record.blob = blob
        record._source = None
        record._error = error
        record._fetch = fetch
        record._release = None
        record.name, record.version, record.status, record.namespace = source.record_fields(key)
        return record

    def _fill(
        self,
        key: str,
        label: Callable[[str], str | None],
        payload: str | None,
        blob: bytes | None,
        source: release_pb2.Release | None,
        error: str | None,
    ) -> None:
        self.key = key
        self.payload = payload
        self.blob = blob
        self._source = source
        self._error = error
        self._fetch: Callable[[str], bytes] | None = None
        self._release: release_pb2.Release | None = None
        self.name, self.version, self.status, self.namespace = record_fields(key, label)

    @property
    def labels(self) -> dict[str, str]:
        """The record's labels as stored (this record's own copy)."""
        if self._labels is None:
            assert self._label_source is not None  # one of the two is always set
            self._labels = self._label_source.label_dict()
        return self._labels

    @property
    def created_at(self) -> int | None:
        """CREATED_AT label as unix seconds, if present and numeric."""
        return _to_int(self.labels.get(lbl.CREATED_AT))

    @property
    def modified_at(self) -> int | None:
        """MODIFIED_AT label as unix seconds, if present and numeric."""
        return _to_int(self.labels.get(lbl.MODIFIED_AT))

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

    def release(self, *, keep: bool = True) -> release_pb2.Release:
        """Decode the Release (once; later calls return the cached object).

        Args:
            keep: Cache the decoded release in this record. ``False`` decodes
                a throwaway copy (unless one is cached already), so that
                walking many records (sorting by a decoded field) does not
                hold every decoded release at once.

        Returns:
            The release. Callers own it; the driver keeps no reference.

        Raises:
            CorruptRecordError: The payload cannot be decoded.
        """
        if self._release is not None:
            return self._release
        if self._source is not None:
            rls = release_pb2.Release()
            rls.CopyFrom(self._source)
        else:
            rls = codec.parse(self.serialized(), self.key)
        if keep:
            self._release = rls
        return rls

    def serialized(self) -> bytes:
        """Return the release as serialized protobuf bytes, without parsing them.

        The bytes are what a gRPC response embeds, so a listing can stream
        them straight into its response messages. Whether they parse is not
        checked here.

        Returns:
            The ``hapi.release.Release`` wire bytes.

        Raises:
            CorruptRecordError: The payload is missing, not base64 or not gzip.
            StorageError: Fetching a payload the storage index does not keep failed.
        """
        if self._release is not None:
            return self._release.SerializeToString()
        if self._source is not None:
            return self._source.SerializeToString()
        if self._error is not None:
            raise CorruptRecordError(self.key, self._error)
        if self.blob is None and self._fetch is not None:
            self.blob = self._fetch(self.key)
        if self.blob is not None:
            return codec.inflate(self.blob, self.key)
        return codec.inflate(codec.unwrap(self.payload, self.key), self.key)

    def resolve_namespace(self) -> str:
        """Return the release namespace, decoding only if it is not labelled.

        Returns:
            The namespace.

        Raises:
            CorruptRecordError: Unlabelled record whose payload is corrupt.
        """
        if self.namespace is not None:
            return self.namespace
        # Not cached: a namespace-filtered listing may walk every stored record.
        return self.release(keep=False).namespace


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
