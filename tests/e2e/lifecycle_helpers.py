"""Shared plumbing of the lifecycle e2e tests: a real tiller process, charts, live objects."""

from __future__ import annotations

import base64
import gzip
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from hapi.chart import chart_pb2, config_pb2
from hapi.release import release_pb2, status_pb2
from hapi.services import tiller_pb2, tiller_pb2_grpc
from kubernetes import client

from app.charts.loader import load
from tests.cluster import KubeCluster, wait_for_service_account
from tests.e2e.tiller_process import TillerProcess, run_tiller

HEADER = (("x-helm-api-client", "v2.17.0"),)
CHARTS = Path(__file__).resolve().parents[2] / "examples" / "charts"
S = status_pb2.Status


def chart(name: str) -> chart_pb2.Chart:
    """One of examples/charts, loaded as the helm client sends it."""
    return load(str(CHARTS / name))


def values(raw: str = "{}\n") -> config_pb2.Config:
    """A values Config."""
    return config_pb2.Config(raw=raw)


@dataclass
class Lab:
    """A tiller process on the local cluster, its storage namespace and a release namespace."""

    cluster: KubeCluster
    api: client.ApiClient
    storage_ns: str
    ns: str
    tmp_path: Path
    tiller: TillerProcess | None = None
    channel: grpc.Channel | None = None

    @property
    def core(self) -> client.CoreV1Api:
        return client.CoreV1Api(self.api)

    @property
    def apps(self) -> client.AppsV1Api:
        return client.AppsV1Api(self.api)

    @property
    def batch(self) -> client.BatchV1Api:
        return client.BatchV1Api(self.api)

    @property
    def stub(self) -> tiller_pb2_grpc.ReleaseServiceStub:
        assert self.channel is not None
        return tiller_pb2_grpc.ReleaseServiceStub(self.channel)

    @contextmanager
    def running(self, *args: str) -> Iterator[TillerProcess]:
        """Run tiller (configmap storage in ``storage_ns``) for the block."""
        env = {**self.cluster.env, "TILLER_NAMESPACE": self.storage_ns}
        with run_tiller(self.tmp_path, "--storage", "configmap", *args, env=env) as proc:
            self.tiller = proc
            self.channel = grpc.insecure_channel(proc.address)
            try:
                yield proc
            finally:
                self.channel.close()

    # -- RPCs --------------------------------------------------------------------------
    def install(
        self, name: str, chart_name: str, raw: str = "{}\n", **kw: Any
    ) -> release_pb2.Release:
        req = tiller_pb2.InstallReleaseRequest(
            name=name,
            namespace=kw.pop("namespace", self.ns),
            chart=chart(chart_name),
            values=values(raw),
            timeout=kw.pop("timeout", 60),
            **kw,
        )
        return self.stub.InstallRelease(req, metadata=HEADER, timeout=120).release

    def upgrade(
        self, name: str, chart_name: str, raw: str = "{}\n", **kw: Any
    ) -> release_pb2.Release:
        req = tiller_pb2.UpdateReleaseRequest(
            name=name,
            chart=chart(chart_name),
            values=values(raw),
            timeout=kw.pop("timeout", 60),
            **kw,
        )
        return self.stub.UpdateRelease(req, metadata=HEADER, timeout=120).release

    def rollback(self, name: str, version: int = 0, **kw: Any) -> release_pb2.Release:
        req = tiller_pb2.RollbackReleaseRequest(name=name, version=version, timeout=60, **kw)
        return self.stub.RollbackRelease(req, metadata=HEADER, timeout=120).release

    def uninstall(self, name: str, **kw: Any) -> tiller_pb2.UninstallReleaseResponse:
        req = tiller_pb2.UninstallReleaseRequest(name=name, timeout=60, **kw)
        return self.stub.UninstallRelease(req, metadata=HEADER, timeout=120)

    # -- what is stored and what is live -----------------------------------------------
    def records(self, name: str) -> dict[int, tuple[str, release_pb2.Release]]:
        """Stored revisions straight from the ConfigMaps: version → (STATUS label, release)."""
        found = self.core.list_namespaced_config_map(
            self.storage_ns, label_selector=f"NAME={name},OWNER=TILLER"
        ).items
        out = {}
        for cm in found:
            rel = release_pb2.Release.FromString(
                gzip.decompress(base64.b64decode(cm.data["release"]))
            )
            assert cm.metadata.name == f"{name}.v{rel.version}"
            assert cm.metadata.labels["VERSION"] == str(rel.version)
            assert cm.metadata.labels["STATUS"] == S.Code.Name(rel.info.status.code)
            out[rel.version] = (cm.metadata.labels["STATUS"], rel)
        return out

    def statuses(self, name: str) -> dict[int, str]:
        return {v: s for v, (s, _) in self.records(name).items()}

    def configmap(self, name: str, ns: str | None = None) -> dict[str, str] | None:
        try:
            cm = self.core.read_namespaced_config_map(name, ns or self.ns)
        except client.ApiException as err:
            if err.status == 404:
                return None
            raise
        return dict(cm.data or {})

    def exists(self, read: Any, name: str, ns: str | None = None) -> bool:
        try:
            obj = read(name, ns or self.ns)
        except client.ApiException as err:
            if err.status == 404:
                return False
            raise
        # Background deletion may leave an object with a deletion timestamp for a moment.
        return obj.metadata.deletion_timestamp is None


def new_namespace(api: client.ApiClient, prefix: str) -> str:
    """Create a namespace that pods can run in (its ServiceAccount token exists)."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    client.CoreV1Api(api).create_namespace({"metadata": {"name": name}})
    wait_for_service_account(api, name)
    return name


def delete_namespace(api: client.ApiClient, name: str) -> None:
    try:
        client.CoreV1Api(api).delete_namespace(name)
    except client.ApiException as err:
        if err.status != 404:
            raise


@contextmanager
def lab_namespaces(cluster: KubeCluster, tmp_path: Path, prefix: str) -> Iterator[Lab]:
    """A Lab in fresh namespaces (Tiller's storage and ``prefix-...`` for the apps).

    Both namespaces are deleted afterwards. The test (or fixture) starts Tiller itself.
    """
    api = cluster.api_client()
    storage_ns, ns = new_namespace(api, "tiller"), new_namespace(api, prefix)
    try:
        yield Lab(cluster, api, storage_ns, ns, tmp_path)
    finally:
        delete_namespace(api, storage_ns)
        delete_namespace(api, ns)
        api.close()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
