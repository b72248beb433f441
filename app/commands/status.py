"""``helm-tui status RELEASE``: a release's state, resources and notes, as Helm v2.17 prints."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import add_output_flag, output_format, write
from app.ops.errors import UsageError

if TYPE_CHECKING:
    from app.client.models import StatusReport
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command shows the status of a named release.
The status consists of:
- last deployment time
- k8s namespace in which the release lives
- state of the release (can be: UNKNOWN, DEPLOYED, DELETED, SUPERSEDED, FAILED or DELETING)
- list of resources that this release consists of, sorted by kind
- details on last test suite run, if applicable
- additional notes provided by the chart
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``status`` command."""
    parser = subparsers.add_parser(
        "status",
        help="displays the status of the named release",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("release", nargs="?", metavar="RELEASE_NAME")
    parser.add_argument(
        "--revision", type=int, default=0,
        help="if set, display the status of the named release with revision",
    )  # fmt: skip
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def render(report: StatusReport, output: str) -> str:
    """The status in a format (``table`` is Helm's text)."""
    from app.ops import helmtext

    if output == "json":
        return helmtext.status_json(report)
    if output == "yaml":
        return helmtext.status_yaml(report)
    return helmtext.status_text(report)


def run(args: argparse.Namespace) -> int:
    """Fetch the status (GetReleaseStatus) and print it."""
    if not args.release:
        raise UsageError("release name is required")
    output = output_format(args)
    report = call_tiller(args, lambda tiller: tiller.release_status(args.release, args.revision))
    write(render(report, output))
    return 0
