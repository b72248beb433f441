"""``helm-tui template CHART``: render a chart locally, exactly as Helm v2.17's ``helm template``.

Each rendered file (partials and, unless ``--notes``, NOTES.txt excluded) is printed as
``---``, ``# Source: <path>``, the text and a newline, in Tiller's kind order. No Tiller
is needed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from app.commands._common import Subparsers
    from tiller.engine.chartmodel import AnyChart
    from tiller.engine.kindsort import Manifest

DESCRIPTION = """\
Render chart templates locally and display the output.

This does not require Tiller. However, any values that would normally be
looked up or retrieved in-cluster will be faked locally. Additionally, none
of the server-side testing of chart validity (e.g. whether an API is supported)
is done.

To render just one template in a chart, use '-x':

	$ helm template mychart -x templates/deployment.yaml
"""

DEFAULT_KUBE_VERSION = "1.14"
"""``helm template``'s default ``--kube-version`` (chartutil.DefaultKubeVersion, v1.14)."""

_DNS1123_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z"
)
_SUBDOMAIN_MSG = (
    "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)


_BLANK = re.compile(r"[\t\n\f\r ]*\Z")


_IS_UPGRADE_HELP = "set .Release.IsUpgrade instead of .Release.IsInstall"
_EXECUTE_HELP = "only execute the given templates"
_VALUES_HELP = "specify values in a YAML file (can specify multiple)"
_COMMAS = "(can specify multiple or separate values with commas: key1=val1,key2=val2)"
_SET_HELP = f"set values on the command line {_COMMAS}"
_SET_STRING_HELP = f"set STRING values on the command line {_COMMAS}"
_SET_FILE_HELP = (
    "set values from respective files specified via the command line "
    "(can specify multiple or separate values with commas: key1=path1,key2=path2)"
)
_KUBE_VERSION_HELP = (
    "kubernetes version used as Capabilities.KubeVersion.Major/Minor "
    f'(default "{DEFAULT_KUBE_VERSION}")'
)
_OUTPUT_DIR_HELP = "writes the executed templates to files in output-dir instead of stdout"


SHORT_LIVED = True
"""One render, then exit: ``app.cli`` may run it without the cyclic GC (see app.commands)."""


class CommandError(Exception):
    """A failure printed as ``Error: <message>``."""


def register(subparsers: Subparsers) -> None:
    """Add the ``template`` command."""
    p = subparsers.add_parser(
        "template",
        help="locally render templates",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("chart", metavar="CHART", nargs="?", help="chart directory or archive")
    flag = p.add_argument
    flag("--notes", action="store_true", help="show the computed NOTES.txt file as well")
    flag("-n", "--name", default="release-name", help='release name (default "release-name")')
    flag("--is-upgrade", action="store_true", help=_IS_UPGRADE_HELP)
    flag("-x", "--execute", action="append", default=[], metavar="TEMPLATE", help=_EXECUTE_HELP)
    flag("-f", "--values", action="append", default=[], metavar="FILE", help=_VALUES_HELP)
    flag("--namespace", default="", help="namespace to install the release into")
    flag("--set", action="append", default=[], metavar="VALUES", help=_SET_HELP)
    flag("--set-string", action="append", default=[], metavar="VALUES", help=_SET_STRING_HELP)
    flag("--set-file", action="append", default=[], metavar="VALUES", help=_SET_FILE_HELP)
    flag("--name-template", default="", help="specify template used to name the release")
    flag("--kube-version", default=DEFAULT_KUBE_VERSION, help=_KUBE_VERSION_HELP)
    flag("--output-dir", default="", help=_OUTPUT_DIR_HELP)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Render and print; errors are printed as ``Error: ...`` with exit code 1."""
    try:
        _run(args)
    except CommandError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


def _warn(message: str) -> None:
    # Helm logs these with Go's log package: a timestamp prefix, on stderr.
    import time

    print(time.strftime("%Y/%m/%d %H:%M:%S ") + message, file=sys.stderr)


def _run(args: argparse.Namespace) -> None:
    if not args.chart:
        raise CommandError("chart is required")
    try:
        os.stat(args.chart)
    except OSError as e:
        raise CommandError(f"stat {args.chart}: {(e.strerror or str(e)).lower()}") from None
    chart_path = os.path.abspath(args.chart)
    if args.output_dir and not os.path.exists(args.output_dir):
        raise CommandError(f"output-dir '{args.output_dir}' does not exist")
    namespace = args.namespace or "default"

    from app.charts.loader import ChartLoadError, load_chart
    from app.charts.uservalues import UserValuesError, user_values

    try:
        raw = user_values(args.values, args.set, args.set_string, args.set_file)
    except UserValuesError as e:
        raise CommandError(str(e)) from None
    name = _generate_name(args.name_template) if args.name_template else args.name
    if name and (len(name) > 253 or not _DNS1123_SUBDOMAIN.match(name)):
        msgs = ["must be no more than 253 characters"] if len(name) > 253 else []
        msgs += [] if _DNS1123_SUBDOMAIN.match(name) else [_SUBDOMAIN_MSG]
        raise CommandError(f"release name {name} is invalid: {';'.join(msgs)}")
    try:
        chart = load_chart(chart_path)  # plain objects: rendering needs no protobuf
    except ChartLoadError as e:
        raise CommandError(str(e)) from None
    # One process per render: keep parse trees on disk so the next run skips parsing.
    from tiller.engine.parse_cache import default_directory
    from tiller.engine.render import set_disk_cache

    set_disk_cache(default_directory())
    rendered = render_like_helm_template(
        chart, raw, name, namespace, args.is_upgrade, args.kube_version
    )
    _emit(rendered, chart_path, args)


def _generate_name(template: str) -> str:
    from tiller.engine.funcs import sprig_funcs
    from tiller.engine.gotemplate import TemplateError, TemplateSet

    tset = TemplateSet(sprig_funcs(), missingkey="default", name="name-template")
    try:
        tset.parse("name-template", template)
        return tset.execute("name-template", None)
    except TemplateError as e:
        raise CommandError(str(e)) from None


def render_like_helm_template(
    chart: AnyChart,
    config_raw: str,
    name: str,
    namespace: str,
    is_upgrade: bool = False,
    kube_version: str = DEFAULT_KUBE_VERSION,
    time: Any = None,
) -> dict[str, str]:
    """Helm v2's ``renderutil.Render``: requirements, capabilities, values, engine.

    Raises:
        CommandError: with Helm's message.
    """
    from tiller.engine.capabilities import default_capabilities
    from tiller.engine.capabilities import kube_version as make_kube
    from tiller.engine.context import ReleaseOptions
    from tiller.engine.funcs.semver import parse_version
    from tiller.engine.gotemplate import GoFuncError
    from tiller.engine.render import RenderError, render_chart
    from tiller.engine.requirements import (
        RequirementsError,
        check_dependencies,
        load_requirements,
        process_requirements,
    )

    try:
        reqs = load_requirements(chart)
        if reqs is not None:
            check_dependencies(chart, reqs)
    except RequirementsError as e:
        msg = str(e)
        raise CommandError(
            msg if msg.startswith("found in") else f"cannot load requirements: {msg}"
        ) from None
    try:
        chart = process_requirements(chart, config_raw, _warn)
        kube = make_kube()
        if kube_version:
            try:
                kv = parse_version(kube_version)
            except GoFuncError as e:
                raise CommandError(f"could not parse a kubernetes version: {e}") from None
            kube = make_kube(str(kv.major), str(kv.minor))
        options = ReleaseOptions(
            name=name,
            namespace=namespace,
            revision=0,
            is_upgrade=is_upgrade,
            is_install=not is_upgrade,
            time=time,
        )
        return render_chart(chart, config_raw, options, default_capabilities(kube), _warn)
    except (RenderError, ValueError) as e:
        raise CommandError(str(e)) from None


def _emit(rendered: dict[str, str], chart_path: str, args: argparse.Namespace) -> None:
    from tiller.engine.kindsort import split_manifests

    manifests = split_manifests(rendered)
    if args.execute:
        selected = []
        for f in args.execute:
            target = f if os.path.isabs(f) else os.path.abspath(os.path.join(chart_path, f))
            found = [
                m for m in manifests if os.path.join(chart_path, *m.name.split("/")[1:]) == target
            ]
            if not found:
                raise CommandError(f"could not find template {target} in chart")
            selected += found
        manifests = selected
    shown = printable(manifests, args.notes)
    if args.output_dir:
        for m in shown:
            if not _BLANK.match(m.content):
                _write_file(args.output_dir, m.name, m.content)
        return
    # Rendered text may carry invalid UTF-8 bytes (as surrogate escapes): write raw bytes.
    sys.stdout.flush()
    sys.stdout.buffer.write(format_documents(shown).encode("utf-8", "surrogateescape"))
    sys.stdout.buffer.flush()


def printable(manifests: Iterable[Manifest], notes: bool = False) -> list[Manifest]:
    """The files ``helm template`` prints, in its order (kind order; no partials/NOTES)."""
    from tiller.engine.kindsort import sort_by_kind

    out = []
    for m in sort_by_kind(manifests):
        base = m.name.rsplit("/", 1)[-1]
        if (not notes and base == "NOTES.txt") or base.startswith("_"):
            continue
        out.append(m)
    return out


def format_documents(manifests: Iterable[Manifest]) -> str:
    """``helm template``'s stdout for these files: ``---``, ``# Source:``, text, newline."""
    return "".join(f"---\n# Source: {m.name}\n{m.content}\n" for m in manifests)


def _write_file(output_dir: str, name: str, data: str) -> None:
    path = os.path.join(output_dir, name)
    try:
        os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(f"---\n# Source: {name}\n{data}")
    except OSError as e:
        raise CommandError(str(e)) from None
    print(f"wrote {path}")
