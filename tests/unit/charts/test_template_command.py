"""``helm-tui template``: output format, ordering, flags and errors as Helm v2.17 prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main

CHART = {
    "Chart.yaml": "name: demo\nversion: 0.1.0\n",
    "values.yaml": "replicas: 1\nname: web\n",
    "templates/svc.yaml": "kind: Service\nname: {{ .Release.Name }}-{{ .Values.name }}",
    "templates/deploy.yaml": "kind: Deployment\nreplicas: {{ .Values.replicas }}",
    "templates/cm.yaml": "kind: ConfigMap\nns: {{ .Release.Namespace }}",
    "templates/zz.yaml": "{{/* no kind */}}",
    "templates/_h.tpl": '{{ define "x" }}x{{ end }}',
    "templates/NOTES.txt": "notes for {{ .Release.Name }}",
}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    for rel, text in CHART.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_prints_documents_in_kind_order(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", str(demo)]) == 0
    assert capsys.readouterr().out == (
        "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\nns: default\n"
        "---\n# Source: demo/templates/svc.yaml\nkind: Service\nname: release-name-web\n"
        "---\n# Source: demo/templates/deploy.yaml\nkind: Deployment\nreplicas: 1\n"
        "---\n# Source: demo/templates/zz.yaml\n\n"
    )


def test_flags(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = tmp_path / "v.yaml"
    values.write_text("replicas: 3\n")
    code = main(
        ["template", str(demo), "-n", "rel", "--namespace", "ns", "-f", str(values),
         "--set", "name=api", "-x", "templates/deploy.yaml", "-x", str(demo / "templates/svc.yaml"),
         "-x", "templates/NOTES.txt", "--notes"]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == (
        "---\n# Source: demo/templates/svc.yaml\nkind: Service\nname: rel-api\n"
        "---\n# Source: demo/templates/deploy.yaml\nkind: Deployment\nreplicas: 3\n"
        "---\n# Source: demo/templates/NOTES.txt\nnotes for rel\n"
    )


def test_output_dir(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main(["template", str(demo), "--output-dir", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml"))
    assert written == [
        "demo/templates/cm.yaml",
        "demo/templates/deploy.yaml",
        "demo/templates/svc.yaml",
    ]
    assert (out / "demo/templates/cm.yaml").read_text() == (
        "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\nns: default"
    )
    assert "wrote " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--set", "a"], 'Error: failed parsing --set data: key "a" has no value'),
        (["-f", "/nonexistent.yaml"], "Error: open /nonexistent.yaml: no such file or directory"),
        (["-x", "templates/nope.yaml"], "Error: could not find template"),
        (
            ["--kube-version", "abc"],
            "Error: could not parse a kubernetes version: Invalid Semantic Version",
        ),
        (["-n", "Bad_Name"], "Error: release name Bad_Name is invalid: a DNS-1123 subdomain"),
        (
            ["--output-dir", "/nonexistent-dir"],
            "Error: output-dir '/nonexistent-dir' does not exist",
        ),
    ],
)
def test_errors(
    demo: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["template", str(demo), *extra]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(message), captured.err
    assert "Traceback" not in captured.err


def test_render_error_and_missing_chart(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "templates/bad.yaml").write_text('{{ required "need x" .Values.x }}')
    assert main(["template", str(demo)]) == 1
    assert capsys.readouterr().err == (
        'Error: render error in "demo/templates/bad.yaml": template: demo/templates/bad.yaml:1:3: '
        'executing "demo/templates/bad.yaml" at <required "need x" .Values.x>: error calling '
        "required: need x\n"
    )
    assert main(["template", str(demo / "nope")]) == 1
    assert capsys.readouterr().err == f"Error: stat {demo / 'nope'}: no such file or directory\n"


def test_kube_version_and_name_template(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "templates/cm.yaml").write_text(
        "kind: ConfigMap\nv: {{ .Capabilities.KubeVersion.GitVersion }} {{ .Release.Name }}"
    )
    args = ["template", str(demo), "--kube-version", "1.20", "--name-template", '{{ "gen" }}-x']
    assert main([*args, "-x", "templates/cm.yaml"]) == 0
    assert (
        capsys.readouterr().out
        == "---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\nv: v1.20.0 gen-x\n"
    )


def test_requirements_are_processed(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (demo / "requirements.yaml").write_text(
        "dependencies:\n- {name: sub, condition: sub.enabled}\n"
    )
    sub = demo / "charts/sub"
    (sub / "templates").mkdir(parents=True)
    (sub / "Chart.yaml").write_text("name: sub\nversion: 1.0.0\n")
    (sub / "templates/s.yaml").write_text("kind: Secret\nsub: {{ .Values.v }}")
    (sub / "values.yaml").write_text("v: default\nenabled: true\n")
    assert (
        main(["template", str(demo), "-x", "charts/sub/templates/s.yaml", "--set", "sub.v=set"])
        == 0
    )
    assert (
        capsys.readouterr().out
        == "---\n# Source: demo/charts/sub/templates/s.yaml\nkind: Secret\nsub: set\n"
    )
    assert main(["template", str(demo), "--set", "sub.enabled=false"]) == 0
    assert "charts/sub" not in capsys.readouterr().out
    (demo / "requirements.yaml").write_text("dependencies:\n- {name: missing}\n")
    assert main(["template", str(demo)]) == 1
    assert capsys.readouterr().err == (
        "Error: found in requirements.yaml, but missing in charts/ directory: missing\n"
    )
