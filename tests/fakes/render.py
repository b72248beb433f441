"""A stand-in for the template engine: templates are emitted as they are, with a few
``{{ .Release.X }}`` placeholders substituted. Enough to test Tiller's lifecycle."""

from __future__ import annotations

from hapi.chart import chart_pb2

from tiller.releases.rendering import RenderInput


def _walk(chart: chart_pb2.Chart, prefix: str, out: dict[str, str], inp: RenderInput) -> None:
    path = f"{prefix}{chart.metadata.name}"
    for tpl in chart.templates:
        text = tpl.data.decode()
        for key, value in {
            "{{ .Release.Name }}": inp.options.name,
            "{{ .Release.Namespace }}": inp.options.namespace,
            "{{ .Release.Revision }}": str(inp.options.revision),
            "{{ .Values.raw }}": (inp.values.raw if inp.values else "").strip(),
        }.items():
            text = text.replace(key, value)
        if "{{ fail }}" in text:
            raise RuntimeError(f'render error in "{path}/{tpl.name}": fail')
        out[f"{path}/{tpl.name}"] = text
    for dep in chart.dependencies:
        _walk(dep, f"{path}/charts/", out, inp)


def fake_render(inp: RenderInput) -> dict[str, str]:
    """Render ``inp.chart`` by substitution."""
    out: dict[str, str] = {}
    _walk(inp.chart, "", out, inp)
    return out


def chart(name: str, templates: dict[str, str], *deps: chart_pb2.Chart) -> chart_pb2.Chart:
    """A chart message with the given templates (``templates/x.yaml`` → text)."""
    from hapi.chart import metadata_pb2, template_pb2

    return chart_pb2.Chart(
        metadata=metadata_pb2.Metadata(name=name, version="0.1.0", apiVersion="v1"),
        templates=[template_pb2.Template(name=k, data=v.encode()) for k, v in templates.items()],
        dependencies=list(deps),
    )
