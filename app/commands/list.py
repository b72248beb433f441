"""``helm-tui list``: releases, printed exactly as Helm v2.17's ``helm list`` prints them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from app.client.helmfmt import ansic, go_json, go_yaml, uitable
from app.client.listing import ListQuery, latest_per_name, status_codes_for
from app.client.models import Release, SortBy, SortOrder
from app.commands._common import add_tls_flags, call_tiller

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command lists all of the releases.

By default, it lists only releases that are deployed or failed. Flags like
'--deleted' and '--all' will alter this behavior. Such flags can be combined:
'--deleted --failed'.

By default, items are sorted alphabetically. Use the '-d' flag to sort by
release date.

If an argument is provided, it will be treated as a filter. Filters are
regular expressions (Perl compatible) that are applied to the list of releases.
Only items that match the filter will be returned.

If no results are found, 'helm-tui list' will exit 0, but with no output.

By default, up to 256 items may be returned. To limit this, use the '--max' flag.
Setting '--max' to 0 will not return all results. Rather, it will return the
server's default, which may be much higher than 256. Pairing the '--max'
flag with the '--offset' flag allows you to page through results.
"""

HEADER = ("NAME", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "NAMESPACE")
OUTPUT_FORMATS = ("", "json", "yaml")


def _col_width(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def register(subparsers: Subparsers) -> None:
    """Add the ``list`` command (alias ``ls``) with Helm v2.17's flags."""
    parser = subparsers.add_parser(
        "list",
        aliases=["ls"],
        help="list releases",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flag = parser.add_argument
    flag("filter", nargs="*", metavar="FILTER", help="regular expression on release names")
    flag(
        "-a",
        "--all",
        action="store_true",
        help="show all releases, not just the ones marked DEPLOYED",
    )
    flag("-c", "--chart-name", action="store_true", help="sort by chart name")
    flag(
        "--col-width",
        type=_col_width,
        default=60,
        metavar="N",
        help="specifies the max column width of output (default 60)",
    )
    flag("-d", "--date", action="store_true", help="sort by release date")
    flag("--deleted", action="store_true", help="show deleted releases")
    flag("--deleting", action="store_true", help="show releases that are currently being deleted")
    flag(
        "--deployed",
        action="store_true",
        help="show deployed releases. If no other is specified, this will be automatically enabled",
    )
    flag("--failed", action="store_true", help="show failed releases")
    flag(
        "-m",
        "--max",
        type=int,
        default=256,
        help="maximum number of releases to fetch (default 256)",
    )
    flag("--namespace", default="", help="show releases within a specific namespace")
    flag(
        "-o",
        "--offset",
        default="",
        help="next release name in the list, used to offset from start value",
    )
    flag("--output", default="", help="output the specified format (json or yaml)")
    flag("--pending", action="store_true", help="show pending releases")
    flag("-r", "--reverse", action="store_true", help="reverse the sort order")
    flag("-q", "--short", action="store_true", help="output short (quiet) listing format")
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def query_from(args: argparse.Namespace) -> ListQuery:
    """The ListReleases query ``helm list`` sends for these flags."""
    sort_by = SortBy.NAME
    if args.date:
        sort_by = SortBy.LAST_RELEASED
    if args.chart_name:  # checked last, so it wins over --date, as in Helm
        sort_by = SortBy.CHART_NAME
    return ListQuery(
        filter=" ".join(args.filter),
        statuses=status_codes_for(
            all=args.all,
            deployed=args.deployed,
            deleted=args.deleted,
            deleting=args.deleting,
            failed=args.failed,
            pending=args.pending,
        ),
        namespace=args.namespace,
        sort_by=sort_by,
        sort_order=SortOrder.DESC if args.reverse else SortOrder.ASC,
    )


def run(args: argparse.Namespace) -> int:
    """Fetch one page of releases and print it."""
    if args.output not in OUTPUT_FORMATS:
        print(f'Error: Unknown output format "{args.output}"', file=sys.stderr)
        return 1
    query = query_from(args)
    page = call_tiller(
        args, lambda tiller: tiller.list_page(query, limit=args.max, offset=args.offset)
    )
    if not page.releases:
        return 0  # Helm prints nothing at all when nothing matched
    releases = latest_per_name(page.releases)
    print(
        render(releases, page.next, output=args.output, short=args.short, col_width=args.col_width)
    )
    return 0


def rows(releases: Sequence[Release], tz: tzinfo | None = None) -> list[dict[str, Any]]:
    """Helm's ``listRelease`` records, in its field order (JSON and YAML use these names)."""
    return [
        {
            "Name": rel.name,
            "Revision": rel.revision,
            "Updated": ansic(rel.info.last_deployed, tz) if rel.info.last_deployed else "-",
            "Status": rel.info.status.name,
            "Chart": rel.chart.metadata.full_name if rel.chart else "-",
            "AppVersion": rel.chart.metadata.app_version if rel.chart else "",
            "Namespace": rel.namespace,
        }
        for rel in releases
    ]


def render(
    releases: Sequence[Release],
    next_name: str,
    *,
    output: str = "",
    short: bool = False,
    col_width: int = 60,
    tz: tzinfo | None = None,
) -> str:
    """The text ``helm list`` prints (without the final newline ``print`` adds).

    Args:
        releases: releases to show, already de-duplicated.
        next_name: the page's ``next``; the table starts with a ``next:`` line when set.
        output: ``""`` (table), ``"json"`` or ``"yaml"``.
        short: names only.
        col_width: maximum column width of the table.
        tz: time zone for UPDATED; default local time.
    """
    records = rows(releases, tz)
    names = [record["Name"] for record in records]
    result: Any = names if short else {"Next": next_name, "Releases": records}
    if output == "json":
        return go_json(result)
    if output == "yaml":
        return go_yaml(result)
    if short:
        return "\n".join(names)
    table = uitable([HEADER, *(tuple(r.values()) for r in records)], col_width)
    return (f"\tnext: {next_name}\n" if next_name else "") + table
