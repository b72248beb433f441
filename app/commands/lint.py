"""``helm-tui lint PATH...``: examine charts for possible issues, as Helm v2.17 does."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command takes a path to a chart and runs a series of tests to verify that
the chart is well-formed.

If the linter encounters things that will cause the chart to fail installation,
it will emit [ERROR] messages. If it encounters issues that break with convention
or recommendation, it will emit [WARNING] messages.
"""
_COMMAS = "(can specify multiple or separate values with commas: key1=val1,key2=val2)"


def register(subparsers: Subparsers) -> None:
    """Add the ``lint`` command."""
    parser = subparsers.add_parser(
        "lint", help="examines a chart for possible issues", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    flag = parser.add_argument
    flag("paths", metavar="PATH", nargs="*", default=["."], help="chart directories or archives")
    flag("--strict", action="store_true", help="fail on lint warnings")
    flag("--namespace", default="default", help="namespace to put the release into")
    flag("-f", "--values", action="append", default=[], metavar="FILE",
         help="specify values in a YAML file (can specify multiple)")  # fmt: skip
    flag("--set", action="append", default=[], help=f"set values on the command line {_COMMAS}")
    flag("--set-string", action="append", default=[],
         help=f"set STRING values on the command line {_COMMAS}")  # fmt: skip
    flag("--set-file", action="append", default=[],
         help="set values from respective files specified via the command line")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Lint each path; exit 1 when any chart reaches the failure threshold."""
    import sys
    import tempfile

    from app.charts.lint import Severity, lint_chart
    from app.charts.uservalues import UserValuesError, user_values
    from app.repos.cliutil import report_errors
    from app.repos.errors import HelmError

    @report_errors
    def go(args: argparse.Namespace) -> int:
        try:
            raw = user_values(args.values, args.set, args.set_string, args.set_file)
        except UserValuesError as err:
            raise HelmError(str(err)) from None
        tolerance = Severity.WARNING if args.strict else Severity.ERROR
        total = failures = 0
        for path in args.paths:
            with tempfile.TemporaryDirectory(prefix="helm-lint") as tmp:
                try:
                    chart_dir = _chart_dir(Path(path), Path(tmp))
                except HelmError as err:
                    print(f"==> Skipping {path}")
                    print(err)
                    if str(err).startswith("No chart found"):
                        failures += 1
                    print()
                    continue
                linter = lint_chart(chart_dir, raw, args.namespace, args.strict)
            print(f"==> Linting {path}")
            if not linter.messages:
                print("Lint OK")
            for message in linter.messages:
                print(message)
            total += 1
            if linter.highest >= tolerance:
                failures += 1
            print()
        summary = f"{total} chart(s) linted"
        if failures:
            print(f"Error: {summary}, {failures} chart(s) failed", file=sys.stderr)
            return 1
        print(f"{summary}, no failures")
        return 0

    return go(args)


def _chart_dir(path: Path, tmp: Path) -> Path:
    """The directory to lint: the path itself, or an archive expanded into ``tmp``."""
    from app.charts.archive import expand
    from app.repos.errors import HelmError

    if path.name.endswith(".tgz"):
        try:
            data = path.read_bytes()
        except OSError as err:
            raise HelmError(f"open {path}: {err.strerror}") from None
        chart_dir = expand(data, tmp, str(path))
    else:
        chart_dir = path
    if not (chart_dir / "Chart.yaml").exists():
        raise HelmError("No chart found for linting (missing Chart.yaml)")
    return chart_dir
