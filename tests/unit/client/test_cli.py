"""The ``helm-tui`` entry point: command discovery, global flags, light start-up."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import build_parser, main
from app.client.errors import TillerUnreachableError

ROOT = Path(__file__).resolve().parents[3]


def test_commands_are_discovered() -> None:
    parser = build_parser()
    assert parser.parse_args(["version"]).run.__module__ == "app.commands.version"
    assert parser.parse_args(["ls"]).run.__module__ == "app.commands.list"


def test_global_flags_before_or_after_the_command() -> None:
    parser = build_parser()
    before = parser.parse_args(["--host", "h:1", "--debug", "list", "-q"])
    after = parser.parse_args(["list", "-q", "--host", "h:1", "--debug"])
    for args in (before, after):
        assert (args.host, args.debug, args.short) == ("h:1", True, True)
        assert args.tiller_connection_timeout == 300


def test_tiller_namespace_and_debug_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TILLER_NAMESPACE", "tiller-ns")
    monkeypatch.setenv("HELM_DEBUG", "true")
    seen: dict[str, object] = {}

    def unreachable(args: argparse.Namespace, work: object) -> None:
        seen.update(vars(args))
        raise TillerUnreachableError("could not reach Tiller", detail="why", code="UNAVAILABLE")

    monkeypatch.setattr("app.commands.list.call_tiller", unreachable)
    assert main(["list"]) == 1
    assert (seen["tiller_namespace"], seen["debug"]) == ("tiller-ns", True)
    assert capsys.readouterr().err == "[debug] UNAVAILABLE: why\nError: could not reach Tiller\n"


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: helm-tui") and "version" in out and "list" in out


def test_errors_of_every_kind_are_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.ops.errors import EXIT_USAGE, OpsError

    class UsageError(OpsError):
        exit_code = EXIT_USAGE

    def failing(error: Exception) -> Any:
        def run(args: argparse.Namespace, work: object) -> None:
            raise error

        return run

    monkeypatch.setattr("app.commands.list.call_tiller", failing(UsageError("bad usage")))
    assert main(["list"]) == EXIT_USAGE
    assert capsys.readouterr().err == "Error: bad usage\n"
    monkeypatch.setattr("app.commands.list.call_tiller", failing(RuntimeError("a bug")))
    with pytest.raises(RuntimeError, match="a bug"):
        main(["list"])  # not ours to report: the traceback shows


def test_unknown_output_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--output", "xml"]) == 1
    assert capsys.readouterr().err == 'Error: Unknown output format "xml"\n'


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_parsing_the_command_line_imports_nothing_heavy() -> None:
    loaded = _modules_after("from app.cli import build_parser; build_parser()")
    assert not loaded & {"grpc", "hapi", "google", "textual", "rich", "yaml", "asyncio"}


def test_client_only_version_stays_light() -> None:
    loaded = _modules_after("from app.cli import main; main(['version', '-c'])")
    assert not loaded & {"grpc", "hapi", "textual", "yaml"}


def _top_level() -> argparse.ArgumentParser:
    from app.cli import _top_level_parser

    return _top_level_parser()[0]


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["template", "chart", "--name", "x"], "template"),
        (["--debug", "template", "chart"], "template"),
        (["--host", "h:1", "list"], "list"),
        (["--host=h:1", "list", "-q"], "list"),
        (["--tiller-names", "template", "list"], "list"),  # an option's value, abbreviated
        (["--tiller", "x", "list"], None),  # ambiguous abbreviation: argparse decides
        (["--no-such-flag", "list"], None),
        (["-h", "template"], None),  # top-level help lists every command
        (["--", "template"], None),
        (["ls"], None),  # an alias: every command is registered
        (["nothing-like-it"], None),
        (["_common"], None),  # helpers are no commands
        ([], None),
    ],
)
def test_invoked_command(argv: list[str], command: str | None) -> None:
    from app.cli import invoked_command

    assert invoked_command(_top_level(), argv) == command


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(subparsers[0].choices)


def test_command_modules_are_the_commands() -> None:
    from app.cli import command_modules

    names = command_modules()
    assert {"template", "install", "version", "list"} <= set(names)
    assert not [n for n in names if n.startswith("_")]
    for name in names:  # each module registers the command of its own name (and aliases)
        alone = _commands(build_parser(name))
        assert name in alone and alone <= _commands(build_parser())


def test_a_command_parses_the_same_with_or_without_the_others() -> None:
    argv = ["--debug", "template", "c", "-f", "a.yaml", "--set", "x=1", "--host", "h:1"]
    alone = vars(build_parser("template").parse_args(argv))
    full = vars(build_parser().parse_args(argv))
    assert alone == full and alone["run"].__module__ == "app.commands.template"


def test_command_help_is_the_same_with_or_without_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["template", "--help"])
    full = capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["template", "--help"])
    assert capsys.readouterr().out == full
    assert full.startswith("usage: helm-tui template")


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["-h", "template"])
    out = capsys.readouterr().out
    assert all(f"    {name}" in out for name in ("install", "template", "version", "list"))


def test_the_default_tiller_namespace_is_the_settings_one() -> None:
    from app.cli import DEFAULT_TILLER_NAMESPACE
    from app.client.settings import DEFAULT_TILLER_NAMESPACE as settings_default

    assert settings_default == DEFAULT_TILLER_NAMESPACE


def _template_chart(tmp_path: Path) -> Path:
    chart = tmp_path / "c"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: c\nversion: 0.1.0\n")
    (chart / "templates" / "a.yaml").write_text("a: {{ .Values.x | default 1 }}\n")
    return chart


def test_template_imports_no_other_command_nor_client_code(tmp_path: Path) -> None:
    chart = _template_chart(tmp_path)
    script = (
        "import sys, json\nfrom app.cli import main\n"
        f"main(['template', {str(chart)!r}])\nprint(json.dumps(sorted(sys.modules)))"
    )
    env = {**os.environ, "HELM_TUI_TEMPLATE_CACHE": "off"}
    run = [sys.executable, "-c", script]
    out = subprocess.run(run, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    commands = {m for m in loaded if m.startswith("app.commands.")}
    assert commands == {"app.commands.template", "app.commands._common"}
    assert not {m for m in loaded if m.startswith(("app.client.", "app.ops."))}
    assert not loaded & {"google.protobuf", "hapi", "grpc", "dataclasses", "asyncio"}


def _gc_state_after(argv: list[str], own_process: bool) -> tuple[bool, bool]:
    code = (
        "import gc, sys\nfrom app.cli import main\n"
        f"sys.argv = ['helm-tui', *{argv!r}]\n"
        f"main({'' if own_process else repr(argv)})\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    env = {**os.environ, "HELM_TUI_TEMPLATE_CACHE": "off"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return out[-2] == "True", out[-1] == "True"


def test_a_short_lived_command_in_its_own_process_leaves_its_objects_frozen(
    tmp_path: Path,
) -> None:
    chart = str(_template_chart(tmp_path))
    assert _gc_state_after(["template", chart], own_process=True) == (True, True)
    # Called with arguments (tests, scripts), main leaves the collector alone.
    assert _gc_state_after(["template", chart], own_process=False) == (True, False)
    # Commands that may run long are not short-lived.
    assert _gc_state_after(["version", "-c"], own_process=True) == (True, False)
