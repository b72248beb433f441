"""``helm-tui inspect [chart|values|readme] CHART``: show a chart's metadata, values, README."""

# Flag help texts are Helm v2's own, kept whole for `--help` parity.
# ruff: noqa: E501

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command inspects a chart and displays information. It takes a chart reference
('stable/drupal'), a full path to a directory or packaged chart, or a URL.

Inspect prints the contents of the Chart.yaml file and the values.yaml file.
"""
_READMES = ("readme.md", "readme.txt", "readme")
_WHAT = ("chart", "values", "readme")


def register(subparsers: Subparsers) -> None:
    """Add ``inspect [chart|values|readme] CHART``."""
    parser = subparsers.add_parser(
        "inspect", help="inspect a chart", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    flag = parser.add_argument
    flag(
        "parts",
        metavar="[chart|values|readme] CHART",
        nargs="+",
        help="what to show (default: all) and the chart reference, directory, archive or URL",
    )
    flag(
        "--version", default="", help="version of the chart. By default, the newest chart is shown"
    )
    flag("--repo", default="", help="chart repository url where to locate the requested chart")
    flag("--username", default="", help="chart repository username")
    flag("--password", default="", help="chart repository password")
    flag("--cert-file", default="", help="identify HTTPS client using this SSL certificate file")
    flag("--key-file", default="", help="identify HTTPS client using this SSL key file")
    flag(
        "--ca-file",
        default="",
        help="verify certificates of HTTPS-enabled servers using this CA bundle",
    )
    flag("--verify", action="store_true", help="verify the provenance data for this chart")
    flag("--keyring", default="", help="path to the keyring containing public verification keys")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the requested part(s) of the chart."""
    from app.charts.loader import load
    from app.charts.metadata import chartfile_text
    from app.repos import getter
    from app.repos.cliutil import PROVENANCE_UNSUPPORTED, home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.fetch import locate_chart

    @report_errors
    def go(args: argparse.Namespace) -> int:
        parts = list(args.parts)
        show = parts.pop(0) if len(parts) == 2 and parts[0] in _WHAT else "all"
        if len(parts) != 1:
            raise HelmError("This command needs 1 argument: chart name")
        args.chart = parts[0]
        if args.verify:
            raise HelmError(PROVENANCE_UNSUPPORTED)
        creds = getter.Credentials(args.username, args.password, args.cert_file,
                                   args.key_file, args.ca_file)  # fmt: skip
        path = locate_chart(home_of(args), args.chart, args.version, args.repo, creds)
        chart = load(str(path))
        if show in ("chart", "all"):
            print(chartfile_text(chart.metadata))
        if show in ("values", "all") and chart.HasField("values"):
            if show == "all":
                print("---")
            print(chart.values.raw)
        if show in ("readme", "all"):
            if show == "all":
                print("---")
            readme = next((f for f in chart.files if f.type_url.lower() in _READMES), None)
            if readme is not None:
                print(readme.value.decode("utf-8", "replace"))
        return 0

    return go(args)
