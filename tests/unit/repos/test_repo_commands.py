"""repo add/list/remove/update, search, fetch through the CLI against an in-process server."""

from __future__ import annotations

import hashlib
import io
import socket
import tarfile
from pathlib import Path

import pytest

from app.cli import main
from app.repos.indexer import write_directory_index
from tests.unit.repos.helpers import make_archive, serve_dir


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("HELM_HOME", str(h))
    assert main(["init", "--client-only"]) == 0
    return h


@pytest.fixture
def repo_dir(tmp_path: Path) -> Path:
    repo = tmp_path / "served"
    repo.mkdir()
    make_archive(tmp_path / "work", repo, "alpha", "1.0.0")
    make_archive(tmp_path / "work", repo, "alpha", "1.1.0")
    make_archive(tmp_path / "work", repo, "beta", "0.3.0")
    return repo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_add_list_search_fetch_remove(
    home: Path, repo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_dir(repo_dir) as srv:
        write_directory_index(repo_dir, srv.url)
        assert main(["repo", "add", "mine", srv.url]) == 0
        assert capsys.readouterr().out == '"mine" has been added to your repositories\n'
        assert (home / "repository/cache/mine-index.yaml").exists()
        assert main(["repo", "list"]) == 0
        assert "mine \t" + srv.url in capsys.readouterr().out
        assert main(["search", "alpha"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert out[0].split("\t")[0].strip() == "NAME"
        assert out[1].split("\t")[:2] == ["mine/alpha", "1.1.0        "]
        assert main(["search", "alpha", "--version", "<1.1.0"]) == 0
        assert "1.0.0" in capsys.readouterr().out
        dest = tmp_path / "dl"
        dest.mkdir()
        assert main(["fetch", "mine/alpha", "--version", "1.0.0", "-d", str(dest)]) == 0
        assert (dest / "alpha-1.0.0.tgz").exists()
        assert main(["fetch", "mine/beta", "--untar", "--untardir", "x", "-d", str(dest)]) == 0
        assert (dest / "x/beta/Chart.yaml").exists()
        assert main(["repo", "update"]) == 0
        out = capsys.readouterr().out
        assert "...Skip local chart repository" in out
        assert '...Successfully got an update from the "mine" chart repository' in out
    assert main(["repo", "remove", "mine"]) == 0
    assert not (home / "repository/cache/mine-index.yaml").exists()
    assert main(["repo", "remove", "mine"]) == 1
    assert 'Error: no repo named "mine" found' in capsys.readouterr().err


def test_unreachable_repo_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    assert main(["repo", "add", "gone", url]) == 1
    err = capsys.readouterr().err
    assert f'Looks like "{url}" is not a valid chart repository or cannot be reached' in err
    assert "connection refused" in err
    assert "gone" not in (home / "repository/repositories.yaml").read_text()


def test_truncated_index_leaves_existing_cache_intact(
    home: Path, repo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_dir(repo_dir) as srv:
        write_directory_index(repo_dir, srv.url)
        assert main(["repo", "add", "mine", srv.url]) == 0
        cache = home / "repository/cache/mine-index.yaml"
        good = cache.read_bytes()
        full = (repo_dir / "index.yaml").read_bytes()
        (repo_dir / "index.yaml").write_bytes(full[: full.index(b"version: 1.0.0")])
        assert main(["repo", "update"]) == 0
        out = capsys.readouterr().out
        assert '...Unable to get an update from the "mine" chart repository' in out
        assert "truncated or corrupt" in out
        assert cache.read_bytes() == good
        assert main(["repo", "update", "--strict"]) == 1


def test_basic_auth_and_wrong_password(
    home: Path, repo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_dir(repo_dir, auth=("user", "s3cret")) as srv:
        write_directory_index(repo_dir, srv.url)
        bad = ["repo", "add", "auth", srv.url, "--username", "user", "--password", "bad"]
        assert main(bad) == 1
        assert "401 Unauthorized" in capsys.readouterr().err
        assert (
            main(["repo", "add", "auth", srv.url, "--username", "user", "--password", "s3cret"])
            == 0
        )
        dest = home.parent / "dl"
        dest.mkdir()
        # Charts of the repository are fetched with its credentials.
        assert main(["fetch", "auth/beta", "-d", str(dest)]) == 0
        assert (dest / "beta-0.3.0.tgz").exists()


def test_client_certificate_and_custom_ca(
    home: Path, repo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certs_mod = pytest.importorskip("tests.tls_certs")
    certs = certs_mod.make_certs(tmp_path)
    with serve_dir(repo_dir, tls=certs, require_client_cert=True) as srv:
        url = srv.url.replace("127.0.0.1", "localhost")
        write_directory_index(repo_dir, url)
        assert main(["repo", "add", "tls", url]) == 1  # unknown CA
        assert "not a valid chart repository" in capsys.readouterr().err
        tls = [
            "--ca-file",
            str(certs.ca),
            "--cert-file",
            str(certs.client_cert),
            "--key-file",
            str(certs.client_key),
        ]
        assert main(["repo", "add", "tls", url, *tls]) == 0
        assert main(["search", "beta"]) == 0
        assert "tls/beta" in capsys.readouterr().out


def test_fetch_refuses_wrong_digest_and_corrupt_archive(
    home: Path, repo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_dir(repo_dir) as srv:
        write_directory_index(repo_dir, srv.url)
        assert main(["repo", "add", "mine", srv.url]) == 0
        archive = repo_dir / "beta-0.3.0.tgz"
        original = archive.read_bytes()
        archive.write_bytes(original + b"tampered")
        dest = tmp_path / "dl"
        dest.mkdir()
        assert main(["fetch", "mine/beta", "-d", str(dest)]) == 1
        assert "digest mismatch" in capsys.readouterr().err
        assert list(dest.iterdir()) == []
        # A corrupt archive whose digest matches the index is still refused.
        archive.write_bytes(b"\x1f\x8b not really gzip")
        write_directory_index(repo_dir, srv.url)
        assert main(["repo", "update"]) == 0
        assert main(["fetch", "mine/beta", "-d", str(dest)]) == 1
        assert "not a valid chart archive" in capsys.readouterr().err
        assert list(dest.iterdir()) == []


def _evil_archive(entries: list[tuple[str, bytes, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data, link in entries:
            info = tarfile.TarInfo(name)
            if link:
                info.type = tarfile.SYMTYPE
                info.linkname = link.decode()
            else:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if not link else None)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [
                ("evil/Chart.yaml", b"name: evil\nversion: 1.0.0\n", b""),
                ("evil/../../x", b"owned", b""),
            ],
            "outside the chart",
        ),
        (
            [
                ("evil/Chart.yaml", b"name: evil\nversion: 1.0.0\n", b""),
                ("evil/link", b"", b"/etc/passwd"),
            ],
            "links are not allowed",
        ),
    ],
)
def test_untar_refuses_escaping_archives(
    home: Path,
    tmp_path: Path,
    entries: list[tuple[str, bytes, bytes]],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = tmp_path / "evilrepo"
    repo.mkdir()
    data = _evil_archive(entries)
    (repo / "evil-1.0.0.tgz").write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    with serve_dir(repo) as srv:
        (repo / "index.yaml").write_text(
            "apiVersion: v1\nentries:\n  evil:\n  - name: evil\n    version: 1.0.0\n"
            f"    digest: {digest}\n    urls: [{srv.url}/evil-1.0.0.tgz]\ngenerated: x\n"
        )
        assert main(["repo", "add", "evil", srv.url]) == 0
        out = tmp_path / "out"
        out.mkdir()
        assert main(["fetch", "evil/evil", "--untar", "-d", str(out)]) == 1
        assert message in capsys.readouterr().err
        assert list(out.iterdir()) == []
        assert not (tmp_path / "x").exists()
