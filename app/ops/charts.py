"""Finding and loading the chart an install or upgrade names, as Helm's CLI does.

A chart argument is a local directory or archive, else a chart in the local repository
directory, else a repository reference (``stable/mysql``) or URL, downloaded into
``$HELM_HOME/cache/archive`` (Helm's ``locateChartPath``). The loaded chart is the
``hapi`` message ``app.charts.loader`` builds; operations pass it on to the client
without looking inside, apart from its metadata.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.ops.errors import OpsError

if TYPE_CHECKING:
    from app.client.models import ChartMetadata


@dataclass(frozen=True)
class ChartLocation:
    """How to find a chart.

    Attributes:
        ref: a path, ``repo/chart`` reference or URL.
        version: a version constraint for repository charts (empty: the latest).
        repo_url: look the chart up in this repository instead of the configured ones.
        username: repository user name (with ``repo_url``).
        password: repository password (with ``repo_url``).
        home: ``$HELM_HOME`` (repositories, archive cache).
    """

    ref: str
    version: str = ""
    repo_url: str = ""
    username: str = ""
    password: str = ""
    home: str | None = None


@dataclass(frozen=True)
class LoadedChart:
    """A chart ready to send.

    Attributes:
        path: where it was loaded from (absolute).
        message: the ``hapi.chart.Chart`` message (opaque to operations).
        metadata: its Chart.yaml.
    """

    path: str
    message: Any
    metadata: ChartMetadata


def locate_chart(where: ChartLocation) -> str:
    """Return the local path of the chart ``where`` names, downloading it if needed.

    Raises:
        OpsError: Helm's messages (``path "./x" not found``, ``failed to download ...``).
    """
    name, version = where.ref.strip(), where.version.strip()
    if os.path.exists(name):
        return os.path.abspath(name)
    if os.path.isabs(name) or name.startswith("."):
        raise OpsError(f'path "{name}" not found')
    from app.repos.errors import HelmError
    from app.repos.home import HelmHome

    home = HelmHome.resolve(where.home)
    in_repo_dir = home.repository / name
    if in_repo_dir.exists():
        return str(in_repo_dir.resolve())
    from app.repos import fetch, getter

    try:
        if where.repo_url:
            creds = getter.Credentials(username=where.username, password=where.password)
            resolved = fetch.resolve_in_repo_url(where.repo_url, name, version, creds)
        else:
            resolved = fetch.resolve(home, name, version)
        home.archive.mkdir(parents=True, exist_ok=True)
        return str(Path(fetch.download_to(resolved, home.archive)).resolve())
    except HelmError as err:
        raise OpsError(
            f'failed to download "{name}" (hint: running `helm repo update` may help): {err}'
        ) from None


def load_chart(path: str) -> LoadedChart:
    """Load a chart directory or archive and check its requirements are present.

    Raises:
        OpsError: the chart cannot be loaded, or a requirement is missing from ``charts/``.
    """
    from app.charts.loader import ChartLoadError, load
    from app.client.convert import chart_metadata
    from tiller.engine.requirements import RequirementsError, check_dependencies, load_requirements

    try:
        message = load(path)
    except ChartLoadError as err:
        raise OpsError(str(err)) from None
    try:
        requirements = load_requirements(message)
    except RequirementsError as err:
        raise OpsError(f"cannot load requirements: {err}") from None
    if requirements is not None:
        try:
            check_dependencies(message, requirements)
        except RequirementsError as err:
            raise OpsError(str(err)) from None
    return LoadedChart(path, message, chart_metadata(message.metadata))
