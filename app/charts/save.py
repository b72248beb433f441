"""``hapi.chart.Chart`` -> ``<name>-<version>.tgz`` (Helm v2's ``chartutil.Save``)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from app.charts.archive import gzip_bytes, tar_bytes
from app.charts.metadata import chartfile_text
from app.repos.errors import HelmError
from app.repos.fsutil import atomic_write

if TYPE_CHECKING:
    from hapi.chart.chart_pb2 import Chart


def chart_entries(chart: Chart, prefix: str = "") -> list[tuple[str, bytes]]:
    """The archive's files in Helm's order: Chart.yaml, values, templates, files, subcharts."""
    base = posixpath.join(prefix, chart.metadata.name)
    out = [(f"{base}/Chart.yaml", chartfile_text(chart.metadata).encode())]
    if chart.values.raw:
        out.append((f"{base}/values.yaml", chart.values.raw.encode()))
    for template in chart.templates:
        out.append((posixpath.normpath(posixpath.join(base, template.name)), template.data))
    for file in chart.files:
        out.append((posixpath.normpath(posixpath.join(base, file.type_url)), file.value))
    for dependency in chart.dependencies:
        out.extend(chart_entries(dependency, f"{base}/charts"))
    return out


def archive_name(chart: Chart) -> str:
    """``<name>-<version>.tgz``."""
    return f"{chart.metadata.name}-{chart.metadata.version}.tgz"


def archive_bytes(chart: Chart) -> bytes:
    """The archive's bytes; the same chart always gives the same bytes.

    Raises:
        HelmError: no name or version in Chart.yaml.
    """
    if not chart.metadata.name:
        raise HelmError("no chart name specified (Chart.yaml)")
    if not chart.metadata.version:
        raise HelmError("no chart version specified (Chart.yaml)")
    return gzip_bytes(tar_bytes(chart_entries(chart)))


def save(chart: Chart, out_dir: Path) -> Path:
    """Write the archive into ``out_dir`` (atomically) and return its path.

    Raises:
        HelmError: ``out_dir`` is missing or not a directory, or the chart lacks a name
            or version.
    """
    if not out_dir.exists():
        raise HelmError(f"stat {out_dir}: no such file or directory")
    if not out_dir.is_dir():
        raise HelmError(f"location {out_dir} is not a directory")
    data = archive_bytes(chart)
    target = out_dir / archive_name(chart)
    atomic_write(target, data)
    return target
