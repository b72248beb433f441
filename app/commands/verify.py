"""``helm-tui verify PATH``: provenance verification, which helm-tui refuses to fake."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers


def register(subparsers: Subparsers) -> None:
    """Add the ``verify`` command."""
    parser = subparsers.add_parser(
        "verify",
        help="verify that a chart at the given path has been signed and is valid",
        description="Verify that the given chart has a valid provenance file.\n\n"
        "helm-tui does not implement OpenPGP signature checking, so this command always "
        "fails rather than claim a chart is verified.",
    )
    parser.add_argument("path", metavar="PATH", help="chart archive")
    parser.add_argument("--keyring", default="", help="keyring containing public keys")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fail with an explanation (after the basic checks Helm does first)."""
    import sys
    from pathlib import Path

    from app.repos.cliutil import PROVENANCE_UNSUPPORTED

    path = Path(args.path)
    if not path.is_file():
        print(f"Error: open {args.path}: no such file or directory", file=sys.stderr)
        return 1
    if not Path(str(path) + ".prov").is_file():
        print(f"Error: could not load provenance file {path}.prov: open {path}.prov: "
              "no such file or directory", file=sys.stderr)  # fmt: skip
        return 1
    print(f"Error: {PROVENANCE_UNSUPPORTED}", file=sys.stderr)
    return 1
