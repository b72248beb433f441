"""The persistent parse cache: a cached render is byte-identical; a bad entry is a miss."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hapi.chart.chart_pb2 import Chart

from tests.corpus.runner import CORPUS, case_ids, run_case
from tests.unit.engine.chartbuild import chart
from tiller.engine import parse_cache
from tiller.engine import render as render_mod
from tiller.engine.context import ReleaseOptions
from tiller.engine.gotemplate import TemplateSet
from tiller.engine.gotemplate.treecodec import dump_trees, load_trees
from tiller.engine.render import RenderError, render_chart

TEMPLATES = {
    "_h.tpl": '{{- define "h" -}}[{{ . | upper }}]{{- end }}',
    "a.yaml": '{{ include "h" .Values.x }} {{ 1.5 }} {{ 0x10 }} {{ 1i }} '
    '{{ .Values.nope | default "d" }}',
    "b.yaml": "{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }},{{ else }}none{{ end }}",
}


@pytest.fixture
def cache_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "templates"
    render_mod.clear_cache()
    render_mod.set_disk_cache(str(directory))
    yield directory
    render_mod.set_disk_cache(None)
    render_mod.clear_cache()


def run(c: Chart, user: str = "x: v\nl: [1, 2]\n") -> dict[str, str]:
    return render_chart(c, user, ReleaseOptions("rel", "ns"))


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.trees"))


def parse_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = TemplateSet.parse

    def counting(self: Any, name: str, text: str) -> None:
        calls.append(name)
        real(self, name, text)

    monkeypatch.setattr(TemplateSet, "parse", counting)
    return calls


def test_a_new_process_renders_from_disk_without_parsing(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = chart("c", templates=TEMPLATES)
    first = run(c)
    assert first == {"c/templates/a.yaml": "[V] 1.5 16 (0+1i) d", "c/templates/b.yaml": "0=1,1=2,"}
    assert len(entries(cache_dir)) == 1
    render_mod.clear_cache()  # as a new process starts
    calls = parse_calls(monkeypatch)
    assert run(c) == first
    assert calls == []


def test_changed_template_is_a_different_entry(cache_dir: Path) -> None:
    c = chart("c", templates=TEMPLATES)
    run(c)
    c.templates[1].data = b"changed"
    render_mod.clear_cache()
    assert run(c)["c/templates/a.yaml"] == "changed"
    assert len(entries(cache_dir)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data.replace(b"helm-tui", b"other-tool"),  # not our header
        lambda data: data[: data.index(b"\n", 30) + 1] + b"\x80\x05garbage",
    ],
)
def test_corrupt_entry_is_ignored_and_rewritten(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    c = chart("c", templates=TEMPLATES)
    want = run(c)
    [entry] = entries(cache_dir)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    render_mod.clear_cache()
    calls = parse_calls(monkeypatch)
    assert run(c) == want
    assert len(calls) == 3  # parsed again...
    assert entry.read_bytes() == good  # ...and the entry repaired


def test_entry_calling_anything_else_is_refused(cache_dir: Path) -> None:
    c = chart("c", templates=TEMPLATES)
    want = run(c)
    [entry] = entries(cache_dir)
    data = entry.read_bytes()
    header = data[: data.index(b"\n", data.index(b"\n") + 1) + 1]
    evil = pickle.dumps(os.system)  # a global the loader must not resolve
    entry.write_bytes(header + evil)
    with pytest.raises(pickle.UnpicklingError, match="forbidden"):
        load_trees(evil, {})
    render_mod.clear_cache()
    assert run(c) == want


def test_parse_errors_are_not_cached(cache_dir: Path) -> None:
    c = chart("c", templates={"a.yaml": "{{ .Values.x "})
    for _ in range(2):
        render_mod.clear_cache()
        with pytest.raises(RenderError, match="parse error"):
            run(c)
    assert entries(cache_dir) == []


def test_function_names_are_part_of_the_key() -> None:
    assert parse_cache.fingerprint(["a", "b"]) == parse_cache.fingerprint(["b", "a"])
    assert parse_cache.fingerprint(["a", "b"]) != parse_cache.fingerprint(["a", "b", "c"])


def test_disabled_by_default_writes_nothing(tmp_path: Path) -> None:
    render_mod.clear_cache()
    assert render_mod._disk_dir is None
    assert run(chart("c", templates=TEMPLATES))
    assert list(tmp_path.iterdir()) == []


def test_least_recently_used_entries_are_evicted(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 2)
    for i in range(3):
        render_mod.clear_cache()
        run(chart("c", templates={"a.yaml": f"{i}"}))
        for n, entry in enumerate(entries(cache_dir)):  # distinct, ordered mtimes
            os.utime(entry, ns=(n, n))
    assert len(entries(cache_dir)) == 2
    assert not list(cache_dir.glob(".tmp-*"))


def test_entries_of_another_user_are_ignored(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = chart("c", templates=TEMPLATES)
    run(c)
    render_mod.clear_cache()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_dir).st_uid + 1)
    calls = parse_calls(monkeypatch)
    run(c)
    assert len(calls) == 3


def test_unwritable_directory_still_renders(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    render_mod.clear_cache()
    render_mod.set_disk_cache(str(blocker / "templates"))
    try:
        assert run(chart("c", templates={"a.yaml": "ok"})) == {"c/templates/a.yaml": "ok"}
    finally:
        render_mod.set_disk_cache(None)


@pytest.mark.parametrize(
    ("env", "want"),
    [
        ({"HELM_TUI_TEMPLATE_CACHE": "/x/y"}, "/x/y"),
        ({"HELM_TUI_TEMPLATE_CACHE": "off"}, None),
        ({"XDG_CACHE_HOME": "/xdg"}, "/xdg/helm-tui/templates"),
        ({"HOME": "/home/u"}, "/home/u/.cache/helm-tui/templates"),
    ],
)
def test_default_directory(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], want: str | None
) -> None:
    for var in ("HELM_TUI_TEMPLATE_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert parse_cache.default_directory() == want


def test_no_home_means_no_default_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HELM_TUI_TEMPLATE_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    assert parse_cache.default_directory() is None


def test_codec_round_trip_keeps_every_slot() -> None:
    tset = TemplateSet({}, missingkey="zero")
    texts = {"f": '{{ define "d" }}{{ (.a).b | printf "%v" 1e3 }}{{ end }}{{ $x := 1 }}{{ $x }}'}
    tset.parse("f", texts["f"])
    data = tset.dump_trees()
    again = TemplateSet({}, missingkey="zero")
    again.load_trees(data, texts)
    assert sorted(again.names()) == ["d", "f"]
    assert again.dump_trees() == data
    assert dump_trees(load_trees(data, texts)) == data
    assert again.execute("f", {}) == tset.execute("f", {}) == "1"


CASES = [c for c in case_ids() if not (CORPUS / "cases" / c / "expected-error.txt").exists()]


@pytest.mark.skipif(not CASES, reason=f"corpus not found at {CORPUS}")
def test_corpus_from_the_disk_cache_is_byte_identical(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pass 1 parses and stores every chart; pass 2, with memory emptied before each
    # case as in a fresh process, must load every chart from disk and still match the
    # goldens. Loaded trees must also encode exactly as the parsed ones did.
    stored: dict[str, bytes] = {}
    for case in CASES:
        render_mod.clear_cache()
        outcome = run_case(case)
        assert outcome.passed, (case, outcome.problems)
        [(key, parsed)] = render_mod._cache.items()
        stored[case] = parsed.tset.dump_trees()
    loads: list[int] = []
    real_load = TemplateSet.load_trees

    def counting(self: TemplateSet, data: bytes, texts: Any) -> None:
        loads.append(1)
        real_load(self, data, texts)

    monkeypatch.setattr(TemplateSet, "load_trees", counting)
    failures = []
    for case in CASES:
        render_mod.clear_cache()
        before = len(loads)
        outcome = run_case(case)
        [(key, parsed)] = render_mod._cache.items()
        if not outcome.passed or len(loads) != before + 1:
            failures.append((case, outcome.problems, len(loads) - before))
        elif parsed.tset.dump_trees() != stored[case]:
            failures.append((case, ["loaded trees differ from parsed ones"], 1))
    assert failures == []


def test_entries_are_private_and_temporaries_never_clobber(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(chart("c", templates=TEMPLATES))
    (entry,) = entries(cache_dir)
    assert entry.stat().st_mode & 0o777 == 0o600
    # A temporary name already taken (another writer, or a planted link) is skipped.
    monkeypatch.setattr(parse_cache.time, "time_ns", lambda: 7)
    taken = cache_dir / f".tmp-{os.getpid()}-7-0.trees"
    taken.symlink_to(cache_dir / "elsewhere")
    render_mod.clear_cache()
    entry.unlink()
    run(chart("c", templates=TEMPLATES))
    stored = [e for e in entries(cache_dir) if not e.name.startswith(".")]
    assert len(stored) == 1 and not (cache_dir / "elsewhere").exists()
    assert taken.is_symlink()
