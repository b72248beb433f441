"""``helm-tui``: Helm v2's command line, and (with no command) the full-screen interface.

Commands are discovered from ``app.commands`` (see its docstring for the contract), so a
new command is a new module there, with no change here.

Start-up is kept short because one-shot commands (``helm-tui template`` in CI runs once
per chart) pay it on every run: when the command line names a command module, only that
module is imported and only its parser is built (see :func:`invoked_command`); the full
set is built for top-level help, aliases, unknown commands and script mode.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import app.commands
from app.tui.flags import add_tui_flags

if TYPE_CHECKING:
    from app.client.errors import TillerError
    from app.commands._common import Subparsers
    from app.ops.errors import OpsError

PROG = "helm-tui"
DEFAULT_TILLER_NAMESPACE = "kube-system"
"""Helm's default ``--tiller-namespace``: ``app.client.settings.DEFAULT_TILLER_NAMESPACE``,
repeated here (a test keeps them equal) because importing the settings module costs
several ms that commands which never reach Tiller should not pay."""
DESCRIPTION = "The Kubernetes package manager (Helm v2), with a full-screen terminal interface."


def _global_flags(parser: argparse.ArgumentParser, *, on_command: bool) -> None:
    """Add Helm's global flags (plus ``--request-timeout``).

    They are accepted before and after the command, as in Helm: on the command's parser
    their default is SUPPRESS, so an absent flag leaves the top-level value in place.
    """

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if on_command else value

    group = parser.add_argument_group("global flags")
    group.add_argument(
        "--debug", action="store_const", const=True, default=default(None),
        help="enable verbose output [HELM_DEBUG]",
    )  # fmt: skip
    group.add_argument(
        "--home", metavar="DIR", default=default(None),
        help='location of your Helm config. Overrides $HELM_HOME (default "~/.helm")',
    )  # fmt: skip
    group.add_argument(
        "--host", metavar="HOST:PORT", default=default(None),
        help="address of Tiller. Overrides $HELM_HOST",
    )  # fmt: skip
    group.add_argument(
        "--kube-context", metavar="NAME", default=default(None),
        help="name of the kubeconfig context to use",
    )  # fmt: skip
    group.add_argument(
        "--kubeconfig", metavar="FILE", default=default(None),
        help="absolute path to the kubeconfig file to use",
    )  # fmt: skip
    group.add_argument(
        "--tiller-connection-timeout", metavar="SECONDS", type=int, default=default(300),
        help="the duration (in seconds) Helm will wait to establish a connection to tiller "
        "(default 300)",
    )  # fmt: skip
    group.add_argument(
        "--tiller-namespace", metavar="NAMESPACE", default=default(None),
        help=f'namespace of Tiller (default "{DEFAULT_TILLER_NAMESPACE}") [TILLER_NAMESPACE]',
    )  # fmt: skip
    group.add_argument(
        "--request-timeout", metavar="SECONDS", type=float, default=default(60.0),
        help="helm-tui only: deadline for each read call to Tiller (default 60)",
    )  # fmt: skip
    group.add_argument(
        "--show-secrets", action="store_true", default=default(False),
        help="helm-tui only: show Secret data and sensitive values (masked by default)",
    )  # fmt: skip
    group.add_argument(
        "--detailed-exitcode", action="store_true", default=default(False),
        help="helm-tui only: exit 3 when a diff finds changes",
    )  # fmt: skip


def _script_flags(parser: argparse.ArgumentParser) -> None:
    """Top-level flags of headless mode (see ``app.script``)."""
    group = parser.add_argument_group("script mode")
    group.add_argument(
        "--script", metavar="FILE",
        help="run the Helm commands in FILE ('-': standard input), one per line",
    )  # fmt: skip
    group.add_argument(
        "--keep-going", action="store_true", help="with --script: run on after a failed line"
    )  # fmt: skip
    group.add_argument(
        "--output", dest="script_output", choices=("table", "json", "yaml"), metavar="FORMAT",
        help="with --script: default output format (table, json or yaml) of every line",
    )  # fmt: skip


class _CommandParser(argparse.ArgumentParser):
    """Parser class for commands (and their subcommands): carries the global flags."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _global_flags(self, on_command=True)


