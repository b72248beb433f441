"""``requirements.yaml`` and ``requirements.lock`` (Helm v2 ``chartutil.Requirements``).

The lock's ``digest`` is Helm's ``HashReq``: ``sha256:`` + SHA-256 of the requirements
marshalled by Go's encoding/json (struct field order, ``omitempty``, ``<>&`` escaped), so a
lock written by Helm and one written by us agree on whether they are in sync.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from app.repos import yamlio
from app.repos.errors import HelmError
from app.repos.fsutil import rfc3339nano

REQUIREMENTS = "requirements.yaml"
LOCK = "requirements.lock"
_ALIAS = re.compile(r"^[a-zA-Z0-9-_]+$")


@dataclass
class Dependency:
    """One entry of ``dependencies:``.

    Attributes:
        name: chart name.
        version: semver constraint (exact version in a lock).
        repository: repository URL, ``@name``/``alias:name``, or ``file://path``.
        condition: comma-separated values paths that enable it.
        tags: tags that enable it.
        enabled: Helm's ``enabled`` field (kept for round trips).
        import_values: ``import-values`` items (strings or child/parent maps).
        alias: the name it is installed under.
    """

    name: str
    version: str = ""
    repository: str = ""
    condition: str = ""
    tags: list[str] = field(default_factory=list)
    enabled: bool = False
    import_values: list[Any] = field(default_factory=list)
    alias: str = ""

    @classmethod
    def from_yaml(cls, raw: Any, where: str) -> Dependency:
        """Build from a parsed mapping.

        Raises:
            HelmError: not a mapping, or without a name.
        """
        if not isinstance(raw, dict) or not raw.get("name"):
            raise HelmError(f"{where}: every dependency needs a name")

        def text(key: str) -> str:
            value = raw.get(key)
            return "" if value is None else str(value)

        tags = raw.get("tags") or []
        imports = raw.get("import-values") or []
        return cls(
            name=text("name"),
            version=text("version"),
            repository=text("repository"),
            condition=text("condition"),
            tags=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
            enabled=bool(raw.get("enabled", False)),
            import_values=list(imports) if isinstance(imports, list) else [imports],
            alias=text("alias"),
        )

    def go_json(self) -> str:
        """encoding/json of Helm's struct: field order, ``omitempty`` on all but two."""
        from tiller.engine.funcs.jsonout import json_string, marshal

        parts = [f'"name":{json_string(self.name)}']
        if self.version:
            parts.append(f'"version":{json_string(self.version)}')
        parts.append(f'"repository":{json_string(self.repository)}')
        if self.condition:
            parts.append(f'"condition":{json_string(self.condition)}')
        if self.tags:
            parts.append(f'"tags":{marshal(self.tags)}')
        if self.enabled:
            parts.append('"enabled":true')
        if self.import_values:
            parts.append(f'"import-values":{marshal(self.import_values)}')
        if self.alias:
            parts.append(f'"alias":{json_string(self.alias)}')
        return "{" + ",".join(parts) + "}"

    def as_yaml(self) -> dict[str, Any]:
        """The mapping Helm writes into a lock (same ``omitempty`` rules)."""
        out: dict[str, Any] = {"name": self.name, "repository": self.repository}
        if self.version:
            out["version"] = self.version
        if self.condition:
            out["condition"] = self.condition
        if self.tags:
            out["tags"] = self.tags
        if self.enabled:
            out["enabled"] = True
        if self.import_values:
            out["import-values"] = self.import_values
        if self.alias:
            out["alias"] = self.alias
        return out


def parse_dependencies(data: bytes, where: str) -> list[Dependency]:
    """Parse a requirements file's ``dependencies`` list.

    Raises:
        HelmError: invalid YAML or malformed entries.
    """
    raw = yamlio.load(data, where) or {}
    if not isinstance(raw, dict):
        raise HelmError(f"{where}: expected a mapping with 'dependencies'")
    deps = raw.get("dependencies") or []
    if not isinstance(deps, list):
        raise HelmError(f"{where}: 'dependencies' must be a list")
    return [Dependency.from_yaml(d, where) for d in deps]


def check_names(deps: list[Dependency]) -> None:
    """Refuse requirements whose charts would land under the same name.

    Two entries of one chart without distinct aliases would overwrite each other in
    ``charts/`` and in the values tree; Helm accepts that silently and installs one.

    Raises:
        HelmError: naming the clashing name, or an invalid alias.
    """
    seen: dict[str, Dependency] = {}
    for dep in deps:
        if dep.alias and not _ALIAS.match(dep.alias):
            raise HelmError(
                f"dependency {dep.name!r} has an invalid alias {dep.alias!r} "
                "(letters, digits, '-' and '_' only)"
            )
        effective = dep.alias or dep.name
        if effective in seen:
            other = seen[effective]
            raise HelmError(
                f"name clash in requirements.yaml: {effective!r} is used by more than one "
                f"dependency ({other.name} {other.version or '*'} and {dep.name} "
                f"{dep.version or '*'}); give each an 'alias'"
            )
        seen[effective] = dep


def hash_requirements(deps: list[Dependency]) -> str:
    """Helm's ``HashReq``: ``sha256:<hex>`` of the requirements' Go JSON."""
    doc = (
        '{"dependencies":'
        + ("[" + ",".join(d.go_json() for d in deps) + "]" if deps else "null")
        + "}"
    )
    return "sha256:" + hashlib.sha256(doc.encode()).hexdigest()


@dataclass
class Lock:
    """A parsed or new requirements.lock.

    Attributes:
        digest: ``HashReq`` of the requirements it was resolved from.
        dependencies: the resolved dependencies (exact versions).
        generated: when it was written (RFC 3339 text).
    """

    digest: str
    dependencies: list[Dependency]
    generated: str = ""

    @classmethod
    def parse(cls, data: bytes, where: str) -> Lock:
        """Parse a lock file.

        Raises:
            HelmError: invalid YAML or entries.
        """
        raw = yamlio.load(data, where) or {}
        if not isinstance(raw, dict):
            raise HelmError(f"{where}: not a requirements lock")
        deps = raw.get("dependencies") or []
        if not isinstance(deps, list):
            raise HelmError(f"{where}: 'dependencies' must be a list")
        return cls(
            str(raw.get("digest") or ""),
            [Dependency.from_yaml(d, where) for d in deps],
            str(raw.get("generated") or ""),
        )

    def dump(self) -> str:
        """The lock's text as Helm writes it."""
        return yamlio.dump(
            {
                "dependencies": [d.as_yaml() for d in self.dependencies],
                "digest": self.digest,
                "generated": self.generated or rfc3339nano(),
            }
        )
