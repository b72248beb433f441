"""``helm package``: chart directory -> versioned archive (plus the local repository copy)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.charts.save import save
from app.repos.errors import HelmError
from tiller.engine.semver import SemverError, parse_version


def check_symlinks(chart_dir: Path) -> None:
    """Refuse a chart with a symlink pointing outside it (or a dangling one).

    The loader follows symlinks as Helm does; a link to ``/etc`` or ``../secrets`` would
    put files from outside the chart into the package and on to a repository.

    Raises:
        HelmError: naming the link and its target.
    """
    root = chart_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if target != root and root not in target.parents:
                raise HelmError(
                    f"chart contains a symlink {path.relative_to(root)} -> {os.readlink(path)} "
                    "that points outside the chart"
                )
            if not target.exists():
                raise HelmError(f"chart contains a dangling symlink {path.relative_to(root)}")


@dataclass(frozen=True)
class Packaged:
    """Result of packaging.

    Attributes:
        archive: where the archive was written.
        local_copy: the copy in ``$HELM_HOME/repository/local`` (None if not saved).
    """

    archive: Path
    local_copy: Path | None = None


def package(
    chart_path: Path, dest: Path, *, version: str = "", app_version: str = "",
    local_repo: Path | None = None,
) -> Packaged:  # fmt: skip
    """Load, adjust and archive a chart directory.

    Args:
        chart_path: the chart directory.
        dest: where to write the archive.
        version: override Chart.yaml's version (must be semver).
        app_version: override Chart.yaml's appVersion.
        local_repo: also save there and add it to that directory's index.yaml.

    Raises:
        HelmError: Helm's messages (name/directory mismatch, missing dependencies, ...).
    """
    from app.charts.loader import ChartLoadError, load
    from tiller.engine.requirements import RequirementsError, check_dependencies, load_requirements

    path = chart_path.resolve()
    if not path.is_dir():
        raise HelmError(f"stat {chart_path}: not a chart directory")
    check_symlinks(path)
    try:
        chart = load(str(path))
    except ChartLoadError as err:
        raise HelmError(str(err)) from None
    if version:
        try:
            parse_version(version)
        except SemverError as err:
            raise HelmError(str(err)) from None
        chart.metadata.version = version
    if app_version:
        chart.metadata.appVersion = app_version
    if path.name != chart.metadata.name:
        raise HelmError(
            f"directory name ({path.name}) and Chart.yaml name ({chart.metadata.name}) must match"
        )
    try:
        reqs = load_requirements(chart)
        if reqs is not None:
            check_dependencies(chart, reqs)
    except RequirementsError as err:
        raise HelmError(str(err)) from None
    try:
        archive = save(chart, dest)
    except HelmError as err:
        raise HelmError(f"Failed to save: {err}") from None
    local_copy = None
    if local_repo is not None and local_repo.is_dir():
        local_copy = save(chart, local_repo)
        _reindex_local(local_repo, local_copy)
    return Packaged(archive, local_copy)


def _reindex_local(repo: Path, archive: Path) -> None:
    """Add (or replace) the archive's entry in the local repository's index.yaml."""
    from app.charts.loader import load
    from app.charts.metadata import metadata_dict
    from app.repos.home import LOCAL_REPO_URL
    from app.repos.index import IndexFile, digest_file
    from app.repos.indexcache import load_index_file

    index_path = repo / "index.yaml"
    index = load_index_file(index_path, use_cache=False) if index_path.exists() else IndexFile()
    md = metadata_dict(load(str(archive)).metadata)
    name, version = md["name"], md.get("version", "")
    index.entries[name] = [cv for cv in index.entries.get(name, []) if cv.get("version") != version]
    index.add(md, archive.name, LOCAL_REPO_URL, digest_file(archive))
    index.sort_entries()
    index.save(index_path)
