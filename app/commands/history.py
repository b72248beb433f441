"""``helm-tui history RELEASE``: a release's revisions, as Helm v2.17 prints them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import add_output_flag, output_format, write
from app.ops.errors import UsageError

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
History prints historical revisions for a given release.

A default maximum of 256 revisions will be returned. Setting '--max'
configures the maximum length of the revision list returned.

The historical release set is printed as a formatted table, e.g:

    $ helm-tui history angry-bird --max=4
    REVISION   UPDATED                      STATUS           CHART             APP VERSION     DESCRIPTION
    1           Mon Oct 3 10:15:13 2016     SUPERSEDED      alpine-0.1.0      1.0             Initial install
    2           Mon Oct 3 10:15:13 2016     SUPERSEDED      alpine-0.1.0      1.0             Upgraded successfully
    3           Mon Oct 3 10:15:13 2016     SUPERSEDED      alpine-0.1.0      1.0             Rolled back to 2
    4           Mon Oct 3 10:15:13 2016     DEPLOYED        alpine-0.1.0      1.0             Upgraded successfully
"""  # noqa: E501 - Helm's own help text


def register(subparsers: Subparsers) -> None:
    """Add the ``history`` command (alias ``hist``)."""
    parser = subparsers.add_parser(
        "history",
        aliases=["hist"],
        help="fetch release history",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("release", nargs="?", metavar="RELEASE_NAME")
    parser.add_argument(
        "--max", type=int, default=256, help="maximum number of revision to include in history"
    )
    parser.add_argument(
        "--col-width", type=int, default=60, help="specifies the max column width of output"
    )
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fetch the history (GetHistory) and print it, oldest first."""
    from app.ops import helmtext

    if not args.release:
        raise UsageError("release name is required")
    output = output_format(args)
    revisions = call_tiller(args, lambda tiller: tiller.history(args.release, args.max))
    if revisions:  # Helm prints nothing at all for an empty history
        rows = helmtext.history_rows(revisions)
        write(helmtext.history_text(rows, output, args.col_width))
    return 0
