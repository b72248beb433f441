"""``helm repo index``: build an index.yaml from the chart archives in a directory."""

from __future__ import annotations

import sys
from pathlib import Path

from app.charts.archive import check_archive
from app.charts.metadata import metadata_dict
from app.repos.errors import HelmError
from app.repos.index import IndexFile, digest_file, go_path_join, url_join
from app.repos.indexcache import load_index_file


def chart_archives(directory: Path) -> list[Path]:
    """``DIR/*.tgz`` then ``DIR/*/*.tgz``, each sorted, as Helm's two globs return them."""
    top = sorted(p for p in directory.glob("*.tgz") if p.is_file())
    nested = sorted(p for p in directory.glob("*/*.tgz") if p.is_file())
    return top + nested


def index_directory(directory: Path, base_url: str) -> IndexFile:
    """Index every chart archive under ``directory`` (``repo.IndexDirectory``).

    Files that are not valid charts are skipped with a warning on stderr (Helm skips
    them silently).
    """
    from app.charts.loader import ChartLoadError, load_archive

    index = IndexFile()
    for archive in chart_archives(directory):
        rel = archive.relative_to(directory)
        parent = rel.parent.as_posix() if rel.parent != Path(".") else ""
        parent_url = url_join(base_url, parent) if base_url else go_path_join(parent)
        try:
            data = archive.read_bytes()
            check_archive(data, str(archive))
            chart = load_archive(data)
        except (HelmError, ChartLoadError, OSError) as err:
            print(f"WARNING: skipping {archive}: {err}", file=sys.stderr)
            continue
        index.add(metadata_dict(chart.metadata), rel.name, parent_url, digest_file(archive))
    return index


def write_directory_index(
    directory: Path, base_url: str, merge_with: Path | None = None
) -> IndexFile:
    """Index ``directory`` and write ``directory/index.yaml`` (``helm repo index``).

    With ``merge_with``, versions listed there and absent here are kept (an absent merge
    file is created empty first, as Helm does).

    Raises:
        HelmError: the directory is missing or the merge file is not a valid index.
    """
    if not directory.is_dir():
        raise HelmError(f"stat {directory}: no such file or directory")
    index = index_directory(directory, base_url)
    if merge_with is not None:
        if not merge_with.exists():
            IndexFile().save(merge_with)
        try:
            old = load_index_file(merge_with, use_cache=False)
        except HelmError as err:
            raise HelmError(f"Merge failed: {err}") from None
        index.merge(old)
    index.sort_entries()
    index.save(directory / "index.yaml")
    return index
