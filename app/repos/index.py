"""Repository ``index.yaml`` (Helm v2 ``repo.IndexFile``): read, sort, add, merge, write.

Chart versions are kept as the plain dicts Helm's JSON produces (Chart.yaml fields inlined
plus ``urls``, ``created``, ``digest``), so a parsed index can be cached with ``marshal``
and written back without conversions.
"""

from __future__ import annotations

import hashlib
import posixpath
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.repos import yamlfast, yamlio
from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write, rfc3339nano
from tiller.engine.semver import SemverError, parse_constraints, sort_key, try_version

API_VERSION = "v1"
ChartVersion = dict[str, Any]
_TOP_KEYS = {"apiVersion", "entries", "generated", "publicKeys", "serverInfo"}


@dataclass
class IndexFile:
    """A repository index.

    Attributes:
        entries: chart name -> versions, newest first once sorted.
        generated: when the index was generated (RFC 3339 text).
        public_keys: ``publicKeys``, kept for round trips.
        server_info: ``serverInfo``, kept for round trips.
    """

    entries: dict[str, list[ChartVersion]] = field(default_factory=dict)
    generated: str = ""
    public_keys: list[str] = field(default_factory=list)
    server_info: dict[str, Any] = field(default_factory=dict)

    def sort_entries(self) -> None:
        """Newest version first per chart; unparsable versions last (``SortEntries``)."""
        for name, versions in self.entries.items():
            self.entries[name] = sorted(
                versions, key=lambda cv: sort_key(str(cv.get("version", ""))), reverse=True
            )

    def has(self, name: str, version: str) -> bool:
        """Whether ``name`` at exactly ``version`` is listed."""
        return any(cv.get("version") == version for cv in self.entries.get(name, ()))

    def add(
        self, metadata: dict[str, Any], filename: str, base_url: str, digest: str,
        created: str | None = None,
    ) -> ChartVersion:  # fmt: skip
        """Append a version built from Chart.yaml fields (``IndexFile.Add``).

        The URL is ``base_url/<basename of filename>``, or ``filename`` without a base URL.
        """
        url = filename
        if base_url:
            url = url_join(base_url, posixpath.basename(filename))
        cv: ChartVersion = dict(metadata)
        cv["urls"] = [url]
        cv["created"] = created or rfc3339nano()
        if digest:
            cv["digest"] = digest
        self.entries.setdefault(str(metadata.get("name", "")), []).append(cv)
        return cv

    def merge(self, other: IndexFile) -> None:
        """Add every version of ``other`` not already here (``IndexFile.Merge``)."""
        for versions in other.entries.values():
            for cv in versions:
                name, version = str(cv.get("name", "")), str(cv.get("version", ""))
                if not self.has(name, version):
                    self.entries.setdefault(name, []).append(cv)

    def get(self, name: str, version: str = "") -> ChartVersion:
        """The version a fetch would pick (``IndexFile.Get``).

        An exact version string wins; otherwise the newest version satisfying the
        constraint (``*`` when empty).

        Raises:
            HelmError: unknown chart, no versions, a bad constraint, or nothing matching.
        """
        versions = self.entries.get(name)
        if versions is None:
            raise HelmError("no chart name found")
        if not versions:
            raise HelmError("no chart version found")
        try:
            constraint = parse_constraints(version or "*")
        except SemverError as err:
            raise HelmError(str(err)) from None
        if version:
            for cv in versions:
                if cv.get("version") == version:
                    return cv
        for cv in versions:
            parsed = try_version(str(cv.get("version", "")))
            if parsed is not None and constraint.check(parsed):
                return cv
        raise HelmError(f"No chart version found for {name}-{version}")

    def to_yaml_doc(self) -> dict[str, Any]:
        """The document Helm marshals (``publicKeys`` only when present)."""
        doc: dict[str, Any] = {
            "apiVersion": API_VERSION,
            "entries": self.entries,
            "generated": self.generated or rfc3339nano(),
        }
        if self.public_keys:
            doc["publicKeys"] = self.public_keys
        if self.server_info:
            doc["serverInfo"] = self.server_info
        return doc

    def dump(self) -> str:
        """index.yaml text as Helm writes it."""
        for versions in self.entries.values():
            for cv in versions:
                # Go marshals a nil slice as null; Helm always has a URL list here.
                cv.setdefault("urls", [])
        return yamlio.dump(self.to_yaml_doc())

    def save(self, path: Path) -> None:
        """Write atomically."""
        atomic_write(path, self.dump().encode())


