"""A listing whose records are built only when asked for (what ListReleases pages through).

ListReleases filters, counts, sorts and pages every matching revision on each call (a
client paging 10,000 releases by 32 makes 300 calls), yet returns at most a page of them.
A :class:`Listing` gives the names and namespaces of all matches at once and builds a
:class:`~tiller.storage.driver.Record` for a position only when the caller needs it; the
storage index makes those lists from what it keeps, without building 10,000 records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from tiller.storage import labels as lbl
from tiller.storage.driver import Record


class Listing:
    """Records matching a selector, sorted by name then version, built on demand.

    Attributes:
        names: Release name of each match (``Record.name``).
        namespaces: NAMESPACE label of each match (``Record.namespace``: ``None`` for
            records written by Helm, whose namespace is only in the payload).
    """

    __slots__ = ("_make", "names", "namespaces")

    def __init__(
        self, names: list[str], namespaces: list[str | None], make: Callable[[int], Record]
    ) -> None:
        """Describe the matches.

        Args:
            names: Their release names.
            namespaces: Their NAMESPACE labels.
            make: Builds the record at a position (a new one on every call).
        """
        self.names = names
        self.namespaces = namespaces
        self._make = make

    @classmethod
    def of_records(cls, records: Sequence[Record]) -> Listing:
        """Wrap records that are already built (drivers without an index).

        Args:
            records: The records, sorted by name then version.

        Returns:
            The listing.
        """
        return cls([r.name for r in records], [r.namespace for r in records], records.__getitem__)

    def __len__(self) -> int:
        """Number of matches."""
        return len(self.names)

    def record(self, position: int) -> Record:
        """Return the record at ``position``.

        Args:
            position: Index into :attr:`names`.

        Returns:
            The record, undecoded.
        """
        return self._make(position)

    def records(self) -> list[Record]:
        """Return every record (builds them all).

        Returns:
            The records, in listing order.
        """
        return [self._make(i) for i in range(len(self.names))]

    def subset(self, positions: list[int]) -> Listing:
        """Return the listing of only some positions, in the order given.

        Args:
            positions: Indexes into this listing.

        Returns:
            The narrower listing.
        """
        make = self._make
        return Listing(
            [self.names[i] for i in positions],
            [self.namespaces[i] for i in positions],
            lambda j: make(positions[j]),
        )


@runtime_checkable
class ListsLazily(Protocol):
    """A driver that can list without building every record (the storage index)."""

    def listing(self, selector: lbl.Selector) -> Listing:
        """Return the records matching ``selector`` as a :class:`Listing`."""
        ...
