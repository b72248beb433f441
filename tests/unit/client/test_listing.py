"""Helm's client-side list rules: status flags and de-duplication."""

from __future__ import annotations

from app.client.listing import ALL_STATUSES, DEFAULT_STATUSES, latest_per_name, status_codes_for
from app.client.models import Release, ReleaseStatus


def test_status_codes() -> None:
    assert status_codes_for() == DEFAULT_STATUSES == (ReleaseStatus.DEPLOYED, ReleaseStatus.FAILED)
    assert ReleaseStatus.SUPERSEDED not in ALL_STATUSES and len(ALL_STATUSES) == 8
    assert status_codes_for(all=True, deleted=True) == ALL_STATUSES
    assert status_codes_for(superseded=True, failed=True) == (
        ReleaseStatus.FAILED,
        ReleaseStatus.SUPERSEDED,
    )


def test_latest_per_name_keeps_order_and_highest_revision() -> None:
    releases = [Release("b", 1), Release("a", 3), Release("b", 2), Release("a", 1), Release("c", 1)]
    assert [(r.name, r.revision) for r in latest_per_name(releases)] == [
        ("a", 3),
        ("b", 2),
        ("c", 1),
    ]
