"""``helm-tui test RELEASE``: run a release's tests, printing Tiller's messages as they come."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import TIMEOUT_HELP, add_output_flag, output_format, write
from app.ops.errors import UsageError

if TYPE_CHECKING:
    from app.client.requests import TestMessage
    from app.commands._common import Subparsers

DESCRIPTION = """\
The test command runs the tests for a release.

The argument this command takes is the name of a deployed release.
The tests to be run are defined in the chart that was installed.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``test`` command."""
    parser = subparsers.add_parser(
        "test",
        help="test a release",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flag = parser.add_argument
    flag("release", nargs="?", metavar="RELEASE")
    flag("--timeout", type=int, default=300, help=TIMEOUT_HELP)
    flag("--cleanup", action="store_true", help="delete test pods upon completion")
    flag("--parallel", action="store_true", help="run test pods in parallel")
    flag("--max", type=int, default=20, help="maximum number of test pods to run in parallel")
    flag("--logs", action="store_true", help="dump the logs from test pods (this runs after all "
         "tests are complete, but before any cleanup)")  # fmt: skip
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the tests; fail with ``N test(s) failed`` when any failed."""
    from app.client.requests import TestRequest
    from app.ops.helmtext import go_printf_no_args
    from app.ops.lifecycle import raise_for_failures, run_tests

    if not args.release:
        raise UsageError("release name is required")
    output = output_format(args)
    request = TestRequest(
        name=args.release,
        timeout=args.timeout,
        cleanup=args.cleanup,
        parallel=args.parallel,
        max_parallel=args.max,
        logs=args.logs,
    )

    def show(message: TestMessage) -> None:
        if output == "table":
            # Helm passes each message to Fprintf as the format itself.
            write(go_printf_no_args(message.msg + "\n"))

    outcome = call_tiller(args, lambda tiller: run_tests(tiller, request, show))
    if output != "table":
        from app.commands._render import document

        results = [{"message": m.msg, "status": m.status.name} for m in outcome.messages]
        write(
            document(
                {"release": args.release, "failed": outcome.failed, "results": results}, output
            )
        )
    raise_for_failures(outcome)
    return 0
