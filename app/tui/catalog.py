"""The repository browser's data: configured repos, their charts, versions, and docs.

Thin over ``app.repos`` (config, cached indexes, Helm's search) and ``app.ops.charts``
(fetching a chart version). Textual-free; every function may touch disk or network, so
the screens call them from thread workers.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ops.charts import ChartLocation, locate_chart
from app.repos.errors import HelmError
from app.repos.home import HelmHome
from app.repos.manager import add_repo, load_cached_index, remove_repo, update_repos
from app.repos.repofile import Entry, RepoFile
from app.repos.search import SearchIndex


@dataclass(frozen=True)
class ChartEntry:
    """One chart of a repository (its newest version)."""

    repo: str
    name: str
    version: str
    app_version: str
    description: str

    @property
    def ref(self) -> str:
        """``repo/chart``."""
        return f"{self.repo}/{self.name}"


@dataclass
class Catalog:
    """Everything the browser lists, loaded from ``$HELM_HOME``.

    Attributes:
        repos: configured repositories.
        problems: repositories whose cached index could not be read (with why).
    """

    home: HelmHome
    repos: list[Entry]
    versions: dict[str, list[dict[str, Any]]]
    problems: list[str]
    search_index: SearchIndex

    @classmethod
    def load(cls, home: HelmHome) -> Catalog:
        """Read repositories.yaml and every cached index."""
        try:
            entries = RepoFile.load(home.repository_file).repositories
        except HelmError as err:
            return cls(home, [], {}, [str(err)], SearchIndex())
        index = SearchIndex()
        versions: dict[str, list[dict[str, Any]]] = {}
        problems = []
        for entry in entries:
            try:
                cached = load_cached_index(home, entry)
            except HelmError as err:
                problems.append(f"{entry.name}: {err} (update the repositories)")
                continue
            index.add_repo(entry.name, cached, all_versions=False)
            for name, found in cached.entries.items():
                versions[f"{entry.name}/{name}"] = found
        return cls(home, list(entries), versions, problems, index)

    def charts(self, repo: str = "", term: str = "") -> list[ChartEntry]:
        """Charts (newest versions), optionally of one repo and matching ``term``.

        Matching follows ``helm search`` (``app.repos.search``).
        """
        results = self.search_index.search(term) if term.strip() else self.search_index.all()
        out = []
        for result in results:
            repo_name, _, chart = result.name.partition("/")
            if repo and repo_name != repo:
                continue
            cv = result.chart
            out.append(
                ChartEntry(
                    repo_name,
                    str(cv.get("name", chart)),
                    str(cv.get("version", "")),
                    str(cv.get("appVersion", "")),
                    str(cv.get("description", "")),
                )
            )
        return out

    def chart_versions(self, ref: str) -> list[tuple[str, str]]:
        """(version, app version) of ``repo/chart``, newest first."""
        return [
            (str(v.get("version", "")), str(v.get("appVersion", "")))
            for v in self.versions.get(ref, [])
        ]


def chart_docs(home: HelmHome, ref: str, version: str) -> tuple[str, str]:
    """README and default values of a chart version (downloads it if needed).

    Raises:
        OpsError: the chart cannot be fetched.
    """
    path = Path(locate_chart(ChartLocation(ref=ref, version=version, home=str(home.root))))
    files: dict[str, str] = {}
    if path.is_dir():
        for name in ("README.md", "values.yaml"):
            if (path / name).is_file():
                files[name] = (path / name).read_text(errors="replace")
    else:
        with tarfile.open(path) as archive:
            for member in archive.getmembers():
                # <chart>/README.md, not a subchart's <chart>/charts/x/README.md
                parts = member.name.split("/")
                if len(parts) == 2 and parts[1] in ("README.md", "values.yaml"):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        files[parts[1]] = handle.read().decode(errors="replace")
    return files.get("README.md", ""), files.get("values.yaml", "")


def add(home: HelmHome, name: str, url: str) -> None:
    """``repo add`` (downloads the index first)."""
    add_repo(home, Entry(name=name, url=url))


def remove(home: HelmHome, name: str) -> None:
    """``repo remove``."""
    remove_repo(home, name)


def update(home: HelmHome, entries: list[Entry]) -> list[str]:
    """``repo update``; one line per repository."""
    lines: list[str] = []
    for result in update_repos(home, entries, lambda _r: None):
        if result.skipped:
            continue
        lines.append(f"{result.name}: {'failed: ' + result.error if result.error else 'updated'}")
    return lines
