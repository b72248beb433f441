"""The release list's data: slim rows, the set loaded so far, filtering and sorting.

Pure Python (no Textual), so it is unit-testable and benchmarkable on its own. Rows keep
only what the table shows: a page of full releases (charts, manifests) is dropped as soon
as it is converted, which keeps memory flat at 10,000 releases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.client.models import Release, ReleaseStatus

STATUS_GROUPS: dict[str, frozenset[ReleaseStatus]] = {
    "deployed": frozenset({ReleaseStatus.DEPLOYED}),
    # UNKNOWN is grouped with FAILED: a release in no known state needs attention too.
    "failed": frozenset({ReleaseStatus.FAILED, ReleaseStatus.UNKNOWN}),
    "pending": frozenset(
        {
            ReleaseStatus.PENDING_INSTALL,
            ReleaseStatus.PENDING_UPGRADE,
            ReleaseStatus.PENDING_ROLLBACK,
        }
    ),
    "deleted": frozenset({ReleaseStatus.DELETED, ReleaseStatus.DELETING}),
    "superseded": frozenset({ReleaseStatus.SUPERSEDED}),
}
DEFAULT_GROUPS = frozenset({"deployed", "failed", "pending", "deleted"})

SORT_COLUMNS: tuple[str, ...] = (
    "name",
    "namespace",
    "updated",
    "status",
    "chart",
    "revision",
    "app_version",
)


def group_of(status: ReleaseStatus) -> str:
    """The status filter group a status belongs to."""
    for group, members in STATUS_GROUPS.items():
        if status in members:
            return group
    return "failed"  # pragma: no cover - every status is in a group


def format_time(moment: datetime | None) -> str:
    """Local time, sortable and compact; ``-`` when Tiller sent none (as Helm prints)."""
    if moment is None:
        return "-"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


@dataclass(slots=True)
class ReleaseRow:
    """One line of the release table."""

    name: str
    revision: int
    updated: str
    updated_ts: float
    status: ReleaseStatus
    chart: str
    app_version: str
    namespace: str
    group: str
    folded: str = field(default="")  # lower-cased name, for the fuzzy filter
    seen: int = 0  # load generation that last saw this row (refresh drops unseen rows)

    @property
    def key(self) -> tuple[str, int]:
        """Identity across refreshes: name and revision."""
        return (self.name, self.revision)

    def sort_value(self, column: str) -> object:
        """The value to sort this row by in ``column``."""
        if column == "updated":
            return self.updated_ts
        if column == "status":
            return self.status.name
        return getattr(self, column)

    @classmethod
    def from_release(cls, release: Release, generation: int = 0) -> ReleaseRow:
        """Project a release (as ``helm list`` shows it) onto a row."""
        meta = release.chart.metadata if release.chart else None
        moment = release.info.last_deployed
        return cls(
            name=release.name,
            revision=release.revision,
            updated=format_time(moment),
            updated_ts=moment.timestamp() if moment else 0.0,
            status=release.status,
            chart=meta.full_name if meta else "",
            app_version=meta.app_version if meta else "",
            namespace=release.namespace,
            group=group_of(release.status),
            folded=release.name.lower(),
            seen=generation,
        )


class ReleaseSet:
    """Every row loaded so far, merged page by page; refreshes update in place.

    A refresh starts a new generation; rows the refresh does not see again are dropped
    when it finishes, so the table never empties while a refresh streams in.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[str, int], ReleaseRow] = {}
        self._generation = 0
        self.version = 0  # bumps on every change, so views know when to recompute
        self._shown: tuple[int, list[ReleaseRow]] = (-1, [])

    def __len__(self) -> int:
        return len(self._rows)

    def begin(self) -> None:
        """Start a (re)load."""
        self._generation += 1

    def add(self, releases: Iterable[Release]) -> None:
        """Merge one page."""
        for release in releases:
            row = ReleaseRow.from_release(release, self._generation)
            self._rows[row.key] = row
        self.version += 1

    def finish(self) -> None:
        """End a load: forget rows this load did not return."""
        stale = [k for k, r in self._rows.items() if r.seen != self._generation]
        for key in stale:
            del self._rows[key]
        if stale:
            self.version += 1

    def rows(self) -> list[ReleaseRow]:
        """Rows as ``helm list`` shows them.

        That is the newest revision per name, plus any SUPERSEDED revisions (present only
        when that filter asked Tiller for them).
        """
        if self._shown[0] == self.version:
            return list(self._shown[1])
        newest: dict[str, int] = {}
        for row in self._rows.values():
            if row.status is not ReleaseStatus.SUPERSEDED and row.revision > newest.get(
                row.name, 0
            ):
                newest[row.name] = row.revision
        shown = [
            r
            for r in self._rows.values()
            if r.status is ReleaseStatus.SUPERSEDED or newest.get(r.name) == r.revision
        ]
        self._shown = (self.version, shown)
        return list(shown)

    def namespaces(self) -> list[str]:
        """Namespaces seen, sorted."""
        return sorted({r.namespace for r in self._rows.values()})