def command_modules() -> list[str]:
    """Names of the command modules in ``app.commands``, sorted (helpers ``_*`` skipped)."""
    names = set()
    for directory in app.commands.__path__:
        for entry in os.scandir(directory):
            name, ext = os.path.splitext(entry.name)
            if name.startswith(("_", ".")) or not name.isidentifier():
                continue
            if (ext == ".py" and entry.is_file()) or (
                not ext and os.path.isfile(os.path.join(entry.path, "__init__.py"))
            ):
                names.add(name)
    return sorted(names)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Build the parser with every command module's subcommand registered.

    Args:
        command: register only this command module (a name from
            :func:`command_modules`); the parser then accepts that command alone.
    """
    parser, subparsers = _top_level_parser()
    _register(subparsers, command)
    return parser


def _top_level_parser() -> tuple[argparse.ArgumentParser, Subparsers]:
    parser = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION)
    _global_flags(parser, on_command=False)
    _script_flags(parser)
    add_tui_flags(parser)
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=_CommandParser
    )
    return parser, cast("Subparsers", subparsers)


def _register(subparsers: Subparsers, command: str | None) -> None:
    for name in [command] if command else command_modules():
        importlib.import_module(f"app.commands.{name}").register(subparsers)


def invoked_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> str | None:
    """The command module ``argv`` invokes by its own name, if that is certain before parsing.

    ``parser`` is the top-level parser (its options tell which take a value). The first
    argument that is neither an option nor an option's value is the command; it counts
    only if a module of that name exists. Anything unsure gives None, so the caller builds
    every command: help before the command (it lists them all), ``--``, an option the
    top level does not know or abbreviates ambiguously, an alias, an unknown command.
    """
    options = parser._option_string_actions
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in ("-h", "--help", "--"):
            return None
        if not token.startswith("-") or token == "-":
            return token if token in command_modules() else None
        flag, has_value, _ = token.partition("=")
        action = options.get(flag)
        if action is None and flag.startswith("--"):
            # argparse accepts an unambiguous prefix of a long option.
            candidates = {a for option, a in options.items() if option.startswith(flag)}
            action = candidates.pop() if len(candidates) == 1 else None
        if action is None:
            return None
        i += 1 if action.nargs == 0 or has_value else 2
    return None


def _apply_environment(args: argparse.Namespace) -> None:
    """Fill global flags not given on the command line from Helm's environment variables."""
    if args.debug is None:
        value = os.environ.get("HELM_DEBUG", "")
        if value:
            from app.client.settings import parse_go_bool

            args.debug = bool(parse_go_bool(value))
        else:
            args.debug = False
    if args.tiller_namespace is None:
        args.tiller_namespace = os.environ.get("TILLER_NAMESPACE") or DEFAULT_TILLER_NAMESPACE
    # gRPC's C core logs handshake failures to stderr; our errors already explain them.
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR" if args.debug else "NONE")


def _open_tui(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    # Textual and gRPC are imported only here, so `helm-tui version` stays fast. The client
    # is built here because app.tui must not import gRPC itself.
    from app.client.client import TillerClient
    from app.tui.launch import run

    return run(args, TillerClient)


def _run_command(run: Any, args: argparse.Namespace, *, own_process: bool) -> int:
    """Run a command; a short-lived one in its own process runs without the cyclic GC.

    A command module setting ``SHORT_LIVED = True`` does bounded work and returns (see
    ``app.commands``). In a process of its own, whose exit follows, collections only
    re-scan objects that live until then (a render's trees and closures: ~10 ms a run),
    and the interpreter's final collections at exit scan them all again (tens of ms).
    So the collector is off while it runs and what is left is frozen (exempt from those
    final collections); reference counting still frees everything acyclic.
    """
    module = sys.modules.get(getattr(run, "__module__", ""))
    quiet_gc = own_process and getattr(module, "SHORT_LIVED", False) is True and gc.isenabled()
    if quiet_gc:
        gc.disable()
    try:
        return int(run(args))
    finally:
        if quiet_gc:
            gc.freeze()
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``helm-tui`` with ``argv`` (default: the process's arguments); return the exit code.

    Without ``argv`` this is the program itself (the ``helm-tui`` script, ``python -m
    app.cli``), which exits when this returns; see :func:`_run_command`.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser, subparsers = _top_level_parser()
    _register(subparsers, invoked_command(parser, arguments))
    args = parser.parse_args(arguments)
    run = getattr(args, "run", None)
    if args.script is not None:
        if run is not None:
            parser.error("--script takes the commands from the script, not the command line")
        from app import script  # deferred: one-shot commands never need it

        try:
            return script.run(args, parser)
        except KeyboardInterrupt:
            return 130
    _apply_environment(args)
    if run is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # No terminal (CI, pipes): a full-screen app would wait forever for keys.
            parser.print_help()
            print(
                "\nNo terminal: give a command, or run a script with --script FILE "
                "(helm-tui opens its full-screen interface only on a terminal)."
            )
            return 0
        return _open_tui(parser, args)
    try:
        return _run_command(run, args, own_process=argv is None)
    except KeyboardInterrupt:
        return 130
    except Exception as err:
        exit_code = _reported_exit_code(err)
        if exit_code is None:
            raise
        report(err, args.debug)  # type: ignore[arg-type]  # a TillerError or an OpsError
        return exit_code


def _reported_exit_code(err: Exception) -> int | None:
    """The exit code of a ``TillerError`` or ``OpsError`` (which we report), else None.

    An error can only be of a class whose module is loaded, so the modules are looked
    up rather than imported: ``app.client.errors`` compiles a handful of patterns that
    a command which never reaches Tiller (``template``) need not pay for.
    """
    ops_errors = sys.modules.get("app.ops.errors")
    if ops_errors is not None and isinstance(err, ops_errors.OpsError):
        return int(err.exit_code)
    tiller_errors = sys.modules.get("app.client.errors")
    if tiller_errors is not None and isinstance(err, tiller_errors.TillerError):
        return 1
    return None


def report(err: TillerError | OpsError, debug: bool) -> None:
    """Print an error as Helm does (``Error: ...`` on stderr), with its cause under --debug."""
    detail = getattr(err, "detail", err.message)
    if debug and detail != err.message:
        print(f"[debug] {getattr(err, 'code', None) or 'error'}: {detail}", file=sys.stderr)
    print(f"Error: {err}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
