import gzip
import hashlib
import io
import os
import tarfile
from pathlib import Path

import pytest

from app.charts.archive import GZIP_COMMENT, GZIP_EXTRA
from app.charts.create import create
from app.charts.loader import load
from app.charts.package import package
from app.cli import main
from app.repos.errors import HelmError


def test_archive_layout_and_gzip_header(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    archive = package(chart, tmp_path).archive
    assert archive.name == "web-0.1.0.tgz"
    data = archive.read_bytes()
    assert data[:4] == b"\x1f\x8b\x08\x14"  # FEXTRA | FCOMMENT
    assert data[4:8] == b"\x00\x00\x00\x00"  # no timestamp
    assert GZIP_EXTRA in data[:64] and GZIP_COMMENT + b"\x00" in data[:80]
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names[0] == "web/Chart.yaml" and names[1] == "web/values.yaml"
    assert all(n.startswith("web/") for n in names)
    assert all(m.isfile() and m.mode == 0o755 and m.uid == 0 and m.mtime == 0 for m in members)
    assert "web/templates/tests/test-connection.yaml" in names
    assert load(str(archive)).metadata.name == "web"
    assert gzip.decompress(data)  # a standard gzip stream


def test_same_chart_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    chart = create("web", tmp_path / "a")
    first = hashlib.sha256(package(chart, tmp_path).archive.read_bytes()).hexdigest()
    os.utime(chart / "values.yaml", (1, 1))  # file times must not matter
    second = hashlib.sha256(package(chart, tmp_path).archive.read_bytes()).hexdigest()
    assert first == second


def test_version_and_app_version_overrides(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    archive = package(chart, tmp_path, version="1.2.3-rc.1", app_version="9.0").archive
    md = load(str(archive)).metadata
    assert (archive.name, md.version, md.appVersion) == ("web-1.2.3-rc.1.tgz", "1.2.3-rc.1", "9.0")
    with pytest.raises(HelmError, match="Invalid Semantic Version"):
        package(chart, tmp_path, version="one")


def test_directory_name_must_match(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    moved = chart.rename(tmp_path / "other")
    with pytest.raises(HelmError, match=r"directory name \(other\) and Chart.yaml name \(web\)"):
        package(moved, tmp_path)


def test_symlink_escaping_the_chart_is_refused(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    (chart / "leak.txt").symlink_to(secret)
    with pytest.raises(HelmError, match="symlink leak.txt -> .* points outside the chart"):
        package(chart, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_missing_dependency_is_refused(tmp_path: Path) -> None:
    chart = create("web", tmp_path)
    (chart / "requirements.yaml").write_text(
        "dependencies:\n- name: db\n  version: 1.x\n  repository: file://../db\n"
    )
    with pytest.raises(HelmError, match="missing in charts/ directory: db"):
        package(chart, tmp_path)


def test_package_command_saves_to_local_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HELM_HOME", str(tmp_path / "home"))
    assert main(["init", "--client-only"]) == 0
    chart = create("web", tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    capsys.readouterr()
    assert main(["package", str(chart), "-d", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"Successfully packaged chart and saved it to: {out / 'web-0.1.0.tgz'}\n"
    )
    local = tmp_path / "home/repository/local"
    assert (local / "web-0.1.0.tgz").exists()
    assert "web-0.1.0.tgz" in (local / "index.yaml").read_text()
    assert main(["package", str(chart), "-d", str(out), "--save=false", "--version", "2.0.0"]) == 0
    assert not (local / "web-2.0.0.tgz").exists()
