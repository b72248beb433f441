"""What the chart and repository commands share: the home, error reporting, Go-style flags."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable

from app.repos.errors import HelmError
from app.repos.home import HelmHome

Run = Callable[[argparse.Namespace], int]


def home_of(args: argparse.Namespace) -> HelmHome:
    """``--home`` > ``$HELM_HOME`` > ``~/.helm``."""
    return HelmHome.resolve(getattr(args, "home", None))


def report_errors(run: Run) -> Run:
    """Print failures as Helm does (``Error: <message>`` on stderr) and exit with 1.

    Chart loading, values and OS errors are turned into that form too, so the user never
    sees a traceback for bad input.
    """

    @functools.wraps(run)
    def wrapper(args: argparse.Namespace) -> int:
        from app.charts.loader import ChartLoadError

        try:
            return run(args)
        except (HelmError, ChartLoadError) as err:
            print(f"Error: {err}", file=sys.stderr)
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            print(f"Error: {where}{err.strerror or err}", file=sys.stderr)
        return 1

    return wrapper


def go_bool(text: str) -> bool:
    """Parse a Go ``strconv.ParseBool`` value (for ``--save=false`` style flags).

    Raises:
        argparse.ArgumentTypeError: not a Go boolean.
    """
    if text in ("1", "t", "T", "true", "TRUE", "True"):
        return True
    if text in ("0", "f", "F", "false", "FALSE", "False"):
        return False
    raise argparse.ArgumentTypeError(
        f'invalid argument "{text}": strconv.ParseBool: invalid syntax'
    )


def add_bool_flag(
    parser: argparse.ArgumentParser, flag: str, default: bool, help_text: str
) -> None:
    """A Go-style boolean flag: ``--flag`` sets true, ``--flag=false`` sets false."""
    parser.add_argument(
        flag, nargs="?", const=True, default=default, type=go_bool, metavar="BOOL", help=help_text
    )


PROVENANCE_UNSUPPORTED = (
    "provenance verification (.prov files, OpenPGP signatures) is not supported by helm-tui: "
    "no maintained pure-Python OpenPGP library is available to check signatures honestly, "
    "so nothing is reported as verified. Verify with Helm v2's 'helm verify' or gpg instead"
)
