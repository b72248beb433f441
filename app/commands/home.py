"""``helm-tui home``: print the location of $HELM_HOME."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers


def register(subparsers: Subparsers) -> None:
    """Add the ``home`` command."""
    parser = subparsers.add_parser(
        "home",
        help="displays the location of HELM_HOME",
        description="This command displays the location of HELM_HOME. This is where\n"
        "any helm configuration files live.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the home directory (with ``--debug``, the paths inside it too)."""
    from app.repos.cliutil import home_of

    home = home_of(args)
    print(home.root)
    if getattr(args, "debug", False):
        print(f"Repository: {home.repository}")
        print(f"RepositoryFile: {home.repository_file}")
        print(f"Cache: {home.cache}")
        print(f"Stable CacheIndex: {home.cache_index('stable')}")
        print(f"Starters: {home.starters}")
        print(f"LocalRepository: {home.local_repository}")
        print(f"Plugins: {home.plugins}")
    return 0
