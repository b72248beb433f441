"""``helm-tui version -c``: the client side, byte for byte as Helm v2.17 prints it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.client.models import VersionInfo
from app.commands.version import render_template
from app.version import CLIENT_VERSION, _checkout_commit, client_build_info

COMMIT = "a690bad98af45b015bd3da1a41f6218b1a451dbe"


@pytest.fixture(autouse=True)
def build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELM_TUI_GIT_COMMIT", COMMIT)
    monkeypatch.setenv("HELM_TUI_GIT_TREE_STATE", "clean")


def test_client_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "-c"]) == 0
    assert capsys.readouterr().out == (
        f'Client: &version.Version{{SemVer:"v2.17.0", GitCommit:"{COMMIT}", '
        'GitTreeState:"clean"}\n'
    )


def test_client_version_short(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "--client", "--short"]) == 0
    assert capsys.readouterr().out == "Client: v2.17.0+ga690bad\n"


def test_client_version_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "-c", "--template", "{{ .Client.SemVer }}/{{.Server.SemVer}}"]) == 0
    assert capsys.readouterr().out == "v2.17.0/<no value>"  # no newline, like Go


def test_unsupported_template_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "-c", "--template", "{{range .}}x{{end}}"]) == 1
    assert "only field references" in capsys.readouterr().err


def test_render_template_trims_and_prints_structs() -> None:
    data = {"Client": VersionInfo("v2.17.0", "abc", "clean")}
    assert render_template("a  {{- .Client.GitCommit -}}  b|{{.Client}}", data) == (
        "aabcb|&{v2.17.0 abc clean}"
    )
    with pytest.raises(ValueError, match="can't evaluate field Nope"):
        render_template("{{.Client.Nope}}", data)


def test_client_version_constant() -> None:
    assert CLIENT_VERSION == "v2.17.0" and client_build_info().sem_ver == "v2.17.0"


def test_commit_from_a_checkout(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    assert _checkout_commit(git) == ""
    (git / "packed-refs").write_text(f"# pack-refs\n{COMMIT} refs/heads/main\n")
    assert _checkout_commit(git) == COMMIT
    (git / "refs" / "heads" / "main").write_text("f" * 40 + "\n")
    assert _checkout_commit(git) == "f" * 40
    (git / "HEAD").write_text("e" * 40 + "\n")
    assert _checkout_commit(git) == "e" * 40
    assert _checkout_commit(tmp_path / "missing") == ""
