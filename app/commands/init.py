"""``helm-tui init``: set up $HELM_HOME as Helm v2 does (client side only)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command sets up local configuration in $HELM_HOME (default ~/.helm/).

helm-tui creates the directories Helm v2 uses, repositories.yaml with the 'local'
repository (http://127.0.0.1:8879/charts) and an empty local index. The 'stable'
repository is on the internet; it is only added when --stable-repo-url is given.
Installing Tiller into a cluster is not done by this command: use --client-only.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``init`` command."""
    parser = subparsers.add_parser(
        "init",
        help="initialize Helm on both client and server",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flag = parser.add_argument
    flag("-c", "--client-only", action="store_true", help="if set does not install Tiller")
    flag("--skip-refresh", action="store_true",
         help="do not refresh (download) the local repository cache")  # fmt: skip
    flag("--stable-repo-url", default="",
         help="URL for the stable repository (added only when given)")  # fmt: skip
    flag("--local-repo-url", default="http://127.0.0.1:8879/charts",
         help='URL for local repository (default "http://127.0.0.1:8879/charts")')  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Create the home, then say why Tiller is not installed."""
    from app.repos.cliutil import home_of, report_errors
    from app.repos.initialize import ensure_home

    @report_errors
    def go(args: argparse.Namespace) -> int:
        home = home_of(args)
        ensure_home(home, print, stable_url=args.stable_repo_url, local_url=args.local_repo_url,
                    skip_refresh=args.skip_refresh)  # fmt: skip
        print(f"$HELM_HOME has been configured at {home.root}.")
        if args.client_only:
            print("Not installing Tiller due to 'client-only' flag having been set")
            return 0
        print("Error: installing Tiller into the cluster is not supported by helm-tui init; "
              "run Tiller yourself and use --client-only")  # fmt: skip
        return 1

    return go(args)
