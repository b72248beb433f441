"""``.Files`` (Get, GetBytes, Glob, AsConfig, AsSecrets, Lines) and the other top-level objects."""

from __future__ import annotations

import pytest

from tests.unit.engine.chartbuild import chart
from tiller.engine.capabilities import (
    DEFAULT_API_VERSIONS,
    VersionSet,
    cluster_capabilities,
    default_capabilities,
    kube_version,
)
from tiller.engine.context import Metadata, ReleaseOptions, timestamp, to_render_values
from tiller.engine.files import Files, compile_glob
from tiller.engine.render import render

FILES = Files(
    {
        "README.md": b"# readme\n",
        "conf/a.yaml": b"a: 1\n",
        "conf/b.json": b'{"b": 2}',
        "conf/sub/c.yaml": b"c: 3\n",
        "bin/data.bin": b"\x00\xff\xfe",
        "lines.txt": b"one\ntwo\n",
    }
)


def test_get_and_get_bytes() -> None:
    assert FILES.get_string("README.md") == "# readme\n"
    assert FILES.get_string("missing") == ""
    assert FILES.get_bytes("bin/data.bin") == b"\x00\xff\xfe"
    assert FILES.get_bytes("missing") == b""
    # Invalid UTF-8 survives as surrogate escapes (Go strings are bytes).
    assert FILES.get_string("bin/data.bin").encode("utf-8", "surrogateescape") == b"\x00\xff\xfe"


@pytest.mark.parametrize(
    ("pattern", "want"),
    [
        ("conf/*", ["conf/a.yaml", "conf/b.json"]),
        ("conf/**", ["conf/a.yaml", "conf/b.json", "conf/sub/c.yaml"]),
        ("**.yaml", ["conf/a.yaml", "conf/sub/c.yaml"]),
        ("conf/*.{yaml,json}", ["conf/a.yaml", "conf/b.json"]),
        ("conf/[ab].*", ["conf/a.yaml", "conf/b.json"]),
        ("conf/[!a].*", ["conf/b.json"]),
        ("conf/?.yaml", ["conf/a.yaml"]),
        ("*.md", ["README.md"]),
        ("*", ["README.md", "lines.txt"]),
        ("nothing/*", []),
        ("conf/[", sorted(FILES)),  # invalid pattern: Helm falls back to "**"
    ],
)
def test_glob(pattern: str, want: list[str]) -> None:
    got = FILES.glob(pattern)
    assert isinstance(got, Files)
    assert sorted(got) == want


def test_glob_escape_and_separator() -> None:
    m = compile_glob("a\\*b")
    assert m("a*b") and not m("axb")
    assert not compile_glob("a?b")("a/b")


def test_as_config_and_as_secrets() -> None:
    conf = FILES.glob("conf/*")
    assert conf.as_config() == "a.yaml: |\n  a: 1\nb.json: '{\"b\": 2}'\n"
    assert conf.as_secrets() == "a.yaml: YTogMQo=\nb.json: eyJiIjogMn0=\n"
    assert Files().as_config() == "{}\n"


def test_lines() -> None:
    assert FILES.lines("lines.txt") == ["one", "two", ""]
    assert FILES.lines("missing") == []


def test_files_through_templates() -> None:
    files = {"conf/a.yaml": "a: 1\n", "conf/b.yaml": "b: 2\n", "x.txt": "l1\nl2"}
    c = chart(
        "mychart",
        files=files,
        templates={
            "cm.yaml": (
                'data:\n{{ (.Files.Glob "conf/*").AsConfig | indent 2 }}'
                '{{ range $path, $bytes := .Files.Glob "conf/*" }}'
                "{{ $path }}={{ $.Files.Get $path | trim }};{{ end }}\n"
                '{{ range .Files.Lines "x.txt" }}[{{ . }}]{{ end }}\n'
                '{{ index .Files "x.txt" }}|{{ .Files.GetBytes "x.txt" | len }}'
            )
        },
    )
    out = render(c, to_render_values(c, "{}\n", ReleaseOptions("rel")))
    assert out["mychart/templates/cm.yaml"] == (
        "data:\n  a.yaml: |\n    a: 1\n  b.yaml: |\n    b: 2\n  "
        "conf/a.yaml=a: 1;conf/b.yaml=b: 2;\n[l1][l2]\n[108 49 10 108 50]|5"
    )


def test_capabilities_objects() -> None:
    caps = default_capabilities(kube_version("1", "20"))
    assert caps.APIVersions.has("apps/v1") and not caps.APIVersions.has("batch/v1alpha1")
    assert set(DEFAULT_API_VERSIONS) == set(caps.APIVersions)
    assert caps.KubeVersion.GitVersion == "v1.20.0" and caps.KubeVersion.string() == "v1.20.0"
    assert caps.TillerVersion.SemVer == "v2.17.0"
    assert caps.TillerVersion.string().startswith('sem_ver:"v2.17.0" git_commit:"')
    tiller = cluster_capabilities(
        ["v1", "apps/v1/Deployment"],
        {"major": "1", "minor": "18+", "gitVersion": "v1.18.3-x"},
        "v2.17.0",
    )
    assert isinstance(tiller.APIVersions, VersionSet) and tiller.APIVersions.has(
        "apps/v1/Deployment"
    )
    assert (tiller.KubeVersion.Minor, tiller.KubeVersion.GitVersion) == ("18+", "v1.18.3-x")


def test_release_chart_and_capabilities_through_templates() -> None:
    c = chart("mychart", templates={"t.yaml": ""})
    c.metadata.appVersion = "1.2"
    c.metadata.keywords.extend(["a", "b"])
    c.metadata.maintainers.add(name="me", email="me@x")
    text = (
        "{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }} "
        "{{ .Release.Revision }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} "
        "{{ .Release.Time.Seconds }} {{ .Release.Time }}|"
        "{{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.Keywords }} "
        "{{ (index .Chart.Maintainers 0).Name }} {{ .Chart.Deprecated }}|"
        "{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Major }} "
        '{{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.TillerVersion.SemVer }}|'
        "{{ .Template.Name }} {{ .Template.BasePath }}"
    )
    c.templates[0].data = text.encode()
    opts = ReleaseOptions("rel", "ns", revision=3, is_upgrade=True, is_install=False,
                          time=timestamp(1577836800, 5))  # fmt: skip
    out = render(c, to_render_values(c, "{}\n", opts, default_capabilities()))
    assert out["mychart/templates/t.yaml"] == (
        "rel ns Tiller 3 false true 1577836800 seconds:1577836800 nanos:5 |"
        "mychart 0.1.0 1.2 [a b] me false|"
        "v1.14.0 1 true v2.17.0|"
        "mychart/templates/t.yaml mychart/templates"
    )


def test_metadata_string_is_compact_proto_text() -> None:
    c = chart('my"chart')
    c.metadata.annotations["k"] = "v"
    assert Metadata.from_proto(c.metadata).string() == (
        'name:"my\\"chart" version:"0.1.0" annotations:<key:"k" value:"v" > '
    )
