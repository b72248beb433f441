"""``helm-tui install CHART``: install a chart, printing what Helm v2.17 prints.

The work is ``app.ops.install`` (shared with the TUI and script mode); this module maps
Helm's flags onto it and prints Helm's output.
"""

from __future__ import annotations

import argparse
import sys
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
    warn,
    write,
)

if TYPE_CHECKING:
    from app.client.models import Release
    from app.commands._common import Subparsers
    from app.ops.install import AtomicError, InstallOutcome

DESCRIPTION = """\
This command installs a chart archive.

The install argument must be a chart reference, a path to a packaged chart,
a path to an unpacked chart directory or a URL.

To override values in a chart, use either the '--values' flag and pass in a file
or use the '--set' flag and pass configuration from the command line.  To force string
values in '--set', use '--set-string' instead. In case a value is large and therefore
you want not to use neither '--values' nor '--set', use '--set-file' to read the
single large value from file.

	$ helm-tui install -f myvalues.yaml ./redis

To check the generated manifests of a release without installing the chart,
the '--debug' and '--dry-run' flags can be combined. This will still require a
round-trip to the Tiller server.

There are five different ways you can express the chart you want to install:

1. By chart reference: helm-tui install stable/mariadb
2. By path to a packaged chart: helm-tui install ./nginx-1.2.3.tgz
3. By path to an unpacked chart directory: helm-tui install ./nginx
4. By absolute URL: helm-tui install https://example.com/charts/nginx-1.2.3.tgz
5. By chart reference and repo url: helm-tui install --repo https://example.com/charts/ nginx
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``install`` command with Helm v2.17's flags."""
    parser = subparsers.add_parser(
        "install",
        help="install a chart archive",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flag = parser.add_argument
    flag("chart", nargs="*", metavar="CHART")
    flag("-n", "--name", default="", help="the release name. If unspecified, it will "
         "autogenerate one for you")  # fmt: skip
    flag("--namespace", default="", help="namespace to install the release into. Defaults "
         "to the current kube config namespace.")  # fmt: skip
    flag("--dry-run", action="store_true", help="simulate an install")
    flag("--no-hooks", action="store_true", help="prevent hooks from running during install")
    flag("--no-crd-hook", action="store_true",
         help="prevent CRD hooks from running, but run other hooks")  # fmt: skip
    flag("--replace", action="store_true", help="re-use the given name, even if that name is "
         "already used. This is unsafe in production")  # fmt: skip
    flag("--name-template", default="", help="specify template used to name the release")
    flag("--timeout", type=int, default=300, help=TIMEOUT_HELP)
    flag("--wait", action="store_true", help="if set, will wait until all Pods, PVCs, Services, "
         "and minimum number of Pods of a Deployment are in a ready state before marking the "
         "release as successful. It will wait for as long as --timeout")  # fmt: skip
    flag("--atomic", action="store_true", help="if set, installation process purges chart on "
         "fail, also sets --wait flag")  # fmt: skip
    flag("--dep-up", action="store_true", help="run helm dependency update before installing "
         "the chart")  # fmt: skip
    flag("--render-subchart-notes", action="store_true",
         help="render subchart notes along with the parent")  # fmt: skip
    flag("--description", default="", help="specify a description for the release")
    add_values_flags(parser)
    add_chart_flags(parser)
    add_output_flag(parser)
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Plan, install, print the release name and status as Helm does."""
    from app.ops.errors import OpsError
    from app.ops.install import AtomicError, InstallSpec, apply_install, plan_install

    need_args(args.chart, "chart name")
    output = output_format(args)
    if args.dep_up:
        raise OpsError("--dep-up is not supported yet; run 'helm-tui dependency update' first")
    spec = InstallSpec(
        location=chart_location(args, args.chart[0]),
        values=value_sources(args),
        name=args.name,
        name_template=args.name_template,
        namespace=args.namespace or default_namespace(args),
        atomic=args.atomic,
        dry_run=args.dry_run,
        disable_hooks=args.no_hooks,
        disable_crd_hook=args.no_crd_hook,
        replace=args.replace,
        timeout=args.timeout,
        wait=args.wait,
        description=args.description,
        sub_notes=args.render_subchart_notes,
    )
    plan = plan_install(spec)
    if plan.final_name:
        write(f"FINAL NAME: {plan.final_name}\n")
    for message in plan.warnings:
        warn(message)
    progress = progress_printer(args)
    try:
        outcome = call_tiller(args, lambda tiller: apply_install(tiller, plan, progress))
    except AtomicError as err:
        print_atomic_install_failure(err)
        raise
    print_outcome(args, outcome, output)
    return 0


def print_atomic_install_failure(err: AtomicError) -> None:
    """Helm's lines when ``--atomic`` purged a failed install (errors go to stderr after)."""
    write(f"INSTALL FAILED\nPURGING CHART\nError: {err.cause}\n")
    if err.undo_error is None:
        write(f'release "{err.release}" deleted\nSuccessfully purged a chart!\n')


def print_release(args: argparse.Namespace, release: Release) -> None:
    """``NAME:`` and, with ``--debug``, the whole release (Helm's ``printRelease``)."""
    write(f"NAME:   {release.name}\n")
    if args.debug:
        write(debug_release_text(release, show_secrets(args)))


def debug_release_text(release: Release, shown: bool) -> str:
    """The release as ``get`` prints it, for ``--debug`` installs and upgrades."""
    from app.ops import helmtext
    from app.ops.queries import shown_release
    from app.ops.redact import redact_values_yaml
    from app.ops.values import computed_values, values_yaml

    computed = values_yaml(computed_values(release.chart, release.config), show_secrets=shown)
    user = release.config if shown else redact_values_yaml(release.config)
    return helmtext.release_text(shown_release(release, shown), user, computed)


def print_outcome(args: argparse.Namespace, outcome: InstallOutcome, output: str) -> None:
    """What Helm prints after a successful install (or dry run)."""
    from app.commands.status import render

    if output == "table":
        print_release(args, outcome.release)
    if outcome.status is None:  # dry run: Helm cannot show a status
        description = outcome.release.info.description
        if description != "Dry run complete":
            write(f"WARNING: {description}\n")
        return
    write(render(outcome.status, output))
    sys.stdout.flush()
