"""``helm-tui serve``: a local HTTP chart repository over a directory of archives."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command starts a local chart repository server that serves charts from a
local directory.

The new server will provide HTTP access to a repository. By default, it will
scan all of the charts in '$HELM_HOME/repository/local' and serve those.

Unlike Helm, the index is regenerated whenever the set of chart archives changes,
so charts copied into the directory while it runs are served too.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``serve`` command."""
    parser = subparsers.add_parser(
        "serve", help="start a local http web server", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    flag = parser.add_argument
    flag("--address", default="127.0.0.1:8879", help="address to listen on")
    flag("--repo-path", default="", help="local directory path from which to serve charts")
    flag("--url", default="", help="external URL of chart repository")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Index the directory, bind, and serve until interrupted."""
    import signal
    import sys
    from pathlib import Path

    from app.repos.cliutil import home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.serve import ChartRepository, make_server

    @report_errors
    def go(args: argparse.Namespace) -> int:
        root = Path(args.repo_path) if args.repo_path else home_of(args).local_repository
        if not root.is_dir():
            raise HelmError(f"stat {root}: no such file or directory")
        repo = ChartRepository(root, args.url or f"http://{args.address}")
        print("Regenerating index. This may take a moment.", flush=True)
        repo.refresh()
        server = make_server(repo, args.address, quiet=not getattr(args, "debug", False))
        # SIGTERM stops serving cleanly (tests and the demo script stop us that way).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        print(f"Now serving you on {args.address}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0

    return go(args)
