"""Plain charts (``tiller.engine.chartmodel``) render exactly as the ``hapi`` messages do."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from app.charts.loader import load, load_chart
from app.commands.template import render_like_helm_template
from tiller.engine import chartmodel
from tiller.engine.context import Metadata, timestamp

CHART_YAML = """\
name: top
version: 1.2.3
appVersion: 4.5
description: "a \\"quoted\\" chart\\twith a tab"
sources: [https://example.com/src, 7]
keywords: [one, two]
maintainers:
- name: Ann
  email: ann@example.com
- {name: Bob, url: https://bob.example.com}
annotations: {b: 2, a: yes}
deprecated: true
"""

TEMPLATE = """\
chart: {{ .Chart }}
name: {{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }}
maintainer: {{ index .Chart.Maintainers 0 }}
maintainers: {{ .Chart.Maintainers }}
time: {{ .Release.Time }}
tiller: {{ .Capabilities.TillerVersion }}
file: {{ .Files.Get "files/conf.txt" | quote }}
values: {{ toYaml .Values | nindent 2 }}
"""

REQUIREMENTS = """\
dependencies:
- name: sub
  version: ">=0.1.0"
  alias: renamed
  import-values: [{child: exported, parent: imported}]
- name: sub
  version: ">=0.1.0"
  condition: extra.enabled
- name: packed
  version: "*"
"""


def _tgz(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.fixture
def chart_dir(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "top",
        {
            "Chart.yaml": CHART_YAML,
            "values.yaml": "x: 1\nextra: {enabled: false}\nimported: {keep: me}\n",
            "requirements.yaml": REQUIREMENTS,
            "files/conf.txt": "k=v\n",
            "templates/a.yaml": TEMPLATE,
            "templates/_helpers.tpl": '{{ define "h" }}top{{ end }}',
            "templates/NOTES.txt": "{{ .Release.Name }}",
            "charts/sub/Chart.yaml": "name: sub\nversion: 0.2.0\n",
            "charts/sub/values.yaml": "exported: {a: 1, b: two}\ny: 2\n",
            "charts/sub/templates/s.yaml": "sub: {{ .Chart.Name }} {{ .Values | toJson }}\n",
            "charts/packed.tgz": _tgz(
                {
                    "packed/Chart.yaml": "name: packed\nversion: 0.0.1\n",
                    "packed/templates/p.yaml": "{{ .Chart }} {{ .Values.z | default 3 }}",
                }
            ),
        },
    )


def _render(chart: object) -> dict[str, str]:
    return render_like_helm_template(
        chart,  # type: ignore[arg-type]  # either kind
        "extra: {enabled: true}\n",
        "rel",
        "ns",
        time=timestamp(1577836800),
    )


def test_plain_and_message_charts_render_the_same(chart_dir: Path) -> None:
    plain, message = _render(load_chart(str(chart_dir))), _render(load(str(chart_dir)))
    assert plain == message
    assert set(plain) == {
        "top/templates/a.yaml",
        "top/templates/NOTES.txt",
        "top/charts/renamed/templates/s.yaml",
        "top/charts/sub/templates/s.yaml",
        "top/charts/packed/templates/p.yaml",
    }
    text = plain["top/templates/a.yaml"]
    assert (
        'chart: name:"top" sources:"https://example.com/src" sources:"7" version:"1.2.3" '
        'description:"a \\"quoted\\" chart\\twith a tab" keywords:"one" '
    ) in text
    assert 'maintainer: name:"Ann" email:"ann@example.com" \n' in text
    assert "imported:\n    a: 1\n    b: two\n    keep: me" in text


def test_the_loader_converts_what_it_assembles(chart_dir: Path) -> None:
    plain, message = load_chart(str(chart_dir)), load(str(chart_dir))
    assert plain.to_proto() == message
    assert [t.name for t in plain.templates] == [t.name for t in message.templates]
    assert [d.metadata.name for d in plain.dependencies] == ["packed", "sub"]
    md = plain.metadata
    assert (md.name, md.appVersion, md.deprecated) == ("top", "4.5", True)
    assert md.sources == ["https://example.com/src", "7"] and md.annotations == {
        "a": "true",
        "b": "2",
    }
    assert [(m.name, m.email, m.url) for m in md.maintainers] == [
        ("Ann", "ann@example.com", ""),
        ("Bob", "", "https://bob.example.com"),
    ]


def test_metadata_prints_as_the_message_does(chart_dir: Path) -> None:
    plain, message = load_chart(str(chart_dir)).metadata, load(str(chart_dir)).metadata
    assert Metadata.from_proto(plain).string() == Metadata.from_proto(message).string()
    assert Metadata.from_proto(chartmodel.Metadata()).string() == ""


def test_copy_is_deep_and_presence_is_kept() -> None:
    sub = chartmodel.Chart()
    sub.metadata.name = "sub"
    top = chartmodel.Chart()
    top.metadata.name = "top"
    top.metadata.maintainers.append(chartmodel.Maintainer("Ann"))
    top.values.raw = "a: 1\n"
    top.templates.append(chartmodel.Template("templates/a.yaml", b"a"))
    top.files.append(chartmodel.File("f.txt", b"f"))
    top.dependencies.append(sub)
    copy = chartmodel.Chart()
    copy.CopyFrom(top)
    copy.metadata.name = "renamed"
    copy.metadata.maintainers[0].name = "Bob"
    copy.values.raw = ""
    copy.dependencies[0].metadata.name = "other"
    del copy.templates[:]
    assert (top.metadata.name, top.metadata.maintainers[0].name) == ("top", "Ann")
    assert (top.values.raw, top.dependencies[0].metadata.name) == ("a: 1\n", "sub")
    assert len(top.templates) == 1 and copy.files[0].value == b"f"
    assert sub.HasField("metadata") and not sub.HasField("values")
    assert top.HasField("values")
    with pytest.raises(ValueError, match="no singular message field"):
        top.HasField("templates")
    message = top.to_proto()
    assert message.HasField("values") and not message.dependencies[0].HasField("values")
    assert message.metadata.maintainers[0].name == "Ann"
