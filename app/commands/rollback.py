"""``helm-tui rollback RELEASE REVISION``: roll a release back, as Helm v2.17 does."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import (
    TIMEOUT_HELP,
    add_output_flag,
    need_args,
    output_format,
    progress_printer,
    write,
)
from app.ops.errors import UsageError

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command rolls back a release to a previous revision.

The first argument of the rollback command is the name of a release, and the
second is a revision (version) number. To see revision numbers, run
'helm-tui history RELEASE'. If you'd like to rollback to the previous release use
'helm-tui rollback [RELEASE] 0'.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``rollback`` command."""
    parser = subparsers.add_parser(
        "rollback",
        help="roll back a release to a previous revision",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flag = parser.add_argument
    flag("args", nargs="*", metavar="RELEASE REVISION")
    flag("--dry-run", action="store_true", help="simulate a rollback")
    flag("--recreate-pods", action="store_true",
         help="performs pods restart for the resource if applicable")  # fmt: skip
    flag("--force", action="store_true",
         help="force resource update through delete/recreate if needed")  # fmt: skip
    flag("--no-hooks", action="store_true", help="prevent hooks from running during rollback")
    flag("--timeout", type=int, default=300, help=TIMEOUT_HELP)
    flag("--wait", action="store_true", help="if set, will wait until all Pods, PVCs, Services, "
         "and minimum number of Pods of a Deployment are in a ready state before marking the "
         "release as successful. It will wait for as long as --timeout")  # fmt: skip
    flag("--description", default="", help="specify a description for the release")
    flag("--cleanup-on-fail", action="store_true", help="allow deletion of new resources "
         "created in this rollback when rollback failed")  # fmt: skip
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Roll back; print ``Rollback was a success.`` (or the new revision as JSON/YAML)."""
    from app.client.requests import RollbackRequest
    from app.ops.lifecycle import rollback

    need_args(args.args, "release name", "revision number")
    output = output_format(args)
    name, text = args.args
    try:
        revision = int(text)
    except ValueError:
        raise UsageError(f'strconv.Atoi: parsing "{text}": invalid syntax') from None
    request = RollbackRequest(
        name=name,
        revision=revision,
        dry_run=args.dry_run,
        disable_hooks=args.no_hooks,
        recreate=args.recreate_pods,
        timeout=args.timeout,
        wait=args.wait,
        force=args.force,
        description=args.description,
        cleanup_on_fail=args.cleanup_on_fail,
    )
    progress = progress_printer(args)
    release = call_tiller(args, lambda tiller: rollback(tiller, request, progress))
    if output == "table":
        write("Rollback was a success.\n")
        return 0
    from app.commands._render import document

    write(
        document(
            {
                "release": release.name,
                "revision": release.revision,
                "status": release.info.status.name,
                "description": release.info.description,
            },
            output,
        )
    )
    return 0
