"""Build hapi Release messages for tests."""

from __future__ import annotations

from hapi.chart import chart_pb2, config_pb2, metadata_pb2, template_pb2
from hapi.release import info_pb2, release_pb2, status_pb2


def make_release(
    name: str,
    version: int = 1,
    status: str = "DEPLOYED",
    *,
    namespace: str = "default",
    chart: str = "demo",
    chart_version: str = "0.1.0",
    app_version: str = "1.0",
    deployed_at: int = 1_600_000_000,
    manifest: str = "",
) -> release_pb2.Release:
    """A plausible stored release revision."""
    meta = metadata_pb2.Metadata(
        name=chart, version=chart_version, appVersion=app_version, apiVersion="v1"
    )
    rls = release_pb2.Release(
        name=name,
        version=version,
        namespace=namespace,
        chart=chart_pb2.Chart(
            metadata=meta,
            templates=[template_pb2.Template(name="templates/cm.yaml", data=b"kind: ConfigMap")],
            values=config_pb2.Config(raw="replicas: 1\n"),
        ),
        config=config_pb2.Config(raw="{}\n"),
        manifest=manifest,
        info=info_pb2.Info(
            status=status_pb2.Status(code=status_pb2.Status.Code.Value(status), notes="hi"),
            Description="Install complete",
        ),
    )
    rls.info.first_deployed.seconds = deployed_at
    rls.info.last_deployed.seconds = deployed_at + version
    return rls
