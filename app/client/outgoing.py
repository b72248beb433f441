"""Requests to Tiller: the client's dataclasses become ``hapi`` messages here.

Also the chart preparation Helm's client library does before sending a chart
(``requirements.yaml``: aliases, tags, conditions, import-values, spec §6.4): Tiller
trusts the chart it receives, so skipping this would install disabled subcharts.
"""

from __future__ import annotations

from collections.abc import Callable

from google.protobuf import any_pb2
from hapi.chart import chart_pb2, config_pb2, metadata_pb2, template_pb2
from hapi.services import tiller_pb2

from app.client.errors import TillerError
from app.client.models import Chart, ChartMetadata
from app.client.requests import (
    ChartSource,
    InstallRequest,
    RollbackRequest,
    TestRequest,
    UninstallRequest,
    UpgradeRequest,
    values_or_empty,
)

Warn = Callable[[str], None]


class ChartPreparationError(TillerError):
    """The chart's requirements could not be processed (bad values, requirements.yaml)."""


def metadata_message(meta: ChartMetadata) -> metadata_pb2.Metadata:
    """Convert Chart.yaml metadata back to ``hapi.chart.Metadata``."""
    return metadata_pb2.Metadata(
        name=meta.name,
        version=meta.version,
        appVersion=meta.app_version,
        description=meta.description,
        apiVersion=meta.api_version,
        home=meta.home,
        icon=meta.icon,
        engine=meta.engine,
        condition=meta.condition,
        tags=meta.tags,
        tillerVersion=meta.tiller_version,
        kubeVersion=meta.kube_version,
        deprecated=meta.deprecated,
        sources=list(meta.sources),
        keywords=list(meta.keywords),
        maintainers=[
            metadata_pb2.Maintainer(name=m.name, email=m.email, url=m.url) for m in meta.maintainers
        ],
        annotations=dict(meta.annotations),
    )


def chart_message(chart: ChartSource) -> chart_pb2.Chart:
    """Return ``chart`` as a ``hapi.chart.Chart`` message (a message is returned as is)."""
    if isinstance(chart, chart_pb2.Chart):
        return chart
    if not isinstance(chart, Chart):
        raise TypeError(f"expected a chart, got {type(chart).__name__}")
    return chart_pb2.Chart(
        metadata=metadata_message(chart.metadata),
        templates=[template_pb2.Template(name=t.path, data=t.data) for t in chart.templates],
        # Not real Any messages: Helm stores the path in type_url and raw bytes in value.
        files=[any_pb2.Any(type_url=f.path, value=f.data) for f in chart.files],
        values=config_pb2.Config(raw=chart.values),
        dependencies=[chart_message(dep) for dep in chart.dependencies],
    )


def prepare_chart(chart: ChartSource, values: str, warn: Warn | None = None) -> chart_pb2.Chart:
    """Process ``requirements.yaml`` against the user's values, as Helm's client does.

    Returns a processed copy; the caller's chart is left alone.

    Raises:
        ChartPreparationError: with Helm's message (e.g. a YAML error in the values).
    """
    # Deferred: the engine is only needed when a chart is about to be sent.
    from tiller.engine.requirements import process_requirements
    from tiller.engine.values import log_warning

    message = chart_message(chart)
    try:
        return process_requirements(message, values_or_empty(values), warn or log_warning)
    except ValueError as err:  # RequirementsError, ValuesError and YAMLError are ValueErrors
        raise ChartPreparationError(str(err)) from err


def _config(values: str) -> config_pb2.Config:
    return config_pb2.Config(raw=values_or_empty(values))


def install_request(
    req: InstallRequest, chart: chart_pb2.Chart
) -> tiller_pb2.InstallReleaseRequest:
    """Build an InstallReleaseRequest with the prepared ``chart``."""
    return tiller_pb2.InstallReleaseRequest(
        chart=chart,
        values=_config(req.values),
        dry_run=req.dry_run,
        name=req.name,
        disable_hooks=req.disable_hooks,
        namespace=req.namespace,
        reuse_name=req.reuse_name,
        timeout=req.timeout,
        wait=req.wait,
        disable_crd_hook=req.disable_crd_hook,
        description=req.description,
        subNotes=req.sub_notes,
    )


def update_request(req: UpgradeRequest, chart: chart_pb2.Chart) -> tiller_pb2.UpdateReleaseRequest:
    """Build an UpdateReleaseRequest with the prepared ``chart``."""
    return tiller_pb2.UpdateReleaseRequest(
        name=req.name,
        chart=chart,
        values=_config(req.values),
        dry_run=req.dry_run,
        disable_hooks=req.disable_hooks,
        recreate=req.recreate,
        timeout=req.timeout,
        reset_values=req.reset_values,
        wait=req.wait,
        reuse_values=req.reuse_values,
        force=req.force,
        description=req.description,
        subNotes=req.sub_notes,
        cleanup_on_fail=req.cleanup_on_fail,
    )


def rollback_request(req: RollbackRequest) -> tiller_pb2.RollbackReleaseRequest:
    """Build a RollbackReleaseRequest."""
    return tiller_pb2.RollbackReleaseRequest(
        name=req.name,
        dry_run=req.dry_run,
        disable_hooks=req.disable_hooks,
        version=req.revision,
        recreate=req.recreate,
        timeout=req.timeout,
        wait=req.wait,
        force=req.force,
        description=req.description,
        cleanup_on_fail=req.cleanup_on_fail,
    )


def uninstall_request(req: UninstallRequest) -> tiller_pb2.UninstallReleaseRequest:
    """Build an UninstallReleaseRequest."""
    return tiller_pb2.UninstallReleaseRequest(
        name=req.name,
        disable_hooks=req.disable_hooks,
        purge=req.purge,
        timeout=req.timeout,
        description=req.description,
    )


def test_request(req: TestRequest) -> tiller_pb2.TestReleaseRequest:
    """Build a TestReleaseRequest."""
    return tiller_pb2.TestReleaseRequest(
        name=req.name,
        timeout=req.timeout,
        cleanup=req.cleanup,
        parallel=req.parallel,
        max_parallel=req.max_parallel,
        logs=req.logs,
    )


test_request.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
