"""``$HELM_HOME`` laid out exactly as Helm v2's ``helmpath.Home``, so an existing home works."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "~/.helm"
LOCAL_REPO_NAME = "local"
LOCAL_REPO_URL = "http://127.0.0.1:8879/charts"
STABLE_REPO_NAME = "stable"
STABLE_REPO_URL = "https://charts.helm.sh/stable"


@dataclass(frozen=True)
class HelmHome:
    """Paths inside a Helm home directory.

    Attributes:
        root: the home directory itself.
    """

    root: Path

    @classmethod
    def resolve(cls, flag: str | None = None, env: Mapping[str, str] | None = None) -> HelmHome:
        """``--home``, else ``$HELM_HOME``, else ``~/.helm`` (with ``~`` and ``$VAR`` expanded)."""
        environ = os.environ if env is None else env
        raw = flag or environ.get("HELM_HOME") or DEFAULT_HOME
        return cls(Path(os.path.expanduser(os.path.expandvars(raw))))

    @property
    def repository(self) -> Path:
        """``repository/``."""
        return self.root / "repository"

    @property
    def repository_file(self) -> Path:
        """``repository/repositories.yaml``."""
        return self.repository / "repositories.yaml"

    @property
    def cache(self) -> Path:
        """``repository/cache/``: downloaded index files."""
        return self.repository / "cache"

    def cache_index(self, name: str) -> Path:
        """``repository/cache/<name>-index.yaml``."""
        return self.cache / f"{name}-index.yaml"

    @property
    def local_repository(self) -> Path:
        """``repository/local/``: what ``serve`` serves by default and ``package`` saves to."""
        return self.repository / "local"

    @property
    def plugins(self) -> Path:
        """``plugins/``."""
        return self.root / "plugins"

    @property
    def starters(self) -> Path:
        """``starters/``: chart scaffolds for ``create --starter``."""
        return self.root / "starters"

    @property
    def archive(self) -> Path:
        """``cache/archive/``: chart archives downloaded by ``dependency update``."""
        return self.root / "cache" / "archive"

    @property
    def ca_cert(self) -> Path:
        """``ca.pem``."""
        return self.root / "ca.pem"

    @property
    def cert(self) -> Path:
        """``cert.pem``."""
        return self.root / "cert.pem"

    @property
    def key(self) -> Path:
        """``key.pem``."""
        return self.root / "key.pem"

    def directories(self) -> list[Path]:
        """The directories ``init`` creates, in the order Helm reports them."""
        return [
            self.root,
            self.repository,
            self.cache,
            self.local_repository,
            self.plugins,
            self.starters,
            self.archive,
        ]
