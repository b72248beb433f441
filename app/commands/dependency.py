"""``helm-tui dependency list|update|build``: manage a chart's requirements."""

# Flag help texts are Helm v2's own, kept whole for `--help` parity.
# ruff: noqa: E501

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
Manage the dependencies of a chart.

Dependencies are declared in requirements.yaml with a name, a version (semver
range) and a repository: a repository URL (which must be added with
'helm-tui repo add'), '@name' / 'alias:name' for a configured repository, or
'file://path' for a chart directory on disk.

'update' resolves the ranges, writes requirements.lock and downloads the charts
into charts/; 'build' downloads what requirements.lock lists; 'list' shows the
status of each dependency.
"""


def register(subparsers: Subparsers) -> None:
    """Add ``dependency`` (alias ``dep``) and its subcommands."""
    parser = subparsers.add_parser(
        "dependency", aliases=["dep", "dependencies"], help="manage a chart's dependencies",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", dest="dep_command")
    listing = sub.add_parser(
        "list", aliases=["ls"], help="list the dependencies for the given chart"
    )
    listing.add_argument("chart", metavar="CHART", nargs="?", default=".")
    listing.set_defaults(run=run_list)
    for name, text, aliases in (
        ("update", "update charts/ based on the contents of requirements.yaml", ["up"]),
        ("build", "rebuild the charts/ directory based on the requirements.lock file", []),
    ):
        p = sub.add_parser(name, aliases=aliases, help=text, description=text)
        p.add_argument("chart", metavar="CHART", nargs="?", default=".")
        p.add_argument("--skip-refresh", action="store_true",
                       help="do not refresh the local repository cache")  # fmt: skip
        p.add_argument(
            "--verify", action="store_true", help="verify the packages against signatures"
        )
        p.add_argument("--keyring", default="", help="keyring containing public keys")
        p.set_defaults(run=run_update if name == "update" else run_build)

    def usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    parser.set_defaults(run=usage)


def _manager(args: argparse.Namespace) -> object:
    from pathlib import Path

    from app.charts.dependencies import Manager
    from app.repos.cliutil import PROVENANCE_UNSUPPORTED, home_of
    from app.repos.errors import HelmError

    if getattr(args, "verify", False):
        raise HelmError(PROVENANCE_UNSUPPORTED)
    chart = Path(args.chart)
    if not (chart / "Chart.yaml").exists():
        raise HelmError(f'no Chart.yaml exists in directory "{chart.resolve()}"')
    return Manager(chart, home_of(args), skip_refresh=getattr(args, "skip_refresh", False))


def run_update(args: argparse.Namespace) -> int:
    """``dependency update``."""
    from app.charts.dependencies import Manager
    from app.repos.cliutil import report_errors

    @report_errors
    def go(args: argparse.Namespace) -> int:
        manager = _manager(args)
        assert isinstance(manager, Manager)
        manager.update()
        return 0

    return go(args)


def run_build(args: argparse.Namespace) -> int:
    """``dependency build``."""
    from app.charts.dependencies import Manager
    from app.repos.cliutil import report_errors

    @report_errors
    def go(args: argparse.Namespace) -> int:
        manager = _manager(args)
        assert isinstance(manager, Manager)
        manager.build()
        return 0

    return go(args)


def run_list(args: argparse.Namespace) -> int:
    """``dependency list``: a table of requirements with their status in charts/."""
    from pathlib import Path

    from app.charts.dependencies import Manager
    from app.charts.depfiles import dependency_status, unlisted_charts
    from app.client.helmfmt import uitable
    from app.repos.cliutil import home_of, report_errors
    from app.repos.errors import HelmError

    @report_errors
    def go(args: argparse.Namespace) -> int:
        chart = Path(args.chart)
        if not chart.exists():
            raise HelmError(f"stat {args.chart}: no such file or directory")
        deps = Manager(chart, home_of(args)).requirements()
        if deps is None:
            print(f"WARNING: no requirements at {args.chart}/charts")
            return 0
        rows: list[list[str]] = [["NAME", "VERSION", "REPOSITORY", "STATUS"]]
        rows += [[d.name, d.version, d.repository, dependency_status(chart, d)] for d in deps]
        print(uitable(rows, max_col_width=80))
        print()
        for warning in unlisted_charts(chart, deps):
            print(warning)
        return 0

    return go(args)
