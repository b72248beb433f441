"""``helm-tui create NAME``: a new chart from Helm v2's scaffold or a starter."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command creates a chart directory along with the common files and
directories used in a chart.

For example, 'helm-tui create foo' will create a directory structure that looks
something like this:

    foo/
      |
      |- .helmignore   # Contains patterns to ignore when packaging Helm charts.
      |
      |- Chart.yaml    # Information about your chart
      |
      |- values.yaml   # The default values for your templates
      |
      |- charts/       # Charts that this chart depends on
      |
      |- templates/    # The template files
      |
      |- templates/tests/       # The test files

'helm-tui create' takes a path for an argument. If directories in the given path
do not exist, Helm will attempt to create them as it goes. If the given
destination exists and there are files in that directory, conflicting files
will be left alone, the others added.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``create`` command."""
    parser = subparsers.add_parser(
        "create", help="create a new chart with the given name", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("name", metavar="NAME", help="the chart's path; its last part is the name")
    parser.add_argument("-p", "--starter", default="",
                        help="the named Helm starter scaffold")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Create the chart and print ``Creating NAME``."""
    from pathlib import Path

    from app.charts.create import create, create_from_starter
    from app.repos.cliutil import home_of, report_errors

    @report_errors
    def go(args: argparse.Namespace) -> int:
        target = Path(args.name)
        print(f"Creating {args.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if args.starter:
            starter = Path(args.starter)
            if not starter.is_absolute():
                starter = home_of(args).starters / args.starter
            create_from_starter(target.name, target.parent, starter)
        else:
            create(target.name, target.parent)
        return 0

    return go(args)
