"""``helm create``: the Helm v2 chart scaffold, rendered from Jinja2 templates we ship.

The scaffold's files are Go templates themselves, so the Jinja2 environment uses
``[[ ]]``/``[% %]`` delimiters and the Go ``{{ }}`` pass through untouched. Existing files
are never overwritten (Helm keeps them too), so ``create`` on an existing chart only adds
what is missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.charts.metadata import chartfile_text
from app.repos.errors import HelmError

if TYPE_CHECKING:
    from hapi.chart.chart_pb2 import Chart
    from hapi.chart.metadata_pb2 import Metadata

SCAFFOLD_DIR = Path(__file__).with_name("scaffold")
# target path in the chart -> template in SCAFFOLD_DIR, in the order Helm writes them
SCAFFOLD_FILES = (
    ("values.yaml", "values.yaml.j2"),
    (".helmignore", "helmignore.j2"),
    ("templates/ingress.yaml", "ingress.yaml.j2"),
    ("templates/deployment.yaml", "deployment.yaml.j2"),
    ("templates/service.yaml", "service.yaml.j2"),
    ("templates/NOTES.txt", "NOTES.txt.j2"),
    ("templates/_helpers.tpl", "_helpers.tpl.j2"),
    ("templates/tests/test-connection.yaml", "test-connection.yaml.j2"),
)
CHART_NAME_PLACEHOLDER = "<CHARTNAME>"


def default_metadata(name: str) -> Metadata:
    """The Chart.yaml ``helm create`` writes: v1, version 0.1.0, appVersion 1.0."""
    from hapi.chart.metadata_pb2 import Metadata

    return Metadata(
        name=name,
        description="A Helm chart for Kubernetes",
        version="0.1.0",
        appVersion="1.0",
        apiVersion="v1",
    )


def render_scaffold(name: str) -> dict[str, str]:
    """Scaffold file contents by chart-relative path (Chart.yaml excluded)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SCAFFOLD_DIR)),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - YAML and Go templates, not HTML
        undefined=jinja2.StrictUndefined,
    )
    return {target: env.get_template(source).render(name=name) for target, source in SCAFFOLD_FILES}


def _check_name(name: str) -> None:
    if not name or name in (".", "..") or "/" in name or os.sep in name:
        raise HelmError(f"invalid chart name {name!r}")


def create(name: str, parent: Path) -> Path:
    """Create ``parent/<name>`` with the scaffold; keep files that already exist.

    Raises:
        HelmError: the parent is missing, or ``parent/<name>`` is a file.
    """
    _check_name(name)
    if not parent.is_dir():
        raise HelmError(f"no such directory {parent.resolve()}")
    chart_dir = parent / name
    if chart_dir.exists() and not chart_dir.is_dir():
        raise HelmError(f"file {chart_dir.resolve()} already exists and is not a directory")
    for sub in ("", "templates", "templates/tests", "charts"):
        (chart_dir / sub).mkdir(parents=True, exist_ok=True)
    chart_yaml = chart_dir / "Chart.yaml"
    if not chart_yaml.exists():
        chart_yaml.write_text(chartfile_text(default_metadata(name)))
    for target, content in render_scaffold(name).items():
        path = chart_dir / target
        if not path.exists():
            path.write_text(content)
    return chart_dir


def create_from_starter(name: str, parent: Path, starter: Path) -> Path:
    """Create ``parent/<name>`` from a starter chart (``helm create --starter``).

    The starter's ``<CHARTNAME>`` placeholders in templates and values become ``name``;
    its Chart.yaml is replaced by the default one.

    Raises:
        HelmError: the starter cannot be loaded, or the target is unusable.
    """
    from app.charts.loader import ChartLoadError, load

    _check_name(name)
    try:
        chart = load(str(starter))
    except ChartLoadError as err:
        raise HelmError(f"could not load {starter}: {err}") from None
    chart.metadata.CopyFrom(default_metadata(name))
    for template in chart.templates:
        template.data = template.data.replace(CHART_NAME_PLACEHOLDER.encode(), name.encode())
    if chart.values.raw:
        chart.values.raw = chart.values.raw.replace(CHART_NAME_PLACEHOLDER, name)
    if not parent.is_dir():
        raise HelmError(f"no such directory {parent.resolve()}")
    return save_dir(chart, parent)


def save_dir(chart: Chart, parent: Path) -> Path:
    """Write a chart as a directory (Helm's ``SaveDir``); subcharts become archives.

    Raises:
        HelmError: a file path would leave the chart directory.
    """
    from app.charts.save import save

    chart_dir = parent / chart.metadata.name
    root = chart_dir.resolve()
    chart_dir.mkdir(parents=True, exist_ok=True)
    (chart_dir / "Chart.yaml").write_text(chartfile_text(chart.metadata))
    if chart.values.raw:
        (chart_dir / "values.yaml").write_text(chart.values.raw)
    items = [(t.name, t.data) for t in chart.templates]
    items += [(f.type_url, f.value) for f in chart.files]
    for rel, data in items:
        target = (chart_dir / rel).resolve()
        if root not in target.parents:
            raise HelmError(f"refusing to write {rel!r} outside {chart_dir}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if chart.dependencies:
        (chart_dir / "charts").mkdir(exist_ok=True)
        for dependency in chart.dependencies:
            save(dependency, chart_dir / "charts")
    return chart_dir
