"""``helm-tui fetch CHART``: download a chart from a repository (optionally unpack it)."""

# Flag help texts are Helm v2's own, kept whole for `--help` parity.
# ruff: noqa: E501

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
Retrieve a package from a package repository, and download it locally.

This is useful for fetching packages to inspect, modify, or repackage. It can
also be used to perform cryptographic verification of a chart without installing
the chart.

There are options for unpacking the chart after download. This will create a
directory for the chart and uncompress into that directory.

If the --verify flag is specified, the requested chart MUST have a provenance
file, and MUST pass the verification process. Failure in any part of this will
result in an error, and the chart will not be saved locally.
"""


def register(subparsers: Subparsers) -> None:
    """Add the ``fetch`` command."""
    parser = subparsers.add_parser(
        "fetch", help="download a chart from a repository and (optionally) unpack it in local directory",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    flag = parser.add_argument
    flag("charts", metavar="CHART", nargs="+", help="repo/chart reference or chart URL")
    flag(
        "--untar",
        action="store_true",
        help="if set to true, will untar the chart after downloading it",
    )
    flag(
        "--untardir",
        default=".",
        help="if untar is specified, this flag specifies the name of the directory into which the chart is expanded",
    )
    flag(
        "-d",
        "--destination",
        default=".",
        help="location to write the chart. If this and tardir are specified, tardir is appended to this",
    )
    flag(
        "--version",
        default="",
        help="specific version of a chart. Without this, the latest version is fetched",
    )
    flag(
        "--devel",
        action="store_true",
        help="use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored.",
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
    flag("--verify", action="store_true", help="verify the package against its signature")
    flag(
        "--prov",
        action="store_true",
        help="fetch the provenance file, but don't perform verification",
    )
    flag("--keyring", default="", help="keyring containing public keys")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Resolve, download, verify, save (and unpack)."""
    import shutil
    import tempfile
    from pathlib import Path

    from app.charts.archive import expand
    from app.repos import getter
    from app.repos.cliutil import PROVENANCE_UNSUPPORTED, home_of, report_errors
    from app.repos.errors import HelmError
    from app.repos.fetch import Resolved, download_to, resolve, resolve_in_repo_url

    @report_errors
    def go(args: argparse.Namespace) -> int:
        if args.verify:
            raise HelmError(PROVENANCE_UNSUPPORTED)
        home = home_of(args)
        version = args.version or (">0.0.0-0" if args.devel else "")
        dest = Path(args.destination)
        if not dest.is_dir():
            raise HelmError(f"stat {dest}: no such file or directory")
        creds = getter.Credentials(args.username, args.password, args.cert_file,
                                   args.key_file, args.ca_file)  # fmt: skip
        for ref in args.charts:
            if args.repo:
                resolved = resolve_in_repo_url(args.repo, ref, version, creds)
            else:
                resolved = resolve(home, ref, version)
                if args.username or args.cert_file or args.ca_file:
                    resolved = Resolved(resolved.url, creds, resolved.digest, resolved.chart)
            if not args.untar:
                saved = download_to(resolved, dest)
                if args.prov:
                    _fetch_prov(resolved, saved)
                continue
            tmp = Path(tempfile.mkdtemp(prefix="helm-"))
            try:
                saved = download_to(resolved, tmp)
                untar = Path(args.untardir)
                untar = untar if untar.is_absolute() else dest / untar
                if untar.exists() and not untar.is_dir():
                    raise HelmError(f"Failed to untar: {untar} is not a directory")
                expand(saved.read_bytes(), untar, resolved.url)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        return 0

    return go(args)


def _fetch_prov(resolved: object, saved: object) -> None:
    """Download ``<url>.prov`` next to the archive (``--prov``)."""
    from pathlib import Path

    from app.repos import getter
    from app.repos.fetch import Resolved
    from app.repos.fsutil import atomic_write

    assert isinstance(resolved, Resolved) and isinstance(saved, Path)
    data = getter.get(resolved.url + ".prov", resolved.creds)
    atomic_write(saved.with_name(saved.name + ".prov"), data)
