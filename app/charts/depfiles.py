"""Files in a chart's ``charts/``: downloading locked dependencies, swapping, status."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from app.charts.requirements import Dependency
from app.repos.errors import HelmError
from app.repos.repofile import Entry
from tiller.engine.semver import SemverError, parse_constraints, parse_version

if TYPE_CHECKING:
    from app.charts.dependencies import Manager


def package_local(dep: Dependency, chart_dir: Path, dest: Path) -> str:
    """Archive a ``file://`` dependency into ``dest``; return its version.

    Raises:
        HelmError: missing directory, unloadable chart, or a version outside the range.
    """
    from app.charts.dependencies import local_path
    from app.charts.loader import ChartLoadError, load
    from app.charts.save import save

    source = local_path(dep.repository, chart_dir)
    try:
        chart = load(str(source))
    except ChartLoadError as err:
        raise HelmError(f"dependency {dep.name}: {err}") from None
    try:
        constraint = parse_constraints(dep.version or "*")
    except SemverError as err:
        raise HelmError(
            f"dependency {dep.name} has an invalid version/constraint format: {err}"
        ) from None
    try:
        version = parse_version(chart.metadata.version)
    except SemverError as err:
        raise HelmError(f"dependency {dep.name}: {err}") from None
    if not constraint.check(version):
        raise HelmError(f"can't get a valid version for dependency {dep.name}")
    save(chart, dest)
    return chart.metadata.version


def download_dependency(
    manager: Manager, dep: Dependency, entry: Entry | None, staging: Path
) -> None:
    """Put one locked dependency's archive into ``staging``.

    Raises:
        HelmError: Helm's ``could not find``/``could not download`` messages.
    """
    from app.repos.fetch import download_to
    from app.repos.manager import load_cached_index

    if dep.repository.startswith("file://"):
        manager.out(f"Archiving {dep.name} from repo {dep.repository}")
        package_local(dep, manager.chart_dir, staging)
        return
    manager.out(f"Downloading {dep.name} from repo {dep.repository}")
    if entry is None:
        raise HelmError(f"no repository definition for {dep.repository}")
    from app.repos.fetch import _from_index

    try:
        resolved = _from_index(load_cached_index(manager.home, entry), entry, dep.name, dep.version)
    except HelmError as err:
        raise HelmError(f"could not find {dep.name}-{dep.version}: {err}") from None
    try:
        download_to(resolved, staging)
    except HelmError as err:
        raise HelmError(f"could not download {resolved.url}: {err}") from None


def _chart_name(path: Path) -> str | None:
    from app.charts.loader import ChartLoadError, load

    try:
        return load(str(path)).metadata.name
    except (ChartLoadError, OSError):
        return None


def replace_in_charts(charts: Path, staging: Path, names: list[str]) -> None:
    """Remove old archives of ``names`` from ``charts/`` and move the staged ones in.

    Unpacked subchart directories are left alone, as Helm does.
    """
    wanted = set(names)
    for old in sorted(charts.glob("*.tgz")):
        if _chart_name(old) in wanted:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()
    for new in sorted(staging.iterdir()):
        os.replace(new, charts / new.name) if new.is_file() else shutil.move(new, charts / new.name)


def _version_status(chart_version: str, dep: Dependency, ok: str) -> str:
    if chart_version == dep.version:
        return ok
    try:
        good = parse_constraints(dep.version).check(parse_version(chart_version))
    except SemverError:
        return "invalid version"
    return ok if good else "wrong version"


def dependency_status(chart_dir: Path, dep: Dependency) -> str:
    """Helm's ``dependency list`` STATUS column for one requirement."""
    from app.charts.loader import ChartLoadError, load

    archives = sorted((chart_dir / "charts").glob(f"{dep.name}-*.tgz"))
    if len(archives) > 1:
        return "too many matches"
    if archives:
        try:
            chart = load(str(archives[0]))
        except ChartLoadError:
            return "corrupt"
        if chart.metadata.name != dep.name:
            return "misnamed"
        return _version_status(chart.metadata.version, dep, "ok")
    folder = chart_dir / "charts" / dep.name
    if not folder.exists():
        return "missing"
    if not folder.is_dir():
        return "mispackaged"
    try:
        chart = load(str(folder))
    except ChartLoadError:
        return "corrupt"
    if chart.metadata.name != dep.name:
        return "misnamed"
    return _version_status(chart.metadata.version, dep, "unpacked")


def unlisted_charts(chart_dir: Path, deps: list[Dependency]) -> list[str]:
    """Warnings for ``charts/`` entries that are not charts or not in requirements."""
    names = {d.name for d in deps}
    warnings = []
    for path in sorted((chart_dir / "charts").glob("*")):
        if not path.is_dir() and path.suffix != ".tgz":
            continue
        name = _chart_name(path)
        if name is None:
            warnings.append(f'WARNING: "{path}" is not a chart.')
        elif name not in names:
            warnings.append(f'WARNING: "{path}" is not in requirements.yaml.')
    return warnings
