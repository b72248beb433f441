"""``helm dependency list|update|build``: requirements.yaml -> requirements.lock -> charts/.

``update`` resolves each requirement's semver range against the cached index of the
repository it names (``@name``, ``alias:name`` or the repository URL), writes the lock and
downloads the archives; ``file://`` requirements are packaged from the local directory.
``build`` downloads exactly what the lock lists, refusing a lock out of sync with the
requirements. Downloads are staged first and only replace ``charts/`` entries when all
succeeded, so a failure leaves ``charts/`` as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.charts.requirements import (
    LOCK,
    REQUIREMENTS,
    Dependency,
    Lock,
    check_names,
    hash_requirements,
    parse_dependencies,
)
from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write
from app.repos.home import HelmHome
from app.repos.repofile import Entry, RepoFile
from tiller.engine.semver import SemverError, parse_constraints, try_version

Out = Callable[[str], None]
_NOTE_URLS = (
    "\nNote that repositories must be URLs or aliases. For example, to refer to the stable\n"
    'repository, use "https://charts.helm.sh/stable/" or "@stable" instead of\n'
    "\"stable\". Don't forget to add the repo, too ('helm repo add')."
)


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def local_path(repository: str, chart_dir: Path) -> Path:
    """A ``file://`` requirement's directory (relative to the chart).

    Raises:
        HelmError: ``directory <path> not found``.
    """
    path = Path(repository.removeprefix("file://"))
    path = path if path.is_absolute() else chart_dir / path
    if not path.exists():
        raise HelmError(f"directory {path} not found")
    return path


@dataclass
class Manager:
    """Dependency work on one chart directory.

    Attributes:
        chart_dir: the chart.
        home: Helm home (repositories and their cached indexes).
        out: where progress lines go.
        skip_refresh: do not refresh repository indexes first.
    """

    chart_dir: Path
    home: HelmHome
    out: Out = print
    skip_refresh: bool = False

    def requirements(self) -> list[Dependency] | None:
        """Parsed requirements.yaml, or ``None`` when the chart has none.

        Raises:
            HelmError: unreadable or invalid file, or a name clash.
        """
        path = self.chart_dir / REQUIREMENTS
        if not path.exists():
            return None
        deps = parse_dependencies(path.read_bytes(), str(path))
        check_names(deps)
        return deps

    def lock(self) -> Lock | None:
        """Parsed requirements.lock, or ``None``."""
        path = self.chart_dir / LOCK
        return Lock.parse(path.read_bytes(), str(path)) if path.exists() else None

    def _repo_for(self, dep: Dependency, repos: RepoFile) -> Entry | None:
        ref = dep.repository
        for entry in repos.repositories:
            alias = ref.removeprefix("@") if ref.startswith("@") else ref.removeprefix("alias:")
            if ref.startswith(("@", "alias:")) and alias == entry.name:
                return entry
            if _same_url(entry.url, ref):
                return entry
        return None

    def _repo_names(self, deps: list[Dependency]) -> dict[str, Entry]:
        repos = RepoFile.load(self.home.repository_file)
        found: dict[str, Entry] = {}
        missing: list[str] = []
        for dep in deps:
            if dep.repository.startswith("file://"):
                local_path(dep.repository, self.chart_dir)
                continue
            entry = self._repo_for(dep, repos)
            if entry is None:
                missing.append(dep.repository)
            else:
                found[dep.repository] = entry
        if missing:
            message = (
                f"no repository definition for {', '.join(missing)}. "
                "Please add them via 'helm repo add'"
            )
            if any("//" not in m and not m.startswith(("@", "alias:")) for m in missing):
                message += _NOTE_URLS
            raise HelmError(message)
        return found

    def _refresh(self, entries: list[Entry]) -> None:
        from app.repos.manager import update_repos

        self.out("Hang tight while we grab the latest from your chart repositories...")

        def report(result: object) -> None:
            from app.repos.manager import UpdateResult

            assert isinstance(result, UpdateResult)
            if result.skipped:
                self.out(f"...Skip {result.name} chart repository")
            elif result.error:
                self.out(
                    f'...Unable to get an update from the "{result.name}" chart repository '
                    f"({result.url}):\n\t{result.error}"
                )
            else:
                self.out(f'...Successfully got an update from the "{result.name}" chart repository')

        unique = list({e.name: e for e in entries}.values())
        update_repos(self.home, unique, report)
        self.out("Update Complete. ⎈Happy Helming!⎈")

    def resolve(self, deps: list[Dependency], repos: dict[str, Entry]) -> Lock:
        """Pick the newest version satisfying each range (``Resolver.Resolve``).

        Raises:
            HelmError: bad constraint, missing cache, chart absent, or nothing matching.
        """
        from app.repos.manager import load_cached_index

        locked: list[Dependency] = []
        missing: list[str] = []
        for dep in deps:
            if dep.repository.startswith("file://"):
                local_path(dep.repository, self.chart_dir)
                locked.append(Dependency(dep.name, dep.version, dep.repository))
                continue
            try:
                constraint = parse_constraints(dep.version or "*")
            except SemverError as err:
                raise HelmError(
                    f'dependency "{dep.name}" has an invalid version/constraint format: {err}'
                ) from None
            entry = repos[dep.repository]
            try:
                index = load_cached_index(self.home, entry)
            except HelmError as err:
                raise HelmError(f"no cached repo found. (try 'helm repo update'). {err}") from None
            versions = index.entries.get(dep.name)
            if versions is None:
                raise HelmError(f"{dep.name} chart not found in repo {dep.repository}")
            pick = next(
                (
                    str(cv["version"])
                    for cv in versions
                    if cv.get("urls")
                    and (v := try_version(str(cv["version"]))) is not None
                    and constraint.check(v)
                ),
                None,
            )
            if pick is None:
                missing.append(dep.name)
            locked.append(Dependency(dep.name, pick or "", dep.repository))
        if missing:
            raise HelmError(
                f"Can't get a valid version for repositories {', '.join(missing)}. "
                "Try changing the version constraint in requirements.yaml"
            )
        return Lock(hash_requirements(deps), locked)

    def update(self) -> None:
        """Resolve, download, then write the lock (``helm dependency update``).

        Raises:
            HelmError: any resolution or download failure (charts/ left untouched).
        """
        deps = self.requirements()
        if deps is None:
            self.out(f"No requirements found in {self.chart_dir}/charts.")
            return
        repos = self._repo_names(deps)
        if not self.skip_refresh and repos:
            self._refresh(list(repos.values()))
        lock = self.resolve(deps, repos)
        self.download_all(lock.dependencies, repos)
        old = self.lock()
        if old is not None and old.digest == lock.digest and _same_deps(old, lock):
            return
        atomic_write(self.chart_dir / LOCK, lock.dump().encode())

    def build(self) -> None:
        """Download what the lock lists (``helm dependency build``); no lock means update.

        Raises:
            HelmError: lock out of sync with requirements.yaml, or a download failure.
        """
        lock = self.lock()
        if lock is None:
            self.update()
            return
        deps = self.requirements()
        if deps is None:
            raise HelmError("requirements.yaml cannot be opened: requirements.yaml not found")
        if hash_requirements(deps) != lock.digest:
            raise HelmError("requirements.lock is out of sync with requirements.yaml")
        repos = self._repo_names(lock.dependencies)
        if not self.skip_refresh and repos:
            self._refresh(list(repos.values()))
        self.download_all(lock.dependencies, repos)

    def download_all(self, deps: list[Dependency], repos: dict[str, Entry]) -> None:
        """Fetch every locked dependency into a staging directory, then swap into charts/.

        Raises:
            HelmError: the first failure; nothing in charts/ changes then.
        """
        from app.charts.depfiles import download_dependency, replace_in_charts

        charts = self.chart_dir / "charts"
        if charts.exists() and not charts.is_dir():
            raise HelmError(f'"{charts}" is not a directory')
        charts.mkdir(exist_ok=True)
        self.out(f"Saving {len(deps)} charts")
        staging = Path(tempfile.mkdtemp(prefix=".tmpcharts-", dir=self.chart_dir))
        try:
            for dep in deps:
                download_dependency(self, dep, repos.get(dep.repository), staging)
            self.out("Deleting outdated charts")
            replace_in_charts(charts, staging, [d.name for d in deps])
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _same_deps(a: Lock, b: Lock) -> bool:
    return [d.as_yaml() for d in a.dependencies] == [d.as_yaml() for d in b.dependencies]
