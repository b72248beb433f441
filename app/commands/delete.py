"""``helm-tui delete RELEASE...``: delete releases (``--purge`` their history), as Helm v2.17."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import (
    TIMEOUT_HELP,
    add_output_flag,
    output_format,
    progress_printer,
    write,
)
from app.ops.errors import UsageError

if TYPE_CHECKING:
    from app.commands._common import Subparsers
    from app.ops.lifecycle import DeleteOutcome

DESCRIPTION = """\
This command takes a release name, and then deletes the release from Kubernetes.
It removes all of the resources associated with the last release of the chart.

Use the '--dry-run' flag to see which releases will be deleted without actually
deleting them.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``delete`` command (alias ``del``)."""
    parser = subparsers.add_parser(
        "delete",
        aliases=["del"],
        help="given a release name, delete the release from Kubernetes",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flag = parser.add_argument
    flag("releases", nargs="*", metavar="RELEASE_NAME")
    flag("--dry-run", action="store_true", help="simulate a delete")
    flag("--no-hooks", action="store_true", help="prevent hooks from running during deletion")
    flag("--purge", action="store_true", help="remove the release from the store and make its "
         "name free for later use")  # fmt: skip
    flag("--timeout", type=int, default=300, help=TIMEOUT_HELP)
    flag("--description", default="", help="specify a description for the release")
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Delete each release in turn, printing ``release "NAME" deleted`` after each."""
    from app.client.requests import UninstallRequest
    from app.ops.lifecycle import delete

    if not args.releases:
        raise UsageError("command 'delete' requires a release name")
    output = output_format(args)
    template = UninstallRequest(
        name="",
        disable_hooks=args.no_hooks,
        purge=args.purge,
        timeout=args.timeout,
        description=args.description,
    )

    def deleted(outcome: DeleteOutcome) -> None:
        if output != "table":
            return
        if outcome.info:
            write(outcome.info + "\n")
        write(f'release "{outcome.name}" deleted\n')

    progress = progress_printer(args)
    done = call_tiller(
        args,
        lambda tiller: delete(
            tiller,
            args.releases,
            template,
            dry_run=args.dry_run,
            on_deleted=deleted,
            progress=progress,
        ),
    )
    if output != "table":
        from app.commands._render import document

        releases = [
            {"name": d.name, "purged": d.purged, "dryRun": d.dry_run, "info": d.info} for d in done
        ]
        write(document({"releases": releases}, output))
    return 0
