"""Client-side release-list rules Helm v2's CLI applies around ListReleases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.client.models import Release, ReleaseStatus, SortBy, SortOrder

# ``helm list --all``: every code except SUPERSEDED, in the order Helm sends them.
ALL_STATUSES: tuple[ReleaseStatus, ...] = (
    ReleaseStatus.UNKNOWN,
    ReleaseStatus.DEPLOYED,
    ReleaseStatus.DELETED,
    ReleaseStatus.DELETING,
    ReleaseStatus.FAILED,
    ReleaseStatus.PENDING_INSTALL,
    ReleaseStatus.PENDING_UPGRADE,
    ReleaseStatus.PENDING_ROLLBACK,
)

# ``helm list`` with no status flag.
DEFAULT_STATUSES: tuple[ReleaseStatus, ...] = (ReleaseStatus.DEPLOYED, ReleaseStatus.FAILED)


def status_codes_for(
    *,
    all: bool = False,  # shadows the builtin on purpose: it is Helm's --all flag
    deployed: bool = False,
    deleted: bool = False,
    deleting: bool = False,
    failed: bool = False,
    superseded: bool = False,
    pending: bool = False,
) -> tuple[ReleaseStatus, ...]:
    """Return the status codes ``helm list`` sends for its status flags.

    ``all`` wins over the others; the others combine; none at all means deployed or failed.
    """
    if all:
        return ALL_STATUSES
    codes: list[ReleaseStatus] = []
    if deployed:
        codes.append(ReleaseStatus.DEPLOYED)
    if deleted:
        codes.append(ReleaseStatus.DELETED)
    if deleting:
        codes.append(ReleaseStatus.DELETING)
    if failed:
        codes.append(ReleaseStatus.FAILED)
    if superseded:
        codes.append(ReleaseStatus.SUPERSEDED)
    if pending:
        codes += [
            ReleaseStatus.PENDING_INSTALL,
            ReleaseStatus.PENDING_UPGRADE,
            ReleaseStatus.PENDING_ROLLBACK,
        ]
    return tuple(codes) or DEFAULT_STATUSES


def latest_per_name(releases: Iterable[Release]) -> list[Release]:
    """Keep only the highest revision of each release name, in the original order.

    Tiller matches every stored revision separately, so one name can come back several
    times (e.g. a FAILED revision after a DEPLOYED one); Helm shows only the newest.
    """
    items = list(releases)
    newest: dict[str, int] = {}
    for rel in items:
        if rel.revision >= newest.get(rel.name, rel.revision):
            newest[rel.name] = rel.revision
    return [rel for rel in items if newest[rel.name] == rel.revision]


@dataclass(frozen=True)
class ListQuery:
    """Which releases to list and in what order (the ListReleases request minus paging).

    Attributes:
        filter: a regular expression (Go RE2 syntax, applied by Tiller) release names
            must match; empty matches all.
        statuses: status codes to include; see ``status_codes_for``.
        namespace: only releases in this namespace; empty means all namespaces.
        sort_by: sort key; Helm's CLI sorts by name unless told otherwise.
        sort_order: ascending or descending.
    """

    filter: str = ""
    statuses: tuple[ReleaseStatus, ...] = DEFAULT_STATUSES
    namespace: str = ""
    sort_by: SortBy = SortBy.NAME
    sort_order: SortOrder = SortOrder.ASC
