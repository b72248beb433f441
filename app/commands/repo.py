"""``helm-tui repo add|list|remove|update|index``: manage chart repositories."""

# Flag help texts are Helm v2's own, kept whole for `--help` parity.
# ruff: noqa: E501

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command consists of multiple subcommands to interact with chart repositories.

It can be used to add, remove, list, and index chart repositories.
Example usage:
    $ helm-tui repo add [NAME] [REPO_URL]
"""


def register(subparsers: Subparsers) -> None:
    """Add ``repo`` and its subcommands."""
    parser = subparsers.add_parser(
        "repo", help="add, list, remove, update, and index chart repositories",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    add = sub.add_parser("add", help="add a chart repository")
    add.add_argument("name", metavar="NAME")
    add.add_argument("url", metavar="URL")
    add.add_argument("--username", default="", help="chart repository username")
    add.add_argument("--password", default="", help="chart repository password")
    add.add_argument(
        "--no-update", action="store_true", help="raise error if repo is already registered"
    )
    add.add_argument(
        "--cert-file", default="", help="identify HTTPS client using this SSL certificate file"
    )
    add.add_argument("--key-file", default="", help="identify HTTPS client using this SSL key file")
    add.add_argument(
        "--ca-file",
        default="",
        help="verify certificates of HTTPS-enabled servers using this CA bundle",
    )
    add.set_defaults(run=run_add)
    listing = sub.add_parser("list", aliases=["ls"], help="list chart repositories")
    listing.set_defaults(run=run_list)
    remove = sub.add_parser("remove", aliases=["rm"], help="remove a chart repository")
    remove.add_argument("names", metavar="NAME", nargs="+")
    remove.set_defaults(run=run_remove)
    update = sub.add_parser(
        "update",
        aliases=["up"],
        help="update information of available charts locally from chart repositories",
    )
    update.add_argument("--strict", action="store_true", help="fail on update warnings")
    update.set_defaults(run=run_update)
    index = sub.add_parser(
        "index", help="generate an index file given a directory containing packaged charts"
    )
    index.add_argument("dir", metavar="DIR")
    index.add_argument("--url", default="", help="url of chart repository")
    index.add_argument("--merge", default="", help="merge the generated index into the given index")
    index.set_defaults(run=run_index)

    def usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return 0

    parser.set_defaults(run=usage)


def run_add(args: argparse.Namespace) -> int:
    """``repo add NAME URL``: fetch its index first, then record it."""
    from app.repos.cliutil import home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.manager import add_repo
    from app.repos.repofile import Entry

    @report_errors
    def go(args: argparse.Namespace) -> int:
        password = args.password
        if args.username and not password:
            import getpass
            import sys

            if not sys.stdin.isatty():
                raise HelmError("--password is required with --username when not on a terminal")
            password = getpass.getpass("Password:")
        entry = Entry(
            args.name, args.url, username=args.username, password=password,
            certFile=args.cert_file, keyFile=args.key_file, caFile=args.ca_file,
        )  # fmt: skip
        add_repo(home_of(args), entry, no_update=args.no_update)
        print(f'"{args.name}" has been added to your repositories')
        return 0

    return go(args)


def run_list(args: argparse.Namespace) -> int:
    """``repo list``: NAME and URL of each repository."""
    from app.client.helmfmt import uitable
    from app.repos.cliutil import home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.repofile import RepoFile

    @report_errors
    def go(args: argparse.Namespace) -> int:
        repos = RepoFile.load(home_of(args).repository_file).repositories
        if not repos:
            raise HelmError("no repositories to show")
        print(uitable([["NAME", "URL"]] + [[r.name, r.url] for r in repos]))
        return 0

    return go(args)


def run_remove(args: argparse.Namespace) -> int:
    """``repo remove NAME...``."""
    from app.repos.cliutil import home_of, report_errors
    from app.repos.manager import remove_repo

    @report_errors
    def go(args: argparse.Namespace) -> int:
        for name in args.names:
            remove_repo(home_of(args), name)
            print(f'"{name}" has been removed from your repositories')
        return 0

    return go(args)


def run_update(args: argparse.Namespace) -> int:
    """``repo update``: refresh every index except ``local``'s."""
    from app.repos.cliutil import home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.manager import UpdateResult, update_repos
    from app.repos.repofile import RepoFile

    @report_errors
    def go(args: argparse.Namespace) -> int:
        home = home_of(args)
        repos = RepoFile.load(home.repository_file).repositories
        if not repos:
            raise HelmError("no repositories found. You must add one before updating")
        print("Hang tight while we grab the latest from your chart repositories...")

        def report(r: UpdateResult) -> None:
            if r.skipped:
                print(f"...Skip {r.name} chart repository")
            elif r.error:
                print(f'...Unable to get an update from the "{r.name}" chart repository '
                      f"({r.url}):\n\t{r.error}")  # fmt: skip
            else:
                print(f'...Successfully got an update from the "{r.name}" chart repository')

        results = update_repos(home, repos, report)
        if args.strict and any(r.error for r in results):
            raise HelmError("Update Failed. Check log for details")
        print("Update Complete. ⎈ Happy Helming!⎈ ")
        return 0

    return go(args)


def run_index(args: argparse.Namespace) -> int:
    """``repo index DIR [--url] [--merge]``."""
    from pathlib import Path

    from app.repos.cliutil import report_errors
    from app.repos.indexer import write_directory_index

    @report_errors
    def go(args: argparse.Namespace) -> int:
        merge = Path(args.merge) if args.merge else None
        write_directory_index(Path(args.dir), args.url, merge)
        return 0

    return go(args)
