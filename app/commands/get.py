"""``helm-tui get [values|manifest|hooks|notes] RELEASE``: a release's content, as Helm v2.17.

Secret data and sensitive values are masked unless ``--show-secrets``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.commands._common import add_tls_flags, call_tiller
from app.commands._release import show_secrets, template_view, write
from app.ops.errors import OpsError, UsageError

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
This command shows the details of a named release.

It can be used to get extended information about the release, including:

  - The values used to generate the release
  - The chart used to generate the release
  - The generated manifest file

By default, this prints a human readable collection of information about the
chart, the supplied values, and the generated manifest file.

Subcommands:
  values     download the values file for a named release
  manifest   download the manifest for a named release
  hooks      download all hooks for a named release
  notes      displays the notes of the named release
"""

PARTS = ("values", "manifest", "hooks", "notes")


def register(subparsers: Subparsers) -> None:
    """Add the ``get`` command with its ``values``/``manifest``/``hooks``/``notes`` forms."""
    parser = subparsers.add_parser(
        "get",
        help="download a named release",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", nargs="*", metavar="[values|manifest|hooks|notes] RELEASE_NAME")
    parser.add_argument(
        "--revision", type=int, default=0, help="get the named release with revision"
    )
    parser.add_argument(
        "--template",
        default="",
        help="go template for formatting the output, eg: {{.Release.Name}}",
    )
    parser.add_argument(
        "-a", "--all", action="store_true", help="get values: dump all (computed) values"
    )
    parser.add_argument(
        "--output", default="", help='get values: output the specified format (json or yaml) '
        '(default "yaml"; other forms ignore it)',
    )  # fmt: skip
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Fetch the release and print the part asked for."""
    part, name = "", ""
    if args.target and args.target[0] in PARTS and len(args.target) > 1:
        part, rest = args.target[0], args.target[1:]
    else:
        rest = args.target
    if not rest:
        raise UsageError("release name is required")
    name = rest[0]
    if part != "values" and args.all:
        raise UsageError("--all applies to 'get values' only")
    if part and args.template:
        raise UsageError("--template applies to 'get RELEASE_NAME' only")
    if part == "values":
        return _values(args, name)
    if part == "notes":
        report = call_tiller(args, lambda tiller: tiller.release_status(name, args.revision))
        if report.info.notes:
            write(f"NOTES:\n{report.info.notes}\n")
        return 0
    if part in ("manifest", "hooks"):
        return _manifest_or_hooks(args, part, name)
    return _everything(args, name)


def _values(args: argparse.Namespace, name: str) -> int:
    from app.ops.queries import release_values
    from app.ops.values import values_json, values_yaml

    output = args.output or "yaml"
    if output not in ("yaml", "json"):
        raise OpsError(f'Unknown output format "{output}"')
    tree = call_tiller(
        args, lambda tiller: release_values(tiller, name, args.revision, all_values=args.all)
    )
    shown = show_secrets(args)
    text = (
        values_json(tree, show_secrets=shown)
        if output == "json"
        else values_yaml(tree, show_secrets=shown)
    )
    write(text + "\n")
    return 0


def _manifest_or_hooks(args: argparse.Namespace, part: str, name: str) -> int:
    from app.ops.queries import shown_release

    release = call_tiller(args, lambda tiller: tiller.release_content(name, args.revision))
    release = shown_release(release, show_secrets(args))
    if part == "manifest":
        write(release.manifest + "\n")
    else:
        write("".join(f"---\n# {h.name}\n{h.manifest}\n" for h in release.hooks))
    return 0


def _everything(args: argparse.Namespace, name: str) -> int:
    from app.ops import helmtext
    from app.ops.queries import release_details

    details = call_tiller(
        args,
        lambda tiller: release_details(
            tiller, name, args.revision, show_secrets=show_secrets(args)
        ),
    )
    if args.template:
        from tiller.engine.gotemplate import TemplateError, TemplateSet

        templates = TemplateSet(missingkey="default", name="_")
        try:
            templates.parse("_", args.template)
            write(templates.execute("_", template_view(details.release)))
        except TemplateError as err:
            raise OpsError(str(err)) from None
        return 0
    write(helmtext.release_text(details.release, details.user_values, details.computed_values))
    return 0
