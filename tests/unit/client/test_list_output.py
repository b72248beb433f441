"""``helm-tui list`` output, compared with Helm v2.17's own test expectations."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import pytest

from app.client.listing import ALL_STATUSES, DEFAULT_STATUSES
from app.client.models import (
    Chart,
    ChartMetadata,
    Release,
    ReleaseInfo,
    ReleaseStatus,
    SortBy,
    SortOrder,
)
from app.commands import list as list_command

WHEN = datetime(2009, 2, 13, 23, 31, 30, tzinfo=UTC)
UPDATED = "Fri Feb 13 23:31:30 2009"


def rel(
    name: str,
    app_version: str = "",
    *,
    revision: int = 1,
    status: ReleaseStatus = ReleaseStatus.DEPLOYED,
    namespace: str = "default",
    deployed: datetime | None = WHEN,
    chart: bool = True,
) -> Release:
    return Release(
        name=name,
        revision=revision,
        namespace=namespace,
        info=ReleaseInfo(status=status, last_deployed=deployed),
        chart=Chart(ChartMetadata("foo", "0.1.0-beta.1", app_version)) if chart else None,
    )


def render(releases: list[Release], next_name: str = "", **kwargs: object) -> str:
    return list_command.render(releases, next_name, tz=UTC, **kwargs)  # type: ignore[arg-type]


def test_table() -> None:
    assert render([rel("atlas")]) == (
        "NAME \tREVISION\tUPDATED                 \tSTATUS  \tCHART           \t"
        "APP VERSION\tNAMESPACE\n"
        f"atlas\t1       \t{UPDATED}\tDEPLOYED\tfoo-0.1.0-beta.1\t           \tdefault  "
    )


def test_table_with_app_version_and_several_rows() -> None:
    releases = [
        rel("atlas", "2.X.A"),
        rel("thomas-guide", revision=12, status=ReleaseStatus.FAILED, namespace="kube-system"),
    ]
    assert render(releases) == (
        "NAME        \tREVISION\tUPDATED                 \tSTATUS  \tCHART           \t"
        "APP VERSION\tNAMESPACE  \n"
        f"atlas       \t1       \t{UPDATED}\tDEPLOYED\tfoo-0.1.0-beta.1\t2.X.A      \t"
        "default    \n"
        f"thomas-guide\t12      \t{UPDATED}\tFAILED  \tfoo-0.1.0-beta.1\t           \t"
        "kube-system"
    )


def test_table_starts_with_next_when_there_is_more() -> None:
    assert render([rel("atlas")], "thomas-guide").startswith("\tnext: thomas-guide\nNAME \t")


def test_table_without_time_or_chart() -> None:
    text = render([rel("atlas", deployed=None, chart=False)])
    assert (
        text.splitlines()[1] == "atlas\t1       \t-      \tDEPLOYED\t-    \t           \tdefault  "
    )


def test_col_width_cuts_long_cells() -> None:
    text = render([rel("a-release-with-a-long-name")], col_width=10)
    assert text.splitlines()[1].startswith("a-relea...\t1       \t")
    assert text.splitlines()[0].startswith("NAME      \tREVISION\tUPDATED   \t")


def test_short() -> None:
    assert render([rel("thomas-guide"), rel("atlas-guide")], "x", short=True) == (
        "thomas-guide\natlas-guide"
    )


def test_json() -> None:
    assert render([rel("thomas-guide")], "atlas-guide", output="json") == (
        '{"Next":"atlas-guide","Releases":[{"Name":"thomas-guide","Revision":1,'
        f'"Updated":"{UPDATED}","Status":"DEPLOYED","Chart":"foo-0.1.0-beta.1",'
        '"AppVersion":"","Namespace":"default"}]}'
    )


def test_yaml() -> None:
    # print() adds one more newline: Helm's output ends with a blank line.
    assert render([rel("thomas-guide")], "atlas-guide", output="yaml") == (
        "Next: atlas-guide\n"
        "Releases:\n"
        '- AppVersion: ""\n'
        "  Chart: foo-0.1.0-beta.1\n"
        "  Name: thomas-guide\n"
        "  Namespace: default\n"
        "  Revision: 1\n"
        "  Status: DEPLOYED\n"
        f"  Updated: {UPDATED}\n"
    )


def test_short_json_and_yaml() -> None:
    assert render([rel("atlas")], output="json", short=True) == '["atlas"]'
    assert render([rel("atlas")], output="yaml", short=True) == "- atlas\n"


def _args(*flags: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    list_command.register(parser.add_subparsers())
    return parser.parse_args(["list", *flags])


@pytest.mark.parametrize(
    ("flags", "statuses"),
    [
        ((), DEFAULT_STATUSES),
        (("--all", "--failed"), ALL_STATUSES),
        (("-a",), ALL_STATUSES),
        (("--deleted", "--deployed"), (ReleaseStatus.DEPLOYED, ReleaseStatus.DELETED)),
        (("--deleting",), (ReleaseStatus.DELETING,)),
        (
            ("--pending",),
            (
                ReleaseStatus.PENDING_INSTALL,
                ReleaseStatus.PENDING_UPGRADE,
                ReleaseStatus.PENDING_ROLLBACK,
            ),
        ),
    ],
)
def test_status_flags(flags: tuple[str, ...], statuses: tuple[ReleaseStatus, ...]) -> None:
    assert list_command.query_from(_args(*flags)).statuses == statuses


def test_sort_filter_and_namespace_flags() -> None:
    query = list_command.query_from(_args("-d", "-r", "--namespace", "ns", "ara", "[a-z]+"))
    assert (query.sort_by, query.sort_order, query.filter, query.namespace) == (
        SortBy.LAST_RELEASED,
        SortOrder.DESC,
        "ara [a-z]+",
        "ns",
    )
    assert list_command.query_from(_args("-d", "-c")).sort_by == SortBy.CHART_NAME
    assert list_command.query_from(_args()).sort_by == SortBy.NAME


def test_paging_flags() -> None:
    args = _args("-m", "5", "-o", "bravo", "--col-width", "20", "-q", "--output", "json")
    assert (args.max, args.offset, args.col_width, args.short, args.output) == (
        5,
        "bravo",
        20,
        True,
        "json",
    )
    assert _args().max == 256 and _args().col_width == 60
