from pathlib import Path

import pytest

from app.charts.create import create, create_from_starter
from app.charts.lint import lint_chart
from app.charts.loader import load
from app.cli import main

SCAFFOLD = [
    ".helmignore",
    "Chart.yaml",
    "templates/NOTES.txt",
    "templates/_helpers.tpl",
    "templates/deployment.yaml",
    "templates/ingress.yaml",
    "templates/service.yaml",
    "templates/tests/test-connection.yaml",
    "values.yaml",
]


def test_create_writes_helms_scaffold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["create", "web"]) == 0
    assert capsys.readouterr().out == "Creating web\n"
    chart = tmp_path / "web"
    files = sorted(str(p.relative_to(chart)) for p in chart.rglob("*") if p.is_file())
    assert files == sorted(SCAFFOLD)
    assert (chart / "charts").is_dir()
    assert (chart / "Chart.yaml").read_text() == (
        'apiVersion: v1\nappVersion: "1.0"\ndescription: A Helm chart for Kubernetes\n'
        "name: web\nversion: 0.1.0\n"
    )
    assert '{{- define "web.fullname" -}}' in (chart / "templates/_helpers.tpl").read_text()
    assert (chart / "values.yaml").read_text().startswith("# Default values for web.\n")


def test_scaffold_lints_clean_and_renders(tmp_path: Path) -> None:
    from app.commands.template import render_like_helm_template

    chart_dir = create("web", tmp_path)
    linter = lint_chart(chart_dir)
    assert [str(m) for m in linter.messages] == ["[INFO] Chart.yaml: icon is recommended"]
    rendered = render_like_helm_template(load(str(chart_dir)), "{}\n", "rel", "default")
    assert "kind: Deployment" in rendered["web/templates/deployment.yaml"]
    assert "name: rel-web" in rendered["web/templates/service.yaml"]
    assert rendered["web/templates/ingress.yaml"].strip() == ""
    flipped = render_like_helm_template(
        load(str(chart_dir)),
        "ingress:\n  enabled: true\n  hosts:\n  - host: a.b\n    paths: [/]\n",
        "rel",
        "default",
    )
    assert "serviceName: rel-web" in flipped["web/templates/ingress.yaml"]


def test_create_keeps_existing_files(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    (chart / "values.yaml").write_text("mine: true\n")
    (chart / "templates/service.yaml").unlink()
    create("web", tmp_path)
    assert (chart / "values.yaml").read_text() == "mine: true\n"
    assert (chart / "templates/service.yaml").exists()


def test_create_from_starter_replaces_placeholder(tmp_path: Path) -> None:
    starter = tmp_path / "home/starters/basic"
    (starter / "templates").mkdir(parents=True)
    (starter / "Chart.yaml").write_text("name: basic\nversion: 9.9.9\n")
    (starter / "values.yaml").write_text("name: <CHARTNAME>\n")
    (starter / "templates/cm.yaml").write_text("kind: ConfigMap # <CHARTNAME>\n")
    chart = create_from_starter("mine", tmp_path, starter)
    assert (chart / "values.yaml").read_text() == "name: mine\n"
    assert (chart / "templates/cm.yaml").read_text() == "kind: ConfigMap # mine\n"
    assert "version: 0.1.0" in (chart / "Chart.yaml").read_text()


def test_create_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "web").write_text("x")
    with pytest.raises(Exception, match="already exists and is not a directory"):
        create("web", tmp_path)
