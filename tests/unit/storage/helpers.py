"""Release builders shared by the storage tests."""

from __future__ import annotations

from hapi.release import release_pb2, status_pb2

Code = status_pb2.Status.Code


def rel(
    name: str = "foo",
    version: int = 1,
    status: str = "DEPLOYED",
    namespace: str = "default",
    *,
    chart: str = "mychart",
    last_deployed: int = 1_600_000_000,
) -> release_pb2.Release:
    r = release_pb2.Release(name=name, version=version, namespace=namespace)
    r.info.status.code = Code.Value(status)
    r.info.last_deployed.seconds = last_deployed
    r.info.Description = "Install complete"
    r.chart.metadata.name = chart
    r.chart.metadata.version = "0.1.0"
    r.config.raw = "replicas: 2\n"
    r.manifest = f"---\n# Source: {chart}/templates/cm.yaml\nkind: ConfigMap\n"
    return r
