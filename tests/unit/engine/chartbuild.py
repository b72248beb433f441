"""Build ``hapi.chart.Chart`` messages in tests without files on disk."""

from __future__ import annotations

from collections.abc import Mapping

from hapi.chart.chart_pb2 import Chart
from hapi.chart.template_pb2 import Template


def chart(
    name: str,
    values: str = "",
    templates: dict[str, str] | None = None,
    files: Mapping[str, str | bytes] | None = None,
    deps: list[Chart] | None = None,
    version: str = "0.1.0",
    requirements: str | None = None,
) -> Chart:
    """A chart named ``name`` (template names are relative to ``templates/``)."""
    c = Chart()
    c.metadata.name = name
    c.metadata.version = version
    if values:
        c.values.raw = values
    for path, text in (templates or {}).items():
        c.templates.append(Template(name=f"templates/{path}", data=text.encode()))
    all_files = dict(files or {})
    if requirements is not None:
        all_files["requirements.yaml"] = requirements
    for path, data in all_files.items():
        c.files.add(type_url=path, value=data.encode() if isinstance(data, str) else data)
    for d in deps or []:
        c.dependencies.append(d)
    return c
