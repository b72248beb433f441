"""Script mode without Tiller: validation before running, located errors, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main

CHART = Path(__file__).resolve().parents[3] / "examples" / "charts" / "hello"


def run(tmp_path: Path, text: str, *flags: str) -> int:
    script = tmp_path / "script.txt"
    script.write_text(text)
    return main(["--script", str(script), *flags])


def test_lines_run_in_order_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        tmp_path, f"version --client --short\nhelm template {CHART} -x templates/service.yaml\n"
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Client: v2.17.0")
    assert "# Source: hello/templates/service.yaml" in out


def test_usage_errors_are_found_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = (
        "version --client\nbogus thing\ntemplate --no-such-flag x\n--debug\n"
        "--debug nope\n--debug version --client\n"
    )
    assert run(tmp_path, script) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # line 1 did not run
    where = tmp_path / "script.txt"
    assert captured.err == (
        f'{where}:2: Error: unknown command "bogus" for "helm-tui"\n'
        f"{where}:3: Error: unrecognized arguments: --no-such-flag\n"
        f"{where}:4: Error: no command given\n"
        f'{where}:5: Error: unknown command "nope" for "helm-tui"\n'
    )


def test_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "version --client\nstatus ${NOT_SET_ANYWHERE}\n") == 2
    err = capsys.readouterr().err
    assert err.endswith(
        ":2: Error: variable NOT_SET_ANYWHERE is not set (use ${NOT_SET_ANYWHERE:-default})\n"
    )


def test_missing_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--script", str(tmp_path / "nope.txt")]) == 2
    assert (
        capsys.readouterr().err
        == f"Error: open {tmp_path / 'nope.txt'}: no such file or directory\n"
    )


def test_failure_stops_the_script_unless_keep_going(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = "template ./missing-chart\nversion --client --short\n"
    assert run(tmp_path, script) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == f"{tmp_path / 'script.txt'}:1: Error: stat ./missing-chart: no such file or directory\n"
    )
    assert run(tmp_path, script, "--keep-going") == 1
    assert capsys.readouterr().out.startswith("Client: v2.17.0")


def test_runtime_usage_error_and_missing_values_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / "script.txt"
    assert run(tmp_path, "rollback web\n") == 2
    assert capsys.readouterr().err == (
        f"{where}:1: Error: This command needs 2 arguments: release name, revision number\n"
    )
    assert run(tmp_path, f"install {CHART} -f missing.yaml --host 127.0.0.1:1\n") == 1
    assert (
        capsys.readouterr().err
        == f"{where}:1: Error: open missing.yaml: no such file or directory\n"
    )


def test_unreachable_tiller(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(tmp_path, "version --client\nstatus web\n", "--host", "127.0.0.1:1")
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"{tmp_path / 'script.txt'}:2: Error: could not reach Tiller at 127.0.0.1:1"
    )


def test_stdin_script(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("version --client --short\nnope\n"))
    assert main(["--script", "-"]) == 2
    assert capsys.readouterr().err == '<stdin>:2: Error: unknown command "nope" for "helm-tui"\n'


def test_script_and_command_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--script", "x", "version"])
    assert stop.value.code == 2
