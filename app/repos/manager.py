"""Repository use-cases: add, remove, update, read cached indexes (``helm repo ...``)."""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from app.repos import getter
from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write, file_lock
from app.repos.home import LOCAL_REPO_NAME, HelmHome
from app.repos.index import IndexFile, parse_index
from app.repos.indexcache import drop_cache, load_index_file, write_cache
from app.repos.repofile import Entry, RepoFile


def credentials(entry: Entry) -> getter.Credentials:
    """The download credentials an entry configures."""
    return getter.Credentials(
        entry.username, entry.password, entry.certFile, entry.keyFile, entry.caFile
    )


def index_url(repo_url: str) -> str:
    """``<url>/index.yaml``, joined onto the URL's path with its query kept."""
    parts = urllib.parse.urlsplit(repo_url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/index.yaml"))


def download_index(entry: Entry, cache_dir: Path) -> IndexFile:
    """Fetch a repository's index, validate it, then replace the cached copy atomically.

    The old cache file stays untouched unless the new index parsed cleanly.

    Raises:
        HelmError: unreachable repository, HTTP error, or an invalid/truncated index.
    """
    data = getter.get(index_url(entry.url), credentials(entry))
    index = parse_index(data, index_url(entry.url))
    target = entry.cache_path(cache_dir)
    atomic_write(target, data)
    write_cache(target, index)
    return index


def add_repo(home: HelmHome, entry: Entry, *, no_update: bool = False) -> None:
    """Download the index, then record the repository (``helm repo add``).

    Raises:
        HelmError: the name exists and ``no_update`` is set, or the repository is unusable
            (Helm's "Looks like ... is not a valid chart repository" message).
    """
    with file_lock(home.repository_file.with_suffix(".lock")):
        repos = RepoFile.load(home.repository_file)
        if no_update and repos.has(entry.name):
            raise HelmError(
                f"repository name ({entry.name}) already exists, please specify a different name"
            )
        entry.cache = entry.cache or str(home.cache_index(entry.name))
        try:
            download_index(entry, home.cache)
        except HelmError as err:
            raise HelmError(
                f'Looks like "{entry.url}" is not a valid chart repository or cannot be '
                f"reached: {err}"
            ) from None
        repos.update(entry)
        repos.save(home.repository_file)


def remove_repo(home: HelmHome, name: str) -> None:
    """Forget a repository and delete its cached index (``helm repo remove``).

    Raises:
        HelmError: ``no repo named "<name>" found``.
    """
    with file_lock(home.repository_file.with_suffix(".lock")):
        repos = RepoFile.load(home.repository_file)
        entry = repos.get(name)
        if entry is None or not repos.remove(name):
            raise HelmError(f'no repo named "{name}" found')
        repos.save(home.repository_file)
    cached = entry.cache_path(home.cache)
    with contextlib.suppress(FileNotFoundError):
        cached.unlink()
    drop_cache(cached)


@dataclass(frozen=True)
class UpdateResult:
    """What happened to one repository during ``repo update``.

    Attributes:
        name: repository name.
        url: repository URL.
        error: why it failed ("" on success).
        skipped: the ``local`` repository, which Helm never refreshes.
    """

    name: str
    url: str
    error: str = ""
    skipped: bool = False


def update_repos(
    home: HelmHome, entries: Iterable[Entry], report: Callable[[UpdateResult], None]
) -> list[UpdateResult]:
    """Refresh every repository's index in parallel, reporting each as it finishes."""

    def one(entry: Entry) -> UpdateResult:
        if entry.name == LOCAL_REPO_NAME:
            return UpdateResult(entry.name, entry.url, skipped=True)
        try:
            download_index(entry, home.cache)
        except HelmError as err:
            return UpdateResult(entry.name, entry.url, error=str(err))
        return UpdateResult(entry.name, entry.url)

    results = []
    with ThreadPoolExecutor(max_workers=8) as pool:
        for result in pool.map(one, list(entries)):
            report(result)
            results.append(result)
    return results


def load_cached_index(home: HelmHome, entry: Entry) -> IndexFile:
    """The cached index of a configured repository (through the parsed-form cache).

    Raises:
        HelmError: missing or corrupt cache file.
    """
    return load_index_file(entry.cache_path(home.cache))
