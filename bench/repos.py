"""Repository index benchmark: load and search a 28 MB index with 30,000 chart versions.

Generates the index (3,000 charts x 10 versions, entries shaped like helm/charts' stable
index), then prints:
  * cold load: libyaml parse + validation + sort + writing the parsed-form cache,
  * warm load: what every later ``search``/``fetch`` pays (targets: < 1 s),
  * search: literal, regular-expression and all-versions searches (target: < 50 ms).

Usage: .venv/bin/python bench/repos.py [--charts 3000] [--versions 10]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.repos.indexcache import cache_path, load_index_file  # noqa: E402
from app.repos.search import SearchIndex, apply_constraint, sort_results  # noqa: E402

WORDS = [
    "database",
    "web",
    "proxy",
    "cache",
    "queue",
    "monitoring",
    "metrics",
    "logging",
    "storage",
    "search",
    "analytics",
    "messaging",
    "security",
    "gateway",
    "operator",
    "controller",
    "backup",
    "dns",
    "mail",
]


def generate(path: Path, charts: int, versions: int) -> None:
    """Write an index.yaml in Helm's layout (sorted keys, newest version first)."""
    out = ["apiVersion: v1\nentries:\n"]
    for c in range(charts):
        name = f"{WORDS[c % len(WORDS)]}-{c:05d}"
        words = " ".join(WORDS[(c + k) % len(WORDS)] for k in range(12))
        for v in range(versions - 1, -1, -1):
            version = f"{c % 7}.{v}.{c % 3}"
            digest = hashlib.sha256(f"{name}{version}".encode()).hexdigest()
            out.append(
                f"  {name}:\n" if v == versions - 1 else "",
            )
            out.append(
                f"  - apiVersion: v1\n"
                f'    appVersion: "{v}.{c % 10}.0"\n'
                f'    created: "2020-11-{1 + v % 28:02d}T00:03:07.672584787Z"\n'
                f"    description: A Helm chart for {name}, a {words} stack that is deployed\n"
                f"      with sensible defaults and many knobs for production clusters of\n"
                f"      every size\n"
                f"    digest: {digest}\n"
                f"    home: https://example.com/projects/{name}\n"
                f"    icon: https://example.com/projects/{name}/icon.svg\n"
                f"    keywords:\n"
                + "".join(f"    - {WORDS[(c + k) % len(WORDS)]}\n" for k in range(4))
                + f"    maintainers:\n"
                f"    - email: team-{c % 50}@example.com\n"
                f"      name: team-{c % 50}\n"
                f"    name: {name}\n"
                f"    sources:\n"
                f"    - https://github.com/example/{name}\n"
                f"    - https://github.com/example/{name}-images\n"
                f"    urls:\n"
                f"    - https://charts.example.com/stable/{name}-{version}.tgz\n"
                f"    version: {version}\n"
            )
    out.append('generated: "2020-11-13T00:03:07.672584787Z"\n')
    path.write_text("".join(out))


def timed(fn, repeat: int = 5) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Best-of-N wall time in seconds and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def _build(index: object, all_versions: bool) -> SearchIndex:
    s = SearchIndex()
    s.add_repo("stable", index, all_versions)  # type: ignore[arg-type]
    return s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=3000)
    parser.add_argument("--versions", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-index.yaml"
        generate(path, args.charts, args.versions)
        size = path.stat().st_size
        total = args.charts * args.versions
        print(f"index: {size / 1e6:.1f} MB, {args.charts} charts, {total} versions")

        start = time.perf_counter()
        index = load_index_file(path)
        cold = time.perf_counter() - start
        print(f"cold load (parse YAML + write cache): {cold:.2f} s")
        warm, index = timed(lambda: load_index_file(path))
        print(
            f"warm load (parsed-form cache, {cache_path(path).stat().st_size / 1e6:.1f} MB): "
            f"{warm * 1000:.0f} ms  [target < 1000 ms]  {'OK' if warm < 1 else 'SLOW'}"
        )

        built: dict[bool, SearchIndex] = {}
        for all_versions in (False, True):
            t, made = timed(lambda av=all_versions: _build(index, av), 3)  # type: ignore[misc]
            assert isinstance(made, SearchIndex)
            built[all_versions] = made
            label = "all versions" if all_versions else "newest versions"
            print(f"search index build ({label}): {t * 1000:.0f} ms (once per process)")

        def search(
            term: str, regexp: bool = False, all_versions: bool = False, constraint: str = ""
        ) -> int:
            s = built[all_versions or bool(constraint)]
            results = s.search(term, regexp) if term else s.all()
            return len(apply_constraint(sort_results(results), constraint, all_versions))

        cases = [
            ("keyword 'database'", lambda: search("database")),
            ("keyword with no hit", lambda: search("zzz-no-such")),
            ("regexp 'operator-0[0-9]*7\\b'", lambda: search(r"operator-0[0-9]*7\b", regexp=True)),
            ("all charts (no keyword)", lambda: search("")),
            ("--versions 'cache'", lambda: search("cache", all_versions=True)),
            ("--version '^3.0.0' 'metrics'", lambda: search("metrics", constraint="^3.0.0")),
        ]
        worst = 0.0
        for label, fn in cases:
            best, hits = timed(fn)
            worst = max(worst, best)
            print(f"search {label}: {best * 1000:.1f} ms, {hits} results")
        verdict = "OK" if worst < 0.05 else "SLOW"
        print(f"slowest search: {worst * 1000:.1f} ms  [target < 50 ms]  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
