r"""``helm search``: Helm v2's scoring over cached repository indexes.

Each chart (or, with all versions, each chart version) becomes one line,
``name \v repo/name \v description \v keywords``. A match's score is the number of
``\v`` separators before it (a name match scores 0, a description match 2), matches at
score 25 or more are dropped, and results sort by score, then name, then newest version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.repos.errors import HelmError
from app.repos.index import ChartVersion, IndexFile
from app.repos.semver import SemverError, parse_constraints, try_version

MAX_SCORE = 25
_SEP = "\v"
_VER_SEP = "$$"


@dataclass(frozen=True)
class Result:
    """One search hit.

    Attributes:
        name: ``repo/chart`` (lower-cased for literal searches, as Helm does).
        score: how far into the line the match was (lower is better).
        chart: the matching chart version.
    """

    name: str
    score: int
    chart: ChartVersion


class SearchIndex:
    """Lines to search, built from any number of repository indexes."""

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._lines: list[str] = []
        self._charts: list[ChartVersion] = []
        self._lower: list[str] | None = None

    def add_repo(self, repo: str, index: IndexFile, all_versions: bool) -> None:
        """Add a repository's charts: the newest version of each, or every version."""
        keys, lines, charts = self._keys, self._lines, self._charts
        for name, versions in index.entries.items():
            if not versions:
                continue
            full = f"{repo}/{name}"
            for cv in versions if all_versions else versions[:1]:
                keywords = cv.get("keywords") or []
                keys.append(f"{full}{_VER_SEP}{cv.get('version', '')}" if all_versions else full)
                lines.append(
                    f"{cv.get('name', '')}{_SEP}{repo}/{cv.get('name', '')}{_SEP}"
                    f"{cv.get('description', '') or ''}{_SEP}"
                    f"{' '.join(str(k) for k in keywords)}"
                )
                charts.append(cv)
        self._lower = None

    def all(self) -> list[Result]:
        """Every chart, score 0 (``search`` with no keyword)."""
        pairs = zip(self._keys, self._charts, strict=True)
        return [Result(k.split(_VER_SEP)[0], 0, c) for k, c in pairs]

    def search(self, term: str, regexp: bool = False, threshold: int = MAX_SCORE) -> list[Result]:
        """Literal (case-insensitive) or regular-expression search.

        Raises:
            HelmError: an invalid regular expression.
        """
        out: list[Result] = []
        if regexp:
            try:
                matcher = re.compile(term)
            except re.error as err:
                raise HelmError(f"error parsing regexp: {err}: `{term}`") from None
            for key, line, chart in zip(self._keys, self._lines, self._charts, strict=True):
                m = matcher.search(line)
                if m is not None:
                    score = line.count(_SEP, 0, m.start())
                    if score < threshold:
                        out.append(Result(key.split(_VER_SEP)[0], score, chart))
            return out
        if self._lower is None:
            self._lower = [line.lower() for line in self._lines]
        needle = term.lower()
        for key, line, chart in zip(self._keys, self._lower, self._charts, strict=True):
            pos = line.find(needle)
            if pos >= 0:
                score = line.count(_SEP, 0, pos)
                if score < threshold:
                    # Helm takes the literal result's name from the lower-cased key.
                    out.append(Result(key.lower().split(_VER_SEP)[0], score, chart))
        return out


def _version_key(r: Result) -> tuple[int, tuple[object, ...]]:
    v = try_version(str(r.chart.get("version", "")))
    return (0, ()) if v is None else (1, v.key)


def sort_results(results: list[Result]) -> list[Result]:
    """Sort by score, then name, then newest version first (``SortScore``)."""
    # Two stable sorts: newest first (unparsable last), then by score and name.
    ordered = sorted(results, key=_version_key, reverse=True)
    ordered.sort(key=lambda r: (r.score, r.name))
    return ordered


def apply_constraint(results: list[Result], constraint: str, all_versions: bool) -> list[Result]:
    """Keep results whose version satisfies ``constraint``; the newest per name unless all.

    Unparsable versions are kept, as Helm does.

    Raises:
        HelmError: an invalid constraint.
    """
    if not constraint:
        return results
    try:
        parsed = parse_constraints(constraint)
    except SemverError as err:
        raise HelmError(f"an invalid version/constraint format: {err}") from None
    out, seen = [], set()
    for r in results:
        if r.name in seen:
            continue
        v = try_version(str(r.chart.get("version", "")))
        if v is None or parsed.check(v):
            out.append(r)
            if not all_versions:
                seen.add(r.name)
    return out
