from pathlib import Path

import pytest

from app.charts.create import create
from app.charts.lint import lint_chart
from app.charts.package import package
from app.cli import main


def _messages(chart: Path, values: str = "") -> list[str]:
    return [str(m) for m in lint_chart(chart, values).messages]


def test_cli_output_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = create("web", tmp_path)
    assert main(["lint", str(chart)]) == 0
    assert capsys.readouterr().out == (
        f"==> Linting {chart}\n[INFO] Chart.yaml: icon is recommended\n\n"
        "1 chart(s) linted, no failures\n"
    )
    (chart / "values.yaml").write_text("a: b: c\n")
    assert main(["lint", str(chart)]) == 1
    captured = capsys.readouterr()
    assert "[ERROR] values.yaml: unable to parse YAML: error converting YAML to JSON: yaml:" in (
        captured.out
    )
    assert captured.err == "Error: 1 chart(s) linted, 1 chart(s) failed\n"


def test_strict_fails_on_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = create("web", tmp_path)
    (chart / "templates").rename(tmp_path / "moved")
    assert main(["lint", str(chart)]) == 0
    assert "[WARNING] templates/: directory not found" in capsys.readouterr().out
    assert main(["lint", "--strict", str(chart)]) == 1


def test_chartfile_rules(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    (chart / "Chart.yaml").write_text(
        "name: we.b\nversion: 0.0.0\nengine: jinja\nicon: not a url\n"
        "maintainers:\n- name: me\n  email: nope\nsources: ['']\n"
    )
    assert _messages(chart)[:7] == [
        "[WARNING] Chart.yaml: name should be lower case letters and numbers. "
        "Words may be separated with dashes",
        "[ERROR] Chart.yaml: directory name (web) and chart name (we.b) must be the same",
        "[ERROR] Chart.yaml: version 0.0.0 is less than or equal to 0",
        "[ERROR] Chart.yaml: engine 'jinja' not valid. Valid options are [gotpl]",
        "[ERROR] Chart.yaml: invalid email 'nope' for maintainer 'me'",
        "[ERROR] Chart.yaml: invalid source URL ''",
        "[ERROR] Chart.yaml: invalid icon URL 'not a url'",
    ]
    (chart / "Chart.yaml").write_text("name: web\nversion: one\n")
    assert "[ERROR] Chart.yaml: version 'one' is not a valid SemVer" in _messages(chart)


def test_template_rules(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    (chart / "templates/bad.json").write_text("{}")
    (chart / "templates/broken.yaml").write_text("a: {{ .Values.x }}b: c\n")
    msgs = _messages(chart)
    assert (
        "[ERROR] templates/bad.json: file extension '.json' not valid. "
        "Valid extensions are .yaml, .yml, .tpl, or .txt" in msgs
    )
    prefix = "[ERROR] templates/broken.yaml: unable to parse YAML\n\t"
    assert any(m.startswith(prefix) for m in msgs)
    (chart / "templates/fail.yaml").write_text('{{ fail "boom" }}\n')
    assert any(
        m.startswith('[ERROR] templates/: render error in "web/templates/fail.yaml"')
        for m in _messages(chart)
    )


def test_values_from_flags_reach_templates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = create("web", tmp_path)
    # Sprig's fail still fails in Helm v2.17's lint mode (only `required` is forgiven).
    (chart / "templates/need.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\n"
        'x: {{ if not .Values.x }}{{ fail "x is required" }}{{ end }}\n'
    )
    assert main(["lint", str(chart)]) == 1
    assert "x is required" in capsys.readouterr().out
    assert main(["lint", str(chart), "--set", "x=1"]) == 0


def test_archive_and_missing_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = package(create("web", tmp_path), tmp_path).archive
    assert main(["lint", str(archive)]) == 0
    assert main(["lint", str(tmp_path / "nothing")]) == 1
    out = capsys.readouterr().out
    skipped = f"==> Skipping {tmp_path / 'nothing'}\n"
    assert skipped + "No chart found for linting (missing Chart.yaml)" in out


def test_prerelease_chart_versions_fail_as_with_semver_v1_5_0(tmp_path: Path) -> None:
    # Helm v2.17 validates the version against "> 0"; semver v1.5.0's Validate refuses any
    # pre-release there, and lint reports its first reason.
    chart = create("web", tmp_path)
    (chart / "Chart.yaml").write_text("name: web\nversion: 1.0.0-rc.1\n")
    assert _messages(chart)[0] == (
        "[ERROR] Chart.yaml: version 1.0.0-rc.1 is a prerelease version and the constraint "
        "is only looking for release versions"
    )
    (chart / "Chart.yaml").write_text("name: web\nversion: v1.0.0+build\n")
    assert not [m for m in _messages(chart) if "version" in m]


def test_lint_renders_in_helm_lint_mode_required_lets_missing_values_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = create("web", tmp_path)
    (chart / "templates" / "needs.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
        '  a: {{ required "set a" .Values.a | quote }}\n'
    )
    assert _messages(chart) == ["[INFO] Chart.yaml: icon is recommended"]
    assert main(["template", str(chart)]) == 1  # outside lint mode it fails, as in Helm
    assert "set a" in capsys.readouterr().err


def test_strict_lint_makes_a_missing_key_an_error(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    (chart / "templates" / "typo.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
        "data:\n  a: {{ .Values.service.typo | quote }}\n"
    )
    assert _messages(chart) == ["[INFO] Chart.yaml: icon is recommended"]
    strict = [str(m) for m in lint_chart(chart, strict=True).messages]
    assert strict == [
        "[INFO] Chart.yaml: icon is recommended",
        '[ERROR] templates/: render error in "web/templates/typo.yaml": template: '
        'web/templates/typo.yaml:6:15: executing "web/templates/typo.yaml" at '
        '<.Values.service.typo>: map has no entry for key "typo"',
    ]
