"""``helm-tui package PATH...``: package chart directories into versioned archives."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command packages a chart into a versioned chart archive file. If a path
is given, this will look at that path for a chart (which must contain a
Chart.yaml file) and then package that directory.

If no path is given, this will look in the present working directory for a
Chart.yaml file, and (if found) build the current directory into a chart.

Versioned chart archives are used by Helm package repositories. The same chart
always gives the same archive bytes (set SOURCE_DATE_EPOCH to choose the file times).
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``package`` command."""
    from app.repos.cliutil import add_bool_flag

    parser = subparsers.add_parser(
        "package", help="package a chart directory into a chart archive",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    flag = parser.add_argument
    flag("paths", metavar="PATH", nargs="*", default=["."], help="chart directories")
    flag("--version", default="", help="set the version on the chart to this semver version")
    flag("--app-version", default="", help="set the appVersion on the chart to this version")
    flag("-d", "--destination", default=".", help="location to write the chart.")
    flag(
        "-u",
        "--dependency-update",
        action="store_true",
        help='update dependencies from "requirements.yaml" to "charts/" before packaging',
    )
    add_bool_flag(parser, "--save", True,
                  "save packaged chart to local chart repository (default true)")  # fmt: skip
    flag("--sign", action="store_true", help="use a PGP private key to sign this package")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Package each path and print where it went."""
    from pathlib import Path

    from app.charts.dependencies import Manager
    from app.charts.package import package
    from app.repos.cliutil import PROVENANCE_UNSUPPORTED, home_of, report_errors
    from app.repos.errors import HelmError

    @report_errors
    def go(args: argparse.Namespace) -> int:
        if args.sign:
            raise HelmError(PROVENANCE_UNSUPPORTED)
        home = home_of(args)
        dest = Path(args.destination)
        for path in args.paths:
            if args.dependency_update:
                Manager(Path(path), home).update()
            local = home.local_repository if args.save else None
            result = package(Path(path), dest, version=args.version,
                             app_version=args.app_version, local_repo=local)  # fmt: skip
            print(f"Successfully packaged chart and saved it to: {result.archive.resolve()}")
        return 0

    return go(args)
