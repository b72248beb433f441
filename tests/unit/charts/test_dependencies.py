from pathlib import Path

import pytest

from app.charts.create import create
from app.charts.loader import load
from app.charts.requirements import Dependency, Lock, hash_requirements
from app.cli import main
from app.repos.indexer import write_directory_index
from tests.unit.repos.helpers import make_archive, make_chart, serve_dir


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("HELM_HOME", str(h))
    assert main(["init", "--client-only"]) == 0
    return h


def _requirements(chart: Path, body: str) -> None:
    (chart / "requirements.yaml").write_text("dependencies:\n" + body)


def test_hash_matches_helms_hashreq() -> None:
    deps = [Dependency("mariadb", ">=1.0 <2", "https://example.com/charts", alias="db")]
    # Go's encoding/json: struct order, omitempty, and <>& escaped.
    doc = (
        '{"dependencies":[{"name":"mariadb","version":"\\u003e=1.0 \\u003c2",'
        '"repository":"https://example.com/charts","alias":"db"}]}'
    )
    import hashlib

    assert hash_requirements(deps) == "sha256:" + hashlib.sha256(doc.encode()).hexdigest()


def test_update_resolves_ranges_writes_lock_and_downloads(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "served"
    repo.mkdir()
    for v in ("1.0.0", "1.4.0", "2.0.0"):
        make_archive(tmp_path / "work", repo, "db", v)
    with serve_dir(repo) as srv:
        write_directory_index(repo, srv.url)
        assert main(["repo", "add", "stable", srv.url]) == 0
        chart = create("app", tmp_path)
        make_chart(tmp_path / "libs", "common", "0.2.0")
        _requirements(
            chart,
            "- name: db\n  version: ^1.0.0\n  repository: '@stable'\n"
            "- name: common\n  version: ~0.2\n  repository: file://../libs/common\n",
        )
        capsys.readouterr()
        assert main(["dependency", "update", str(chart)]) == 0
        out = capsys.readouterr().out
        assert '...Successfully got an update from the "stable" chart repository' in out
        assert "Saving 2 charts\nDownloading db from repo @stable\n" in out
        assert sorted(p.name for p in (chart / "charts").iterdir()) == [
            "common-0.2.0.tgz",
            "db-1.4.0.tgz",
        ]
        lock = Lock.parse((chart / "requirements.lock").read_bytes(), "lock")
        locked = [(d.name, d.version) for d in lock.dependencies]
        assert locked == [("db", "1.4.0"), ("common", "~0.2")]
        assert lock.digest.startswith("sha256:")
        assert main(["dependency", "list", str(chart)]) == 0
        table = capsys.readouterr().out
        assert "db    \t^1.0.0 \t@stable" in table and "\tok    " in table
        # build downloads what the lock says
        for p in (chart / "charts").iterdir():
            p.unlink()
        assert main(["dependency", "build", str(chart), "--skip-refresh"]) == 0
        assert (chart / "charts/db-1.4.0.tgz").exists()
        assert len(load(str(chart)).dependencies) == 2


def test_build_refuses_out_of_sync_lock(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = create("app", tmp_path)
    make_chart(tmp_path / "libs", "common", "0.2.0")
    _requirements(chart, "- name: common\n  version: 0.2.0\n  repository: file://../libs/common\n")
    assert main(["dependency", "update", str(chart)]) == 0
    _requirements(chart, "- name: common\n  version: 0.3.0\n  repository: file://../libs/common\n")
    assert main(["dependency", "build", str(chart)]) == 1
    assert "requirements.lock is out of sync with requirements.yaml" in capsys.readouterr().err


def test_name_clash_is_refused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = create("app", tmp_path)
    _requirements(
        chart,
        "- name: db\n  version: 1.x\n  repository: '@stable'\n"
        "- name: db\n  version: 2.x\n  repository: '@stable'\n",
    )
    assert main(["dependency", "update", str(chart)]) == 1
    err = capsys.readouterr().err
    assert "name clash in requirements.yaml: 'db' is used by more than one dependency" in err
    assert not (chart / "requirements.lock").exists()


def test_failed_download_leaves_charts_untouched(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "served"
    repo.mkdir()
    make_archive(tmp_path / "work", repo, "db", "1.0.0")
    with serve_dir(repo) as srv:
        write_directory_index(repo, srv.url)
        assert main(["repo", "add", "stable", srv.url]) == 0
        chart = create("app", tmp_path)
        (chart / "charts/old-0.1.0.tgz").write_bytes(b"keep me")
        _requirements(chart, f"- name: db\n  version: 1.0.0\n  repository: {srv.url}\n")
        (repo / "db-1.0.0.tgz").unlink()  # the index still lists it
        assert main(["dependency", "update", str(chart), "--skip-refresh"]) == 1
        assert "could not download" in capsys.readouterr().err
        assert [p.name for p in (chart / "charts").iterdir()] == ["old-0.1.0.tgz"]
        assert not (chart / "requirements.lock").exists()
        assert not list(chart.glob(".tmpcharts-*"))


def test_unknown_repository_and_constraint_errors(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = create("app", tmp_path)
    _requirements(chart, "- name: db\n  version: 1.0.0\n  repository: stable\n")
    assert main(["dependency", "update", str(chart)]) == 1
    err = capsys.readouterr().err
    assert "no repository definition for stable. Please add them via 'helm repo add'" in err
    assert "Note that repositories must be URLs or aliases" in err
    make_chart(tmp_path / "libs", "common", "0.2.0")
    _requirements(chart, "- name: common\n  version: '>=9'\n  repository: file://../libs/common\n")
    assert main(["dependency", "update", str(chart)]) == 1
    assert "can't get a valid version for dependency common" in capsys.readouterr().err