def fuzzy_pattern(query: str) -> re.Pattern[str] | None:
    """A regex matching names that contain the query's characters in order."""
    folded = query.strip().lower()
    if not folded:
        return None
    return re.compile(".*?".join(re.escape(ch) for ch in folded))


def fuzzy_positions(query: str, text: str) -> list[int]:
    """Indexes of ``text`` a fuzzy query matched (greedy, left to right), for highlighting.

    Prefers a contiguous occurrence of the whole query when there is one: it is what the
    user most likely typed.
    """
    folded_q, folded_t = query.strip().lower(), text.lower()
    if not folded_q:
        return []
    start = folded_t.find(folded_q)
    if start >= 0:
        return list(range(start, start + len(folded_q)))
    positions: list[int] = []
    at = 0
    for ch in folded_q:
        at = folded_t.find(ch, at)
        if at < 0:
            return []
        positions.append(at)
        at += 1
    return positions


@dataclass(frozen=True)
class ViewSpec:
    """What the table shows: filters and sort."""

    query: str = ""
    groups: frozenset[str] = DEFAULT_GROUPS
    namespace: str = ""
    sort: str = "name"
    descending: bool = False


class ReleaseView:
    """Filters and sorts a ``ReleaseSet`` for display, caching what a keystroke can reuse.

    Sorting happens only when data or the sort changes; each filter keystroke scans the
    already-sorted rows (or, when the query only grew, the previous result).
    """

    def __init__(self, source: ReleaseSet) -> None:
        self._source = source
        self._sorted: list[ReleaseRow] = []
        self._sorted_key: tuple[int, str, bool] | None = None
        self._last: tuple[int, ViewSpec, list[ReleaseRow]] | None = None

    def _base(self, spec: ViewSpec) -> list[ReleaseRow]:
        key = (self._source.version, spec.sort, spec.descending)
        if key != self._sorted_key:
            rows = self._source.rows()
            # Name breaks ties so equal keys keep a stable, predictable order.
            rows.sort(key=lambda r: r.name)
            if spec.sort != "name":
                rows.sort(key=lambda r: r.sort_value(spec.sort))  # type: ignore[arg-type,return-value]
            if spec.descending:
                rows.reverse()
            self._sorted, self._sorted_key = rows, key
        return self._sorted

    def apply(self, spec: ViewSpec) -> list[ReleaseRow]:
        """The rows ``spec`` selects, in display order."""
        base = self._base(spec)
        candidates: Sequence[ReleaseRow] = base
        if self._last is not None:
            version, last_spec, last_rows = self._last
            if (
                version == self._source.version
                and last_spec.query.strip()
                and spec.query.strip().lower().startswith(last_spec.query.strip().lower())
                and (last_spec.groups, last_spec.namespace, last_spec.sort, last_spec.descending)
                == (spec.groups, spec.namespace, spec.sort, spec.descending)
            ):
                candidates = last_rows  # the query only grew: narrow the last result
        pattern = fuzzy_pattern(spec.query)
        groups, namespace = spec.groups, spec.namespace
        search = pattern.search if pattern else None
        result = [
            r
            for r in candidates
            if r.group in groups
            and (not namespace or r.namespace == namespace)
            and (search is None or search(r.folded) is not None)
        ]
        self._last = (self._source.version, spec, result)
        return result
