"""``helm-tui upgrade RELEASE CHART``: upgrade (or with ``--install`` install) as Helm v2.17.

The work is ``app.ops.upgrade``; this module maps Helm's flags onto it and prints
Helm's output, including ``--atomic``'s ``UPGRADE FAILED`` / ``ROLLING BACK`` lines.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import (
    TIMEOUT_HELP,
    add_chart_flags,
    add_output_flag,
    add_values_flags,
    chart_location,
    default_namespace,
    need_args,
    output_format,
    progress_printer,
    show_secrets,
    value_sources,
    write,
)
from app.commands.status import render

if TYPE_CHECKING:
    from app.client.client import TillerClient
    from app.commands._common import Subparsers
    from app.ops.install import AtomicError
    from app.ops.progress import Progress
    from app.ops.upgrade import UpgradeOutcome, UpgradeSpec

DESCRIPTION = """\
This command upgrades a release to a new version of a chart.

The upgrade arguments must be a release and chart. The chart
argument can be either: a chart reference('stable/mariadb'), a path to a chart directory,
a packaged chart, or a fully qualified URL. For chart references, the latest
version will be specified unless the '--version' flag is set.

To override values in a chart, use either the '--values' flag and pass in a file
or use the '--set' flag and pass configuration from the command line, to force string
values, use '--set-string'. In case a value is large and therefore
you want not to use neither '--values' nor '--set', use '--set-file' to read the
single large value from file.

You can specify the '--values'/'-f' flag multiple times. The priority will be given to the
last (right-most) file specified.
"""


def add_upgrade_flags(parser: argparse.ArgumentParser) -> None:
    """Helm v2.17's ``upgrade`` flags (shared with ``diff upgrade``)."""
    flag = parser.add_argument
    flag("-i", "--install", action="store_true",
         help="if a release by this name doesn't already exist, run an install")  # fmt: skip
    flag("--namespace", default="", help="namespace to install the release into (only used "
         "if --install is set). Defaults to the current kube config namespace")  # fmt: skip
    flag("--dry-run", action="store_true", help="simulate an upgrade")
    flag("--recreate-pods", action="store_true",
         help="performs pods restart for the resource if applicable")  # fmt: skip
    flag("--force", action="store_true",
         help="force resource update through delete/recreate if needed")  # fmt: skip
    flag("--no-hooks", "--disable-hooks", dest="no_hooks", action="store_true",
         help="disable pre/post upgrade hooks")  # fmt: skip
    flag("--timeout", type=int, default=300, help=TIMEOUT_HELP)
    flag("--reset-values", action="store_true", help="when upgrading, reset the values to the "
         "ones built into the chart")  # fmt: skip
    flag("--reuse-values", action="store_true", help="when upgrading, reuse the last release's "
         "values and merge in any overrides from the command line via --set and -f. If "
         "'--reset-values' is specified, this is ignored.")  # fmt: skip
    flag("--wait", action="store_true", help="if set, will wait until all Pods, PVCs, Services, "
         "and minimum number of Pods of a Deployment are in a ready state before marking the "
         "release as successful. It will wait for as long as --timeout")  # fmt: skip
    flag("--atomic", action="store_true", help="if set, upgrade process rolls back changes made "
         "in case of failed upgrade, also sets --wait flag")  # fmt: skip
    flag("--render-subchart-notes", action="store_true",
         help="render subchart notes along with parent")  # fmt: skip
    flag("--description", default="", help="specify the description to use for the upgrade")
    flag("--cleanup-on-fail", action="store_true", help="allow deletion of new resources "
         "created in this upgrade when upgrade failed")  # fmt: skip
    add_values_flags(parser)
    add_chart_flags(parser)


def register(subparsers: Subparsers) -> None:
    """Add the ``upgrade`` command."""
    parser = subparsers.add_parser(
        "upgrade",
        help="upgrade a release",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("args", nargs="*", metavar="RELEASE CHART")
    add_upgrade_flags(parser)
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def upgrade_spec(args: argparse.Namespace, name: str, chart: str) -> UpgradeSpec:
    """The flags as an ``UpgradeSpec``."""
    from app.ops.upgrade import UpgradeSpec

    return UpgradeSpec(
        name=name,
        location=chart_location(args, chart),
        values=value_sources(args),
        install=args.install,
        namespace=args.namespace,
        default_namespace=default_namespace(args),
        atomic=args.atomic,
        dry_run=args.dry_run,
        recreate=args.recreate_pods,
        force=args.force,
        disable_hooks=args.no_hooks,
        timeout=args.timeout,
        reset_values=args.reset_values,
        reuse_values=args.reuse_values,
        wait=args.wait,
        description=args.description,
        sub_notes=args.render_subchart_notes,
        cleanup_on_fail=args.cleanup_on_fail,
    )


class _UpgradeFailed(Exception):
    """UpdateRelease failed (Helm prints ``UPGRADE FAILED`` for exactly this)."""

    def __init__(self, cause: Exception, atomic: AtomicError | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.atomic = atomic


def run(args: argparse.Namespace) -> int:
    """Plan and run the upgrade; print Helm's output."""
    from app.commands.install import print_atomic_install_failure, print_outcome
    from app.ops.errors import OpsError
    from app.ops.install import AtomicError

    need_args(args.args, "release name", "chart path")
    output = output_format(args)
    spec = upgrade_spec(args, args.args[0], args.args[1])
    try:
        outcome = call_tiller(args, lambda tiller: _upgrade(tiller, spec, progress_printer(args)))
    except _UpgradeFailed as failed:
        write(f"UPGRADE FAILED\nError: {failed.cause}\n")
        if failed.atomic is not None:
            write("ROLLING BACK")  # Helm prints no newline here
            if failed.atomic.undo_error is None:
                write("Rollback was a success.\n")
            else:
                raise failed.atomic from None
        raise OpsError(f"UPGRADE FAILED: {failed.cause}") from None
    except AtomicError as err:  # the install path (upgrade --install of a new release)
        print_atomic_install_failure(err)
        raise
    if outcome.installed is not None:
        print_outcome(args, outcome.installed, output)
        return 0
    if args.debug:
        from app.commands.install import debug_release_text

        write(debug_release_text(outcome.release, show_secrets(args)))
    if output == "table":
        write(f'Release "{spec.name}" has been upgraded.\n')
    if outcome.status is not None:
        write(render(outcome.status, output))
    return 0


async def _upgrade(
    tiller: TillerClient, spec: UpgradeSpec, progress: Progress | None
) -> UpgradeOutcome:
    from dataclasses import replace

    from app.client.errors import TillerError
    from app.ops.install import AtomicError
    from app.ops.upgrade import apply_upgrade, plan_upgrade

    plan = await plan_upgrade(tiller, spec)
    for message in plan.warnings:
        write(f"WARNING: {message}\n")
    if plan.install is not None:
        write(f'Release "{spec.name}" does not exist. Installing it now.\n')
        return await apply_upgrade(tiller, plan, progress)
    try:
        outcome = await apply_upgrade(tiller, plan, progress, with_status=False)
    except AtomicError as err:
        raise _UpgradeFailed(err.cause, err) from err
    except TillerError as err:
        raise _UpgradeFailed(err, None) from err
    # Helm prints the release's status after the upgrade, dry run or not.
    return replace(outcome, status=await tiller.release_status(spec.name))
