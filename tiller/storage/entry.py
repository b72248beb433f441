"""One entry of the storage index: an object's labels and payload, kept compact.

See :class:`Entry`; the index itself is :mod:`tiller.storage.index`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping

from tiller.storage import codec
from tiller.storage import labels as lbl
from tiller.storage.driver import Record, RecordFields, record_fields
from tiller.storage.errors import CorruptRecordError

# Label values that repeat across many entries are interned so 30,000 entries share one
# copy (NAME repeats once per revision of a release).
_INTERNED_VALUES = frozenset({lbl.NAME, lbl.OWNER, lbl.STATUS, lbl.NAMESPACE})
# Revisions whose payload is not kept: ListReleases returns them only when a client asks
# for that status (Helm's `--all` leaves them out), yet they are most of a long history.
# Reading one (history, rollback) fetches it from the API server, so the index grows with
# the number of releases rather than of revisions.
PAYLOAD_ON_DEMAND = frozenset({"SUPERSEDED"})
# Almost every record has the same label keys: entries share one tuple of them.
_KEY_TUPLES: dict[tuple[str, ...], tuple[str, ...]] = {}
_KEY_TUPLES_MAX = 256


PayloadFetcher = Callable[[str], bytes]
"""Fetch one object's payload (base64 layer removed) by key."""

_NOT_KEPT = "payload not kept in the storage index"


def _shared_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    shared = _KEY_TUPLES.get(keys)
    if shared is not None:
        return shared
    keys = tuple(sys.intern(k) for k in keys)
    if len(_KEY_TUPLES) < _KEY_TUPLES_MAX:  # odd, hand-labelled records: not worth keeping
        _KEY_TUPLES[keys] = keys
    return keys


class Entry:
    """One indexed object: its labels and its payload, kept compact.

    The index holds one of these per stored revision (30,000 for 10,000 releases), so an
    entry keeps the labels as a shared key tuple plus a value tuple rather than a dict,
    and the payload without its base64 layer (3/4 of the text's size, and no ``str``),
    or no payload at all for :data:`PAYLOAD_ON_DEMAND` statuses. Nothing is ever
    decompressed or decoded here.

    Attributes:
        blob: The base64-decoded payload (still gzipped), or ``None`` when the object had
            no payload, an unusable one, or one left on the API server (``on_demand``).
        on_demand: The payload is fetched from the API server when needed.
        error: Why the payload is unusable (bad base64, bad Secret encoding), or ``None``.
        rv: The object's resourceVersion as an int, or ``None`` if unknown/opaque.
        status: The STATUS label (``None`` if absent).
        owner: The OWNER label (``None`` if absent).
    """

    __slots__ = (
        "_fields",
        "_keys",
        "_values",
        "blob",
        "error",
        "on_demand",
        "owner",
        "rv",
        "status",
    )

    def __init__(
        self, labels: Mapping[str, str], payload: str | None, error: str | None, rv: int | None
    ) -> None:
        """Build an entry from an object's labels and payload text.

        Args:
            labels: Object labels.
            payload: Encoded release text (base64), or ``None``.
            error: Payload problem already known, if any.
            rv: Integer resourceVersion, if known.
        """
        self._keys = _shared_keys(tuple(labels))
        self._values = tuple(
            sys.intern(v) if k in _INTERNED_VALUES else v for k, v in labels.items()
        )
        self.status = self.label(lbl.STATUS)
        self.owner = self.label(lbl.OWNER)
        self.blob: bytes | None = None
        self.on_demand = False
        if error is None and payload is not None and self.status in PAYLOAD_ON_DEMAND:
            self.on_demand = True
        elif error is None and payload is not None:
            try:
                self.blob = codec.unwrap(payload, "")
            except CorruptRecordError as exc:
                error = exc.reason
        self.error = error
        self.rv = rv
        self._fields: RecordFields | None = None

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

    def label(self, key: str) -> str | None:
        """Return one label's value.

        Args:
            key: Label key.

        Returns:
            The value, or ``None`` if the object does not have that label.
        """
        try:
            return self._values[self._keys.index(key)]
        except ValueError:
            return None

    def label_dict(self) -> dict[str, str]:
        """Return a new dict of the object's labels.

        Returns:
            The labels.
        """
        return dict(zip(self._keys, self._values, strict=True))

    def record_fields(self, key: str) -> RecordFields:
        """Return what a record of this entry exposes (derived once, then kept).

        Every listing builds a record per matching revision; deriving name and version
        anew each time was most of a listing's cost.

        Args:
            key: The object name this entry is indexed under (always the same one).

        Returns:
            Name, version, status and namespace.
        """
        if self._fields is None:
            self._fields = record_fields(key, self.label)
        return self._fields

    def record(self, key: str, fetch: PayloadFetcher | None) -> Record:
        """Return a new undecoded :class:`Record` for this entry.

        Args:
            key: Object name.
            fetch: Where an ``on_demand`` payload comes from.

        Returns:
            The record (callers may decode and cache in it freely).
        """
        if not self.on_demand:
            return Record.from_label_source(key, self, blob=self.blob, error=self.error)
        if fetch is None:
            return Record.from_label_source(key, self, blob=None, error=_NOT_KEPT)
        return Record.from_label_source(key, self, blob=None, error=None, fetch=fetch)


def name_of(key: str, entry: Entry) -> str:
    """Release name of an entry: same rule as ``Record.name``, without building a Record."""
    name = entry.label(lbl.NAME)
    if name:
        return name
    parsed = lbl.split_key(key)
    return parsed[0] if parsed else key


def version_of(key: str, entry: Entry) -> int:
    """Revision of an entry: same rule as ``Record.version``, without building a Record."""
    try:
        return int(entry.label(lbl.VERSION) or "")
    except ValueError:
        parsed = lbl.split_key(key)
        return parsed[1] if parsed else 0
