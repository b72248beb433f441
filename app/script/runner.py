"""Running a script: every line through ``app.cli``'s own parser and command functions.

There is no second implementation of any command: a line is parsed by the parser
``helm-tui`` itself uses (``app.cli.build_parser``) and run by the command's ``run``
function, exactly as if typed on the command line. What script mode adds:

* all lines are read and parsed before the first one runs, so a typo on line 40 stops
  the script before line 1 changes anything (exit 2);
* the options given with ``--script`` (``--host``, ``--debug``, ``--show-secrets``,
  ``--output``...) apply to every line, unless the line overrides them;
* errors name the script line (``deploy.txt:12: Error: ...``) and the run stops at the
  first failure, or goes on with ``--keep-going``;
* one Tiller connection is shared by all lines.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from app.client.errors import TillerError
from app.ops.errors import EXIT_CHANGES, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, OpsError
from app.script.lexer import ScriptCommand, ScriptSyntaxError, parse_script

PREFIXES = ("helm", "helm-tui")  # a line may start with the program name, as copied
OUTPUT_FLAGS = ("-o", "--output")


@dataclass(frozen=True)
class ScriptOptions:
    """How to run a script (from ``helm-tui --script FILE ...``).

    Attributes:
        source: the script path, or ``-`` for standard input.
        keep_going: run the remaining lines after a failure.
        detailed_exitcode: exit 3 when a diff found changes (and nothing failed).
        show_secrets: do not mask secrets in any output.
        output: default ``--output`` for lines that support it and do not set it.
        global_words: global flags to put before every line (``--host X``...).
    """

    source: str
    keep_going: bool = False
    detailed_exitcode: bool = False
    show_secrets: bool = False
    output: str = ""
    global_words: tuple[str, ...] = ()


class _Located(io.TextIOBase):
    """stderr for one line: ``Error:`` lines get the script location in front."""

    def __init__(self, target: TextIO, where: str) -> None:
        super().__init__()
        self._target = target
        self._where = where
        self._at_line_start = True

    def write(self, text: str) -> int:
        pieces = []
        for piece in text.splitlines(keepends=True):
            if self._at_line_start and piece.startswith("Error: "):
                piece = f"{self._where}: {piece}"
            pieces.append(piece)
            self._at_line_start = piece.endswith("\n")
        self._target.write("".join(pieces))
        return len(text)

    def flush(self) -> None:
        self._target.flush()


def _words(command: ScriptCommand) -> list[str]:
    words = list(command.words)
    if words and words[0] in PREFIXES:
        words = words[1:]
    return words


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:  # argparse offers no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _parse(
    parser: argparse.ArgumentParser, words: list[str], options: ScriptOptions
) -> argparse.Namespace:
    """Parse one line as the CLI would; ``UsageError`` with argparse's message."""
    if not words:
        raise _usage("no command given")
    if not words[0].startswith("-") and words[0] not in _subcommands(parser):
        raise _usage(f'unknown command "{words[0]}" for "helm-tui"')
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            args = parser.parse_args([*options.global_words, *words])
    except SystemExit as stop:
        if stop.code in (0, None):  # --help: printed already
            raise _Done() from None
        lines = err.getvalue().strip().splitlines()
        message = lines[-1].split(": error: ", 1)[-1] if lines else "invalid arguments"
        unknown = _INVALID_COMMAND.match(message)
        if unknown:  # a global flag came first, then an unknown command
            message = f'unknown command "{unknown.group(1)}" for "helm-tui"'
        raise _usage(message) from None
    if getattr(args, "run", None) is None:
        raise _usage("no command given")
    return args


_INVALID_COMMAND = re.compile(r"argument COMMAND: invalid choice: '([^']*)'")


class _Done(Exception):
    """The line completed during parsing (``--help``)."""


def _usage(message: str) -> OpsError:
    from app.ops.errors import UsageError

    return UsageError(message)


def _apply_options(args: argparse.Namespace, words: list[str], options: ScriptOptions) -> None:
    if options.show_secrets:
        args.show_secrets = True
    if options.detailed_exitcode:
        args.detailed_exitcode = True
    explicit = any(w in OUTPUT_FLAGS or w.startswith(("--output=", "-o")) for w in words)
    if options.output and options.output != "table" and hasattr(args, "output") and not explicit:
        args.output = options.output


def read_source(source: str) -> str:
    """The script text (``-``: standard input).

    Raises:
        OpsError: Go-style ``open FILE: no such file or directory``.
    """
    if source == "-":
        return sys.stdin.read()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as err:
        raise OpsError(f"open {source}: {(err.strerror or str(err)).lower()}") from None


def run_script(parser: argparse.ArgumentParser, options: ScriptOptions) -> int:
    """Run a script; return the process exit code (see ``app.script``)."""
    name = "<stdin>" if options.source == "-" else options.source
    try:
        commands = parse_script(read_source(options.source), os.environ)
    except ScriptSyntaxError as err:
        print(f"{name}:{err.line}: Error: {err.message}", file=sys.stderr)
        return EXIT_USAGE
    except OpsError as err:
        print(f"Error: {err}", file=sys.stderr)
        return EXIT_USAGE
    bad = _check_all(parser, commands, options, name)
    if bad:
        return EXIT_USAGE
    return _run_all(parser, commands, options, name)


def _check_all(
    parser: argparse.ArgumentParser,
    commands: Sequence[ScriptCommand],
    options: ScriptOptions,
    name: str,
) -> int:
    """Parse every line without running it; report usage errors; return how many."""
    bad = 0
    for command in commands:
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                _parse(parser, _words(command), options)
        except _Done:
            continue
        except OpsError as err:
            print(f"{name}:{command.line}: Error: {err}", file=sys.stderr)
            bad += 1
    return bad


def _run_all(
    parser: argparse.ArgumentParser,
    commands: Sequence[ScriptCommand],
    options: ScriptOptions,
    name: str,
) -> int:
    from app.commands._common import tiller_session

    first_failure = EXIT_OK
    changed = False
    with tiller_session():
        for command in commands:
            where = f"{name}:{command.line}"
            code = _run_one(parser, command, options, where)
            sys.stdout.flush()
            if code == EXIT_CHANGES:
                changed = True
            elif code != EXIT_OK:
                first_failure = first_failure or code
                if not options.keep_going:
                    break
    if first_failure:
        return first_failure
    return EXIT_CHANGES if changed and options.detailed_exitcode else EXIT_OK


@contextlib.contextmanager
def _located_stderr(where: str) -> Iterator[None]:
    located = _Located(sys.stderr, where)
    with contextlib.redirect_stderr(located):
        yield


def _run_one(
    parser: argparse.ArgumentParser, command: ScriptCommand, options: ScriptOptions, where: str
) -> int:
    from app.cli import _apply_environment as apply_environment
    from app.cli import report

    words = _words(command)
    try:
        args = _parse(parser, words, options)
    except _Done:
        return EXIT_OK
    except OpsError as err:
        print(f"{where}: Error: {err}", file=sys.stderr)
        return err.exit_code
    apply_environment(args)
    _apply_options(args, words, options)
    with _located_stderr(where):
        try:
            return int(args.run(args))
        except (TillerError, OpsError) as err:
            report(err, args.debug)
            return err.exit_code if isinstance(err, OpsError) else EXIT_FAILURE
        except KeyboardInterrupt:
            raise
        except Exception as err:  # noqa: BLE001 - a crashing command must not hide the line
            print(f"Error: {type(err).__name__}: {err}", file=sys.stderr)
            return EXIT_FAILURE
