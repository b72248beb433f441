"""Resolving and downloading charts (Helm v2's ``ChartDownloader``) plus integrity checks.

A reference is ``repo/chart`` (looked up in the cached index of a configured repository)
or an absolute URL (fetched with the credentials of the repository it belongs to, if
any). Unlike Helm, a download is checked before it is saved: it must be a valid chart
archive, and when the index lists a digest the bytes must match it.
"""

from __future__ import annotations

import hashlib
import posixpath
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from app.charts.archive import check_archive
from app.repos import getter
from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write
from app.repos.home import HelmHome
from app.repos.index import ChartVersion, IndexFile, parse_index
from app.repos.manager import credentials, index_url, load_cached_index
from app.repos.repofile import Entry, RepoFile


@dataclass(frozen=True)
class Resolved:
    """Where to download a chart from and what to expect.

    Attributes:
        url: absolute URL of the archive.
        creds: credentials of the owning repository.
        digest: expected SHA-256 hex from the index ("" when unknown).
        chart: the index entry, when resolved through an index.
    """

    url: str
    creds: getter.Credentials
    digest: str = ""
    chart: ChartVersion | None = None


def resolve_url(repo_url: str, chart_url: str) -> str:
    """Resolve an index entry's URL against its repository URL (query string kept)."""
    parts = urllib.parse.urlsplit(chart_url)
    if parts.scheme:
        return chart_url
    base = urllib.parse.urlsplit(repo_url)
    base = base._replace(path=base.path.rstrip("/") + "/")
    joined = urllib.parse.urljoin(urllib.parse.urlunsplit(base._replace(query="")), chart_url)
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(joined)._replace(query=base.query))


def _from_index(index: IndexFile, repo: Entry, chart: str, version: str) -> Resolved:
    try:
        cv = index.get(chart, version)
    except HelmError as err:
        raise HelmError(
            f'chart "{chart}" matching {version} not found in {repo.name} index. '
            f"(try 'helm repo update'). {err}"
        ) from None
    urls = cv.get("urls") or []
    if not urls:
        raise HelmError(f'chart "{repo.name}/{chart}" has no downloadable URLs')
    digest = str(cv.get("digest") or "").removeprefix("sha256:")
    return Resolved(resolve_url(repo.url, str(urls[0])), credentials(repo), digest, cv)


def resolve(home: HelmHome, ref: str, version: str = "") -> Resolved:
    """Resolve ``repo/chart`` or an absolute chart URL.

    Raises:
        HelmError: Helm's messages for unknown repositories, missing caches and charts.
    """
    parts = urllib.parse.urlsplit(ref)
    repos = RepoFile.load(home.repository_file)
    if parts.scheme and parts.netloc and parts.path:
        # Use the credentials of the repository this URL lives under, if any.
        for owner in repos.repositories:
            if owner.url and ref.startswith(owner.url.rstrip("/") + "/"):
                return Resolved(ref, credentials(owner))
        return Resolved(ref, getter.Credentials())
    repo_name, _, chart = ref.partition("/")
    if not chart:
        raise HelmError(
            f"Non-absolute URLs should be in form of repo_name/path_to_chart, got: {ref}"
        )
    entry = repos.get(repo_name)
    if entry is None:
        raise HelmError(f"repo {repo_name} not found")
    try:
        index = load_cached_index(home, entry)
    except HelmError as err:
        raise HelmError(f"no cached repo found. (try 'helm repo update'). {err}") from None
    return _from_index(index, entry, chart, version)


def resolve_in_repo_url(
    repo_url: str, chart: str, version: str, creds: getter.Credentials
) -> Resolved:
    """``fetch --repo URL chart``: read that repository's index directly.

    Raises:
        HelmError: unreachable repository, invalid index, chart not found.
    """
    data = getter.get(index_url(repo_url), creds)
    index = parse_index(data, index_url(repo_url))
    entry = Entry(
        name=repo_url,
        url=repo_url,
        username=creds.username,
        password=creds.password,
        certFile=creds.cert_file,
        keyFile=creds.key_file,
        caFile=creds.ca_file,
    )
    return _from_index(index, entry, chart, version)


def download(resolved: Resolved) -> bytes:
    """Download and verify an archive (valid gzip tar, digest when known).

    Raises:
        HelmError: download failure, corrupt archive, or digest mismatch.
    """
    data = getter.get(resolved.url, resolved.creds)
    if resolved.digest:
        actual = hashlib.sha256(data).hexdigest()
        if actual != resolved.digest:
            raise HelmError(
                f"digest mismatch for {resolved.url}: the repository index says "
                f"sha256:{resolved.digest}, the downloaded file is sha256:{actual}; not saved"
            )
    check_archive(data, resolved.url)
    return data


def download_to(resolved: Resolved, dest: Path) -> Path:
    """Download, verify and save as ``dest/<basename of the URL>`` (atomically).

    Raises:
        HelmError: as :func:`download`, or a URL without a file name.
    """
    data = download(resolved)
    name = posixpath.basename(urllib.parse.urlsplit(resolved.url).path)
    if not name or name in (".", ".."):
        raise HelmError(f"cannot tell a file name from {resolved.url}")
    target = dest / name
    atomic_write(target, data)
    return target


def locate_chart(home: HelmHome, name: str, version: str = "", repo_url: str = "",
                 creds: getter.Credentials | None = None) -> Path:  # fmt: skip
    """Find a chart for ``inspect``/``install``: a local path, or download it (``locateChartPath``).

    Local directories and archives are used as they are; ``repo/chart`` references (or a
    chart in ``--repo``) are downloaded into ``$HELM_HOME/cache/archive``.

    Raises:
        HelmError: a missing local path, or a chart that cannot be found or downloaded.
    """
    name, version = name.strip(), version.strip()
    local = Path(name)
    if local.exists():
        return local.resolve()
    if local.is_absolute() or name.startswith("."):
        raise HelmError(f'path "{name}" not found')
    in_home = home.repository / name
    if in_home.exists():
        return in_home.resolve()
    if repo_url:
        resolved = resolve_in_repo_url(repo_url, name, version, creds or getter.Credentials())
    else:
        resolved = resolve(home, name, version)
    home.archive.mkdir(parents=True, exist_ok=True)
    try:
        return download_to(resolved, home.archive).resolve()
    except HelmError as err:
        raise HelmError(
            f'failed to download "{name}" (hint: running `helm repo update` may help): {err}'
        ) from None
