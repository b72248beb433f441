"""The ``helm-tui`` entry point: command discovery, global flags, light start-up."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

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
