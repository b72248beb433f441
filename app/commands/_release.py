"""Flags and plumbing shared by the release commands (install, upgrade, diff, get, ...).

Flag names, defaults and help texts are Helm v2.17's. Commands raise ``OpsError`` or
``TillerError``; ``app.cli`` (and script mode) print them as ``Error: ...``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.ops.errors import OpsError, UsageError

if TYPE_CHECKING:
    from app.ops.charts import ChartLocation
    from app.ops.progress import Progress, ProgressEvent
    from app.ops.values import ValueSources

OUTPUT_FORMATS = ("table", "json", "yaml")
TIMEOUT_HELP = (
    "time in seconds to wait for any individual Kubernetes operation (like Jobs for hooks) "
    "(default 300)"
)
_COMMAS = "(can specify multiple or separate values with commas: key1=val1,key2=val2)"


def _comma_list(text: str) -> list[str]:
    # Helm's --values flag type splits every occurrence on commas.
    return text.split(",")


def add_values_flags(parser: argparse.ArgumentParser) -> None:
    """``-f/--values``, ``--set``, ``--set-string``, ``--set-file``."""
    flag = parser.add_argument
    flag(
        "-f", "--values", action="extend", type=_comma_list, default=[], metavar="FILE",
        help="specify values in a YAML file or a URL (can specify multiple)",
    )  # fmt: skip
    flag("--set", action="append", default=[], metavar="VALUES",
         help=f"set values on the command line {_COMMAS}")  # fmt: skip
    flag("--set-string", action="append", default=[], metavar="VALUES",
         help=f"set STRING values on the command line {_COMMAS}")  # fmt: skip
    flag("--set-file", action="append", default=[], metavar="VALUES",
         help="set values from respective files specified via the command line (can specify "
         "multiple or separate values with commas: key1=path1,key2=path2)")  # fmt: skip


def value_sources(args: argparse.Namespace) -> ValueSources:
    """The values flags as ``ValueSources``."""
    from app.ops.values import ValueSources

    return ValueSources(
        files=tuple(args.values),
        set=tuple(args.set),
        set_string=tuple(args.set_string),
        set_file=tuple(args.set_file),
    )


def add_chart_flags(parser: argparse.ArgumentParser) -> None:
    """Flags locating a chart in a repository (``--version``, ``--repo``, ...)."""
    flag = parser.add_argument
    flag("--version", default="", help="specify the exact chart version to use. If this is "
         "not specified, the latest version is used")  # fmt: skip
    flag("--devel", action="store_true", help="use development versions, too. Equivalent to "
         "version '>0.0.0-0'. If --version is set, this is ignored.")  # fmt: skip
    flag("--repo", default="", help="chart repository url where to locate the requested chart")
    flag("--username", default="", help="chart repository username")
    flag("--password", default="", help="chart repository password")
    flag("--verify", action="store_true", help="verify the package before using it")
    flag("--keyring", default="", help="location of public keys used for verification")
    flag("--cert-file", default="", help="identify HTTPS client using this SSL certificate file")
    flag("--key-file", default="", help="identify HTTPS client using this SSL key file")
    flag("--ca-file", default="", help="verify certificates of HTTPS-enabled servers using "
         "this CA bundle")  # fmt: skip


def chart_location(args: argparse.Namespace, ref: str) -> ChartLocation:
    """Where the chart named ``ref`` is, per the chart flags."""
    from app.ops.charts import ChartLocation

    if args.verify:
        raise OpsError("--verify is not supported by helm-tui yet; verify with 'helm-tui verify'")
    version = args.version or (">0.0.0-0" if args.devel else "")
    return ChartLocation(
        ref=ref,
        version=version,
        repo_url=args.repo,
        username=args.username,
        password=args.password,
        home=args.home,
    )


def add_output_flag(parser: argparse.ArgumentParser, default: str = "table") -> None:
    """``-o/--output table|json|yaml``."""
    parser.add_argument(
        "-o",
        "--output",
        default=default,
        metavar="FORMAT",
        help=f"prints the output in the specified format. Allowed values: table, json, yaml "
        f'(default "{default}")',
    )


def output_format(args: argparse.Namespace) -> str:
    """The ``--output`` value, checked.

    Raises:
        UsageError: an unknown format.
    """
    value = str(args.output or "table")
    if value not in OUTPUT_FORMATS:
        raise UsageError(f'unknown output format "{value}"; use one of table, json, yaml')
    return value


def need_args(values: list[str], *names: str) -> None:
    """Helm's ``checkArgsLength``: exactly the named positional arguments.

    Raises:
        UsageError: ``This command needs 2 arguments: release name, chart path``.
    """
    if len(values) != len(names):
        plural = "s" if len(names) > 1 else ""
        raise UsageError(f"This command needs {len(names)} argument{plural}: {', '.join(names)}")


def show_secrets(args: argparse.Namespace) -> bool:
    """Whether ``--show-secrets`` was given (secrets are masked otherwise)."""
    return bool(getattr(args, "show_secrets", False))


def progress_printer(args: argparse.Namespace) -> Progress | None:
    """A progress callback printing to stderr for ``--wait``, ``--atomic`` or ``--debug``."""
    if not (getattr(args, "wait", False) or getattr(args, "atomic", False) or args.debug):
        return None

    def emit(event: ProgressEvent) -> None:
        print(str(event), file=sys.stderr, flush=True)

    return emit


def warn(message: str) -> None:
    """Print a Helm ``WARNING:`` line to stderr."""
    print(f"WARNING: {message}", file=sys.stderr)


def write(text: str) -> None:
    """Write ``text`` to stdout as is (Helm's outputs carry their own newlines)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def default_namespace(args: argparse.Namespace) -> str:
    """Helm's ``defaultNamespace()`` for these flags."""
    from app.ops.kubeconfig import default_namespace as from_kubeconfig

    return from_kubeconfig(args.kubeconfig, args.kube_context)


def detailed_exit(args: argparse.Namespace, changed: bool) -> int:
    """The exit code of a successful command that may have found changes."""
    from app.ops.errors import EXIT_CHANGES, EXIT_OK

    return EXIT_CHANGES if changed and getattr(args, "detailed_exitcode", False) else EXIT_OK


def template_view(release: Any) -> dict[str, Any]:
    """A GetReleaseContentResponse-like view of a release for ``get --template``.

    Field names are the Go ones (``.Release.Name``, ``.Release.Chart.Metadata.Version``).
    """
    chart = release.chart
    meta = chart.metadata if chart is not None else None
    info = release.info
    return {
        "Release": {
            "Name": release.name,
            "Version": release.revision,
            "Namespace": release.namespace,
            "Manifest": release.manifest,
            "Config": {"Raw": release.config},
            "Info": {
                "Status": {"Code": info.status.name, "Notes": info.notes},
                "Description": info.description,
                "LastDeployed": str(info.last_deployed or ""),
                "FirstDeployed": str(info.first_deployed or ""),
            },
            "Chart": {
                "Metadata": {
                    "Name": meta.name if meta else "",
                    "Version": meta.version if meta else "",
                    "AppVersion": meta.app_version if meta else "",
                    "Description": meta.description if meta else "",
                }
            },
            "Hooks": [
                {"Name": h.name, "Kind": h.kind, "Path": h.path, "Manifest": h.manifest}
                for h in release.hooks
            ],
        }
    }
