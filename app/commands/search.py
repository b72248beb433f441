"""``helm-tui search [KEYWORD]``: search the cached indexes of the configured repositories."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
Search reads through all of the repositories configured on the system, and
looks for matches.

Repositories are managed with 'helm-tui repo' commands.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``search`` command."""
    parser = subparsers.add_parser(
        "search", help="search for a keyword in charts", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    flag = parser.add_argument
    flag("keyword", metavar="KEYWORD", nargs="*", help="words to look for")
    flag("-r", "--regexp", action="store_true", help="use regular expressions for searching")
    flag("-l", "--versions", action="store_true",
         help="show the long listing, with each version of each chart on its own line")  # fmt: skip
    flag("-v", "--version", default="", help="search using semantic versioning constraints")
    flag("--devel", action="store_true",
         help="use development versions (alpha, beta, and release candidate releases), too. "
         "Equivalent to version '>0.0.0-0'. If --version is set, this is ignored.")  # fmt: skip
    flag("--col-width", type=int, default=60, help="specifies the max column width of output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Search and print the result table (or ``No results found``)."""
    import sys

    from app.client.helmfmt import uitable
    from app.repos.cliutil import home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.manager import load_cached_index
    from app.repos.repofile import RepoFile
    from app.repos.search import SearchIndex, apply_constraint, sort_results

    @report_errors
    def go(args: argparse.Namespace) -> int:
        home = home_of(args)
        version = args.version or (">0.0.0-0" if args.devel else "")
        index = SearchIndex()
        for entry in RepoFile.load(home.repository_file).repositories:
            try:
                repo_index = load_cached_index(home, entry)
            except HelmError:
                print(f'WARNING: Repo "{entry.name}" is corrupt or missing. '
                      "Try 'helm repo update'.")  # fmt: skip
                continue
            index.add_repo(entry.name, repo_index, args.versions or bool(version))
        keyword = " ".join(args.keyword)
        results = index.search(keyword, args.regexp) if keyword else index.all()
        results = apply_constraint(sort_results(results), version, args.versions)
        if not results:
            print("No results found")
            return 0
        rows = [["NAME", "CHART VERSION", "APP VERSION", "DESCRIPTION"]]
        for r in results:
            chart = r.chart
            rows.append([r.name, str(chart.get("version", "")), str(chart.get("appVersion", "")),
                         str(chart.get("description", ""))])  # fmt: skip
        sys.stdout.write(uitable(rows, max_col_width=args.col_width) + "\n")
        return 0

    return go(args)
