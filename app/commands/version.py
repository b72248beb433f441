"""``helm-tui version``: client and Tiller versions, printed as Helm v2 prints them."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from app.client.helmfmt import format_version
from app.client.models import VersionInfo
from app.commands._common import add_tls_flags, call_tiller
from app.version import client_build_info

if TYPE_CHECKING:
    from app.commands._common import Subparsers

DESCRIPTION = """\
Show the client and server versions for Helm and tiller.

This will print a representation of the client and server versions of Helm and
Tiller. The output will look something like this:

Client: &version.Version{SemVer:"v2.0.0", GitCommit:"ff52399e51bb880526e9cd0ed8386f6433b74da1", GitTreeState:"clean"}
Server: &version.Version{SemVer:"v2.0.0", GitCommit:"b0c113dfb9f612a9add796549da66c0d294508a3", GitTreeState:"clean"}

- SemVer is the semantic version of the release.
- GitCommit is the SHA for the commit that this version was built from.
- GitTreeState is "clean" if there are no local code changes when this binary was
  built, and "dirty" if the binary was built from locally modified code.

To print just the client version, use '--client'. To print just the server version,
use '--server'.
"""  # noqa: E501 - Helm's own help text


def register(subparsers: Subparsers) -> None:
    """Add the ``version`` command."""
    parser = subparsers.add_parser(
        "version",
        help="print the client/server version information",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-c", "--client", action="store_true", help="client version only")
    parser.add_argument("-s", "--server", action="store_true", help="server version only")
    parser.add_argument("--short", action="store_true", help="print the version number")
    parser.add_argument("--template", default="", help="template for version string format")
    add_tls_flags(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the versions asked for; the server's needs a call to Tiller."""
    show_client, show_server = args.client, args.server
    if not show_client and not show_server:
        show_client = show_server = True
    data: dict[str, VersionInfo] = {}
    if show_client:
        build = client_build_info()
        client = VersionInfo(build.sem_ver, build.git_commit, build.git_tree_state)
        data["Client"] = client
        if not args.template:
            print(f"Client: {format_version(client, args.short)}", flush=True)
    if show_server:
        server = call_tiller(args, lambda tiller: tiller.version())
        data["Server"] = server
        if not args.template:
            print(f"Server: {format_version(server, args.short)}")
    if args.template:
        try:
            sys.stdout.write(render_template(args.template, data))
        except ValueError as err:
            print(f"Error: {err}", file=sys.stderr)
            return 1
    return 0


_ACTION = re.compile(r"{{(-\s)?\s*(.*?)\s*(\s-)?}}", re.DOTALL)
_FIELDS = {"SemVer": "sem_ver", "GitCommit": "git_commit", "GitTreeState": "git_tree_state"}


def render_template(template: str, data: dict[str, VersionInfo]) -> str:
    """Execute the subset of Go templates ``--template`` needs: field references.

    ``{{.Client.SemVer}}``, ``{{ .Server.GitCommit }}``, ``{{.Client}}`` (printed as Go
    prints the struct) and trim markers (``{{-``, ``-}}``). Other actions are refused with
    ``ValueError`` until the project's Go template engine (``tiller.engine``) can run here.
    """
    out: list[str] = []
    position, trim_next = 0, False
    while action := _ACTION.search(template, position):
        text = template[position : action.start()]
        text = text.lstrip() if trim_next else text
        out.append(text.rstrip() if action.group(1) else text)
        out.append(_field(action.group(2), data))
        position, trim_next = action.end(), bool(action.group(3))
    tail = template[position:]
    out.append(tail.lstrip() if trim_next else tail)
    return "".join(out)


def _field(expression: str, data: dict[str, VersionInfo]) -> str:
    path = expression.split(".")
    if path[0] != "" or not 2 <= len(path) <= 3 or not all(path[1:]):
        raise ValueError(
            f"--template supports only field references such as {{{{.Client.SemVer}}}}, "
            f"not {{{{{expression}}}}}"
        )
    version = data.get(path[1])
    if version is None:
        return "<no value>"  # Go's text for a missing map key
    if len(path) == 2:
        return f"&{{{version.sem_ver} {version.git_commit} {version.git_tree_state}}}"
    if path[2] not in _FIELDS:
        raise ValueError(f"can't evaluate field {path[2]} in type *version.Version")
    return str(getattr(version, _FIELDS[path[2]]))
