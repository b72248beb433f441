"""Loading chart directories and archives exactly as Helm v2's chartutil loader."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from app.charts.chartfile import ChartfileError, parse_chartfile
from app.charts.ignore import IgnoreError, Rules
from app.charts.loader import ChartLoadError, load, load_archive

CHART_YAML = "name: mychart\nversion: 0.1.0\n"


def write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def tgz(entries: dict[str, bytes], dirs: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for d in dirs:
            info = tarfile.TarInfo(d)
            info.type = tarfile.DIRTYPE
            tar.addfile(info)
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_directory_layout(tmp_path: Path) -> None:
    sub_archive = tgz({"db/Chart.yaml": b"name: db\nversion: 1.0.0\n", "db/templates/d.yaml": b"d"})
    root = write(
        tmp_path / "mychart",
        {
            "Chart.yaml": CHART_YAML
            + "appVersion: 1.10\nkeywords: [a, b]\nmaintainers:\n- {name: me}\n",
            "values.yaml": "a: 1\n",
            "templates/deploy.yaml": "kind: Deployment",
            "templates/_helpers.tpl": "",
            "templates/NOTES.txt": "notes",
            "templates/tests/t.yaml": "test",
            "README.md": "readme",
            "files/conf.txt": "conf",
            "requirements.yaml": "dependencies: []\n",
            "charts/web/Chart.yaml": "name: web\nversion: 2.0.0\n",
            "charts/web/templates/w.yaml": "w",
            "charts/web/values.yaml": "w: 1\n",
            "charts/db-1.0.0.tgz": sub_archive,
            "charts/db-1.0.0.tgz.prov": "signature",
            "charts/.hidden/Chart.yaml": "name: hidden\n",
            "charts/_skip.tgz": b"junk",
        },
    )
    c = load(str(root))
    md = c.metadata
    assert (md.name, md.version, md.appVersion) == ("mychart", "0.1.0", "1.1")
    assert list(md.keywords) == ["a", "b"] and md.maintainers[0].name == "me"
    assert c.values.raw == "a: 1\n"
    assert [t.name for t in c.templates] == [
        "templates/NOTES.txt",
        "templates/_helpers.tpl",
        "templates/deploy.yaml",
        "templates/tests/t.yaml",
    ]
    assert [f.type_url for f in c.files] == [
        "README.md",
        "charts/db-1.0.0.tgz.prov",
        "files/conf.txt",
        "requirements.yaml",
    ]
    assert [d.metadata.name for d in c.dependencies] == ["db", "web"]
    web = c.dependencies[1]
    assert web.values.raw == "w: 1\n" and [t.name for t in web.templates] == ["templates/w.yaml"]


def test_helmignore_rules(tmp_path: Path) -> None:
    root = write(
        tmp_path / "c",
        {
            "Chart.yaml": CHART_YAML,
            ".helmignore": "# comment\n\n*.bak\n/docs/\nsecret/*.key\ntmp/\n",
            "a.bak": "x",
            "sub/b.bak": "x",
            "docs/readme": "x",
            "secret/k.key": "x",
            "secret/keep.txt": "x",
            "tmp/x": "x",
            "templates/.hidden": "x",
            "templates/.x/y.yaml": "x",
            "templates/ok.yaml": "x",
            "charts/sub/Chart.yaml": "name: sub\n",
            "charts/sub/.helmignore": "*\n",
            "charts/sub/old.bak": "x",
            "charts/sub/kept.txt": "x",
        },
    )
    c = load(str(root))
    assert sorted(f.type_url for f in c.files) == [".helmignore", "secret/keep.txt"]
    # Helm's built-in rule drops dot-files and dot-directories directly in templates/.
    assert sorted(t.name for t in c.templates) == ["templates/ok.yaml"]
    # The top .helmignore applies to subcharts; their own is just a file.
    assert sorted(f.type_url for f in c.dependencies[0].files) == [".helmignore", "kept.txt"]


def test_helmignore_negation_is_helms_not_gits() -> None:
    rules = Rules.parse(["!keep.txt"])
    assert rules.ignore("other.txt", False) is True
    assert rules.ignore("keep.txt", False) is False
    rules = Rules.parse(["*.txt", "!keep.txt"])
    assert rules.ignore("keep.txt", False) is True  # first match decides


def test_helmignore_errors() -> None:
    with pytest.raises(IgnoreError, match=r"double-star \(\*\*\) syntax is not supported"):
        Rules.parse(["a/**/b"])
    with pytest.raises(IgnoreError, match="syntax error in pattern"):
        Rules.parse(["[a"])
    rules = Rules.parse(["[^a].txt", "d?r/"])
    assert rules.ignore("b.txt", False) and not rules.ignore("a.txt", False)
    assert rules.ignore("x/dir", True) and not rules.ignore("x/dir", False)


def test_archive_strips_top_directory_and_skips_dirs() -> None:
    data = tgz(
        {"whatever/Chart.yaml": CHART_YAML.encode(), "whatever/templates/t.yaml": b"t",
         "whatever/values.yaml": b"v: 1\n"},
        dirs=("whatever/", "whatever/templates/"),
    )  # fmt: skip
    c = load_archive(data)
    assert c.metadata.name == "mychart" and c.values.raw == "v: 1\n"
    assert [t.name for t in c.templates] == ["templates/t.yaml"]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"c/../../etc/passwd": b"x"}, "chart illegally references parent directory"),
        ({"c//etc/passwd": b"x"}, "chart illegally contains absolute paths"),
        ({"c/": b"x"}, 'chart illegally contains content outside the base directory: "c/"'),
        ({"c/C:/x": b"x"}, "chart contains illegally named files"),
        (
            {"Chart.yaml": b"x"},
            'chart illegally contains content outside the base directory: "Chart.yaml"',
        ),
        ({"Chart.yaml/x": b"x"}, "chart yaml not in base directory"),
        ({}, "no files in chart archive"),
        ({"c/values.yaml": b""}, "chart metadata (Chart.yaml) missing"),
    ],
)
def test_archive_safety(entries: dict[str, bytes], message: str) -> None:
    with pytest.raises(ChartLoadError) as err:
        load_archive(tgz(entries))
    assert str(err.value) == message


def test_archive_file_checks(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text("a: 1\n")
    with pytest.raises(ChartLoadError, match="seems to be a YAML file, but I expected a gzipped"):
        load(str(tmp_path / "values.yaml"))
    (tmp_path / "x.tgz").write_bytes(b"\x00\x01binary")
    with pytest.raises(ChartLoadError, match="does not appear to be a gzipped archive"):
        load(str(tmp_path / "x.tgz"))
    (tmp_path / "ok.tgz").write_bytes(tgz({"c/Chart.yaml": CHART_YAML.encode()}))
    assert load(str(tmp_path / "ok.tgz")).metadata.name == "mychart"
    with pytest.raises(ChartLoadError, match="no such file or directory"):
        load(str(tmp_path / "nope"))


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"values.yaml": ""}, 'no Chart.yaml exists in directory'),
        ({"Chart.yaml": "version: 1\n"}, "invalid chart (Chart.yaml): name must not be empty"),
        ({"Chart.yaml": CHART_YAML + "apiVersion: v2\n"},
         "apiVersion 'v2' is not valid. The value must be \"v1\""),
        ({"Chart.yaml": CHART_YAML, "values.toml": ""},
         "values.toml is illegal as of 2.0.0-alpha.2"),
        ({"Chart.yaml": CHART_YAML, "charts/README.md": "x"},
         "error unpacking README.md in mychart: chart metadata (Chart.yaml) missing"),
        ({"Chart.yaml": CHART_YAML, "charts/s/Chart.yaml": "name: ''\n"},
         "error unpacking s in mychart: invalid chart (Chart.yaml): name must not be empty"),
    ],
)  # fmt: skip
def test_directory_errors(tmp_path: Path, files: dict[str, str], message: str) -> None:
    root = write(tmp_path / "c", files)
    with pytest.raises(ChartLoadError) as err:
        load(str(root))
    assert message in str(err.value)


def test_chartfile_decoding() -> None:
    md = parse_chartfile(
        b"Name: x\nversion: 1.0\nappVersion: 2.10\ndeprecated: true\nannotations: {a: 1, b: yes}\n"
        b"sources: [s1, 2]\nunknown: 1\ntillerVersion: '>=2.10'\n"
    )
    assert (md.name, md.version, md.appVersion, md.deprecated) == ("x", "1", "2.1", True)
    assert dict(md.annotations) == {"a": "1", "b": "true"} and list(md.sources) == ["s1", "2"]
    assert md.tillerVersion == ">=2.10"
    with pytest.raises(
        ChartfileError, match="cannot unmarshal array into Go struct field Metadata.name"
    ):
        parse_chartfile(b"name: [x]\n")
    with pytest.raises(ChartfileError, match="Go value of type chart.Metadata"):
        parse_chartfile(b"- x\n")
    with pytest.raises(ChartfileError, match="error converting YAML to JSON"):
        parse_chartfile(b"name: [\n")


def test_archive_links_are_refused() -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        data = CHART_YAML.encode()
        info = tarfile.TarInfo("mychart/Chart.yaml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("mychart/templates/secret.yaml")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    with pytest.raises(ChartLoadError, match="illegally contains a link"):
        load_archive(buf.getvalue())


def test_directory_symlink_escaping_the_chart_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    chart = write(tmp_path / "mychart", {"Chart.yaml": CHART_YAML})
    (chart / "stolen.txt").symlink_to(outside)
    with pytest.raises(ChartLoadError, match="symlink escaping the chart: stolen.txt"):
        load(str(chart))


def test_directory_symlink_inside_the_chart_is_followed(tmp_path: Path) -> None:
    chart = write(tmp_path / "mychart", {"Chart.yaml": CHART_YAML, "files/a.txt": "A"})
    (chart / "b.txt").symlink_to(chart / "files" / "a.txt")
    loaded = load(str(chart))
    assert {f.type_url: f.value for f in loaded.files}["b.txt"] == b"A"
