r"""``helm search``: Helm v2's scoring over cached repository indexes.

Each chart (or, with all versions, each chart version) becomes one line,
``name \v repo/name \v description \v keywords``. A match's score is the number of
``\v`` separators before it (a name match scores 0, a description match 2), matches at
score 25 or more are dropped, and results sort by score, then name, then newest version.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from app.repos.errors import HelmError
from app.repos.index import ChartVersion, IndexFile
from tiller.engine.semver import SemverError, cached_version, parse_constraints

MAX_SCORE = 25
_SEP = "\v"
_VER_SEP = "$$"


class Result(NamedTuple):
    """One search hit.

    Attributes:
        name: ``repo/chart`` (lower-cased for literal searches, as Helm does).
        score: how far into the line the match was (lower is better).
        chart: the matching chart version.
        rank: position among its chart's versions (0 = newest; indexes are sorted).
    """

    name: str
    score: int
    chart: ChartVersion
    rank: int = 0


class SearchIndex:
    """Lines to search, built from any number of repository indexes."""

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._lines: list[str] = []
        self._charts: list[ChartVersion] = []
        self._ranks: list[int] = []
        self._lower: list[str] | None = None
        self._lower_names: list[str] | None = None

    def add_repo(self, repo: str, index: IndexFile, all_versions: bool) -> None:
        """Add a repository's charts: the newest version of each, or every version."""
        keys, lines, charts, ranks = self._keys, self._lines, self._charts, self._ranks
        for name, versions in index.entries.items():
            if not versions:
                continue
            full = f"{repo}/{name}"
            for rank, cv in enumerate(versions if all_versions else versions[:1]):
                get = cv.get
                chart_name = get("name", "")
                keywords = get("keywords") or ()
                keys.append(f"{full}{_VER_SEP}{get('version', '')}" if all_versions else full)
                lines.append(
                    f"{chart_name}\v{repo}/{chart_name}\v{get('description') or ''}\v"
                    f"{' '.join(map(str, keywords))}"
                )
                charts.append(cv)
                ranks.append(rank)
        self._lower = self._lower_names = None

    def all(self) -> list[Result]:
        """Every chart, score 0 (``search`` with no keyword)."""
        rows = zip(self._keys, self._charts, self._ranks, strict=True)
        return [Result(k.split(_VER_SEP)[0], 0, c, r) for k, c, r in rows]

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
            seen: dict[str, int] = {}
            rows = zip(self._keys, self._lines, self._charts, self._ranks, strict=True)
            for key, line, chart, rank in rows:
                score = seen.get(line)
                if score is None:
                    m = matcher.search(line)
                    score = line.count(_SEP, 0, m.start()) if m is not None else threshold
                    seen[line] = score
                if score < threshold:
                    out.append(Result(key.split(_VER_SEP)[0], score, chart, rank))
            return out
        if self._lower is None or self._lower_names is None:
            self._lower = [line.lower() for line in self._lines]
            # Helm takes a literal result's name from the lower-cased key.
            self._lower_names = [key.lower().split(_VER_SEP)[0] for key in self._keys]
        needle = term.lower()
        # Versions of one chart mostly share their line: score each distinct line once.
        scores: dict[str, int] = {}
        rows = zip(self._lower_names, self._lower, self._charts, self._ranks, strict=True)
        for name, line, chart, rank in rows:
            score = scores.get(line)
            if score is None:
                pos = line.find(needle)
                score = line.count(_SEP, 0, pos) if pos >= 0 else threshold
                scores[line] = score
            if score < threshold:
                out.append(Result(name, score, chart, rank))
        return out


def sort_results(results: list[Result]) -> list[Result]:
    """Sort by score, then name, then newest version first (``SortScore``).

    One name is one chart of one repository, whose versions the index already holds
    newest first: their rank there orders them without parsing any version.
    """
    return sorted(results, key=lambda r: (r.score, r.name, r.rank))


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
    verdicts: dict[str, bool] = {}  # many charts share version strings
    for r in results:
        if r.name in seen:
            continue
        text = str(r.chart.get("version", ""))
        ok = verdicts.get(text)
        if ok is None:
            v = cached_version(text)
            ok = verdicts[text] = v is None or parsed.check(v)
        if ok:
            out.append(r)
            if not all_versions:
                seen.add(r.name)
    return out
