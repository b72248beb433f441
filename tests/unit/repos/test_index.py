from pathlib import Path

import pytest

from app.repos.errors import HelmError
from app.repos.index import IndexFile, parse_index, url_join
from app.repos.indexcache import cache_path, load_index_file
from app.repos.indexer import write_directory_index
from tests.unit.repos.helpers import make_archive

INDEX = b"""apiVersion: v1
entries:
  alpine:
  - name: alpine
    version: 0.1.0
    urls: [alpine-0.1.0.tgz]
    created: 2016-10-06T16:23:20.499814565-06:00
  - name: alpine
    version: 0.10.0
    urls: [alpine-0.10.0.tgz]
  - name: alpine
    version: 0.2.0-rc.1
    urls: [alpine-0.2.0-rc.1.tgz]
  - name: alpine
    version: garbage
    urls: [alpine-garbage.tgz]
generated: 2016-10-06T16:23:20.499029981-06:00
"""


def test_entries_sorted_newest_first_with_bad_versions_last() -> None:
    index = parse_index(INDEX, "test")
    assert [cv["version"] for cv in index.entries["alpine"]] == [
        "0.10.0",
        "0.2.0-rc.1",
        "0.1.0",
        "garbage",
    ]
    # Timestamps stay text, exactly as written.
    assert index.entries["alpine"][2]["created"] == "2016-10-06T16:23:20.499814565-06:00"


def test_get_prefers_exact_string_then_newest_match() -> None:
    index = parse_index(INDEX, "test")
    assert index.get("alpine")["version"] == "0.10.0"
    assert index.get("alpine", "0.2.0-rc.1")["version"] == "0.2.0-rc.1"
    assert index.get("alpine", "~0.1")["version"] == "0.1.0"
    with pytest.raises(HelmError, match="No chart version found for alpine-9.9.9"):
        index.get("alpine", "9.9.9")
    with pytest.raises(HelmError, match="no chart name found"):
        index.get("nope")


def test_unknown_top_level_key_is_refused() -> None:
    with pytest.raises(HelmError, match='unknown field "bogus"'):
        parse_index(INDEX + b"bogus: 1\n", "test")


def test_truncated_index_is_refused_with_a_clear_message() -> None:
    cut = INDEX[: INDEX.index(b"version: 0.10.0")]
    with pytest.raises(HelmError, match="has no version .index truncated or corrupt"):
        parse_index(cut, "test")
    with pytest.raises(HelmError, match="error converting YAML to JSON"):
        parse_index(INDEX[:40] + b"\n  - [unclosed", "test")


def test_written_index_matches_helms_layout(tmp_path: Path) -> None:
    index = IndexFile(generated="2020-01-01T00:00:00Z")
    index.add(
        {"name": "a", "version": "1.0.0", "appVersion": "1.0", "apiVersion": "v1"},
        "a-1.0.0.tgz",
        "http://example.com/charts",
        "abc",
        created="2020-01-01T00:00:00Z",
    )
    assert index.dump() == (
        "apiVersion: v1\n"
        "entries:\n"
        "  a:\n"
        "  - apiVersion: v1\n"
        '    appVersion: "1.0"\n'
        '    created: "2020-01-01T00:00:00Z"\n'
        "    digest: abc\n"
        "    name: a\n"
        "    urls:\n"
        "    - http://example.com/charts/a-1.0.0.tgz\n"
        "    version: 1.0.0\n"
        'generated: "2020-01-01T00:00:00Z"\n'
    )


def test_url_join_like_helm() -> None:
    assert url_join("http://h/charts", "x.tgz") == "http://h/charts/x.tgz"
    assert url_join("http://h", "x.tgz") == "http://h/x.tgz"
    assert url_join("http://h/a?q=1", "b") == "http://h/a/b?q=1"


def test_cache_is_used_and_invalidated(tmp_path: Path) -> None:
    path = tmp_path / "r-index.yaml"
    path.write_bytes(INDEX)
    first = load_index_file(path)
    assert cache_path(path).exists()
    assert load_index_file(path).entries == first.entries
    path.write_bytes(INDEX.replace(b"0.10.0", b"0.11.0"))
    assert load_index_file(path).entries["alpine"][0]["version"] == "0.11.0"
    cache_path(path).write_bytes(b"garbage")  # a damaged cache is ignored and rebuilt
    assert load_index_file(path).entries["alpine"][0]["version"] == "0.11.0"


def test_repo_index_and_merge(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    make_archive(tmp_path, repo, "alpha", "1.0.0")
    (repo / "sub").mkdir()
    make_archive(tmp_path, repo / "sub", "beta", "2.0.0")
    (repo / "junk.tgz").write_bytes(b"not a chart")
    index = write_directory_index(repo, "https://example.com/charts")
    assert index.entries["alpha"][0]["urls"] == ["https://example.com/charts/alpha-1.0.0.tgz"]
    assert index.entries["beta"][0]["urls"] == ["https://example.com/charts/sub/beta-2.0.0.tgz"]
    assert len(index.entries["alpha"][0]["digest"]) == 64
    old = tmp_path / "old.yaml"
    old.write_bytes(INDEX)
    merged = write_directory_index(repo, "", old)
    assert set(merged.entries) == {"alpha", "beta", "alpine"}
    assert merged.entries["alpha"][0]["urls"] == ["alpha-1.0.0.tgz"]
    reread = parse_index((repo / "index.yaml").read_bytes(), "x")
    assert set(reread.entries) == {"alpha", "beta", "alpine"}