def go_path_join(*parts: str) -> str:
    """Go's ``path.Join``: join the non-empty parts with ``/`` and clean; ``""`` if none."""
    kept = [p for p in parts if p]
    return posixpath.normpath("/".join(kept)) if kept else ""


def url_join(base: str, *paths: str) -> str:
    """Helm's ``urlutil.URLJoin``: ``path.Join`` onto the URL's path, query kept."""
    parsed = urllib.parse.urlsplit(base)
    joined = go_path_join(parsed.path, *paths)
    if parsed.netloc and joined and not joined.startswith("/"):
        joined = "/" + joined  # Go's URL.String() inserts it between host and path
    return urllib.parse.urlunsplit(parsed._replace(path=joined))


def _check_versions(name: str, versions: Any, source: str) -> list[ChartVersion]:
    if not isinstance(versions, list):
        raise HelmError(f"{source}: entries.{name} must be a list of chart versions")
    for n, cv in enumerate(versions):
        if not isinstance(cv, dict):
            raise HelmError(f"{source}: entries.{name}[{n}] is not a mapping")
        # Keys are written sorted, "version" last: a file cut short inside an entry
        # lacks it. Helm would load such an index and fail later, obscurely.
        if "version" not in cv or "name" not in cv:
            raise HelmError(
                f"{source}: entry {n} of chart {name!r} has no "
                f"{'version' if 'version' not in cv else 'name'} (index truncated or corrupt)"
            )
        for key in ("version", "name", "appVersion", "description"):
            if key in cv and not isinstance(cv[key], str):
                cv[key] = "" if cv[key] is None else str(cv[key])
        if not isinstance(cv.get("urls", []), list):
            raise HelmError(f"{source}: entry {n} of chart {name!r}: urls must be a list")
    return versions


def parse_index(data: bytes, source: str) -> IndexFile:
    """Parse index.yaml bytes (``loadIndex``): strict top level, entries sorted.

    Raises:
        HelmError: not YAML, unknown top-level keys, malformed or truncated entries.
    """
    raw = yamlfast.load(data, source)
    if not isinstance(raw, dict):
        raise HelmError(f"{source}: not a chart repository index (no apiVersion/entries)")
    if not raw.get("apiVersion"):
        return _unversioned(raw, source)
    unknown = sorted(str(k) for k in raw if k not in _TOP_KEYS)
    if unknown:
        raise HelmError(
            f'error unmarshaling JSON: while decoding JSON: json: unknown field "{unknown[0]}"'
        )
    entries = raw.get("entries") or {}
    if not isinstance(entries, dict):
        raise HelmError(f"{source}: entries must be a mapping")
    index = IndexFile(
        entries={str(k): _check_versions(str(k), v or [], source) for k, v in entries.items()},
        generated=str(raw.get("generated") or ""),
        public_keys=list(raw.get("publicKeys") or []),
        server_info=dict(raw.get("serverInfo") or {}),
    )
    index.sort_entries()
    return index


def _unversioned(raw: dict[Any, Any], source: str) -> IndexFile:
    """Convert the pre-2.0 index format (name -> {url, checksum, chartfile}) as Helm does."""
    if not raw or not all(isinstance(v, dict) for v in raw.values()):
        raise HelmError("no API version specified")
    print("WARNING: Deprecated index file format. Try 'helm repo update'", file=sys.stderr)
    index = IndexFile()
    for key, item in raw.items():
        chartfile = item.get("chartfile") or {}
        if not isinstance(chartfile, dict) or not chartfile.get("name"):
            parts = str(key).split("-")
            version = parts[1].removesuffix(".tgz") if len(parts) > 1 else ""
            chartfile = {"name": parts[0], "version": version}
        index.add(chartfile, str(item.get("url", "")), "", str(item.get("checksum", "")))
    index.sort_entries()
    return index


def digest_file(path: Path) -> str:
    """Hex SHA-256 of a file (``provenance.DigestFile``), as index ``digest`` fields hold."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
