"""``repository/repositories.yaml``: the configured repositories (Helm v2 ``repo.RepoFile``)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from app.repos import yamlio
from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write, rfc3339nano

API_VERSION = "v1"


@dataclass
class Entry:
    """One configured repository; field names are Helm's YAML keys (camelCase kept).

    Attributes:
        name: the repository's local name (``stable``, ``local``).
        url: its base URL; ``index.yaml`` and chart URLs are resolved against it.
        cache: where its index is cached (absolute, or relative to ``repository/cache``).
        username: basic-auth user, if any.
        password: basic-auth password, if any.
        certFile: client certificate (PEM) for TLS.
        keyFile: the client certificate's key (PEM).
        caFile: CA bundle to verify the server with, instead of the system's.
    """

    name: str
    url: str
    cache: str = ""
    username: str = ""
    password: str = ""
    certFile: str = ""  # noqa: N815 - Helm's YAML key
    keyFile: str = ""  # noqa: N815 - Helm's YAML key
    caFile: str = ""  # noqa: N815 - Helm's YAML key

    def cache_path(self, cache_dir: Path) -> Path:
        """The cached index file; Helm 2.2 wrote absolute paths, older homes relative ones."""
        path = Path(self.cache or f"{self.name}-index.yaml")
        return path if path.is_absolute() else cache_dir / path

    def as_yaml(self) -> dict[str, str]:
        """All eight keys, always written (Helm's struct has no ``omitempty`` here)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_KEYS = {f.name for f in fields(Entry)}


@dataclass
class RepoFile:
    """The list of repositories, in file order.

    Attributes:
        repositories: the entries.
        generated: when the file was last written (RFC 3339), kept as text.
    """

    repositories: list[Entry] = field(default_factory=list)
    generated: str = ""

    @classmethod
    def load(cls, path: Path) -> RepoFile:
        """Read ``path``.

        Raises:
            HelmError: missing file (with Helm's hint to run ``init``) or unreadable YAML.
        """
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise HelmError(
                f"Couldn't load repositories file ({path}).\n"
                "You might need to run `helm init` (or `helm init --client-only` if tiller "
                "is already installed)"
            ) from None
        except OSError as err:
            raise HelmError(f"open {path}: {err.strerror}") from None
        raw = yamlio.load(data, str(path)) or {}
        if not isinstance(raw, dict):
            raise HelmError(f"{path}: not a repositories file")
        repos = raw.get("repositories") or []
        if not raw.get("apiVersion") and isinstance(repos, list) and not repos:
            # Helm reads the pre-2.0 format (a bare name: url map) and converts it.
            legacy = [Entry(name=str(k), url=str(v)) for k, v in raw.items() if k != "apiVersion"]
            return cls(legacy, str(raw.get("generated") or ""))
        if not isinstance(repos, list):
            raise HelmError(f"{path}: 'repositories' must be a list")
        entries = []
        for item in repos:
            if not isinstance(item, dict):
                raise HelmError(f"{path}: each repository must be a mapping")
            values: dict[str, Any] = {
                k: "" if v is None else str(v) for k, v in item.items() if k in _KEYS
            }
            values.setdefault("name", "")
            values.setdefault("url", "")
            entries.append(Entry(**values))
        return cls(entries, str(raw.get("generated") or ""))

    def get(self, name: str) -> Entry | None:
        """The entry called ``name``, if any."""
        return next((e for e in self.repositories if e.name == name), None)

    def has(self, name: str) -> bool:
        """Whether a repository called ``name`` is configured."""
        return self.get(name) is not None

    def update(self, entry: Entry) -> None:
        """Replace the entry of the same name in place, or append it (``RepoFile.Update``)."""
        for i, existing in enumerate(self.repositories):
            if existing.name == entry.name:
                self.repositories[i] = entry
                return
        self.repositories.append(entry)

    def remove(self, name: str) -> bool:
        """Drop the entry called ``name``; return whether there was one."""
        before = len(self.repositories)
        self.repositories = [e for e in self.repositories if e.name != name]
        return len(self.repositories) != before

    def dump(self) -> str:
        """The file's text as Helm writes it (``generated`` refreshed)."""
        self.generated = rfc3339nano()
        doc = {
            "apiVersion": API_VERSION,
            "generated": self.generated,
            "repositories": [e.as_yaml() for e in self.repositories],
        }
        return yamlio.dump(doc)

    def save(self, path: Path) -> None:
        """Write the file atomically (temporary file + rename)."""
        atomic_write(path, self.dump().encode())
