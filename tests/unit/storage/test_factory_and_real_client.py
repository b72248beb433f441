"""The storage factory, and the drivers driving the real ``kubernetes`` client.

The real client talks to a tiny local HTTP server here, proving the kwargs we pass
(``_preload_content``, ``_request_timeout``, ``limit``, ``_continue``) are accepted and
that raw responses and errors come back in the shape the drivers expect.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from kubernetes import client

from tiller.storage import (
    ConfigMapsDriver,
    MemoryDriver,
    ReleaseNotFoundError,
    SecretsDriver,
    Selector,
    StorageApiError,
    StorageUnavailableError,
    codec,
)
from tiller.storage.factory import LazyCoreV1Api, open_storage

from .helpers import rel


class _Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str, dict[str, list[str]]]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, code: int, obj: Any) -> None:
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        query = parse_qs(url.query)
        self.requests.append(("GET", url.path, query))
        if url.path == "/api/v1/namespaces/ns/configmaps":
            token = query.get("continue", ["0"])[0]
            n = int(token)
            item = {
                "metadata": {
                    "name": f"r{n}.v1",
                    "labels": {"NAME": f"r{n}", "VERSION": "1", "STATUS": "DEPLOYED"},
                },
                "data": {"release": codec.encode(rel(f"r{n}", 1))},
            }
            meta = {"continue": str(n + 1)} if n < 2 else {}
            self._send(200, {"kind": "ConfigMapList", "metadata": meta, "items": [item]})
        elif url.path == "/api/v1/namespaces/ns/secrets":
            self._send(
                403,
                {
                    "kind": "Status",
                    "code": 403,
                    "reason": "Forbidden",
                    "message": 'secrets is forbidden: User "tiller" cannot list',
                },
            )
        else:
            self._send(
                404, {"kind": "Status", "code": 404, "reason": "NotFound", "message": "not found"}
            )


@pytest.fixture
def real_api() -> Iterator[client.CoreV1Api]:
    _Handler.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    cfg = client.Configuration()
    cfg.host = f"http://127.0.0.1:{server.server_address[1]}"
    api_client = client.ApiClient(cfg)
    try:
        yield client.CoreV1Api(api_client)
    finally:
        api_client.close()
        server.shutdown()
        server.server_close()


def test_real_client_paging_and_errors(real_api: client.CoreV1Api) -> None:
    cm = ConfigMapsDriver(real_api, "ns", page_size=1)
    recs = cm.list_records(Selector.tiller(statuses=["DEPLOYED", "FAILED"]))
    assert [r.key for r in recs] == ["r0.v1", "r1.v1", "r2.v1"]
    assert recs[2].release().name == "r2"
    lists = [q for m, p, q in _Handler.requests if p.endswith("/configmaps")]
    assert lists[0]["labelSelector"] == ["OWNER=TILLER,STATUS in (DEPLOYED,FAILED)"]
    assert lists[0]["limit"] == ["1"]
    assert [q.get("continue") for q in lists] == [None, ["1"], ["2"]]
    with pytest.raises(ReleaseNotFoundError, match='^release: "x.v1" not found$'):
        cm.get("x.v1")
    with pytest.raises(StorageApiError, match="^secrets is forbidden") as info:
        SecretsDriver(real_api, "ns").list_records(Selector.tiller())
    assert info.value.status == 403


def test_real_client_unreachable_server() -> None:
    cfg = client.Configuration()
    cfg.host = "http://127.0.0.1:1"
    cfg.retries = 0
    api = client.CoreV1Api(client.ApiClient(cfg))
    with pytest.raises(StorageUnavailableError, match="^storage unavailable: cannot reach"):
        ConfigMapsDriver(api, "ns").get("foo.v1")


class _Source:
    def __init__(self, api_client: Any = None, error: Exception | None = None) -> None:
        self.calls = 0
        self._client = api_client
        self._error = error

    def api_client(self) -> Any:
        self.calls += 1
        if self._error:
            raise self._error
        return self._client


def test_open_storage_kinds() -> None:
    assert isinstance(open_storage("memory", None, "kube-system").driver, MemoryDriver)
    src = _Source(client.ApiClient(client.Configuration()))
    s = open_storage("configmap", src, "kube-system", 5)
    assert isinstance(s.driver, ConfigMapsDriver)
    assert s.max_history == 5
    assert src.calls == 0  # nothing touches Kubernetes until an operation needs it
    assert isinstance(open_storage("secret", src, "x").driver, SecretsDriver)
    with pytest.raises(ValueError):
        open_storage("sql", src, "x")


def test_lazy_api_reports_missing_cluster_as_storage_error() -> None:
    lazy = LazyCoreV1Api(_Source(error=RuntimeError("no Kubernetes cluster configured")))
    with pytest.raises(
        StorageUnavailableError, match="^storage unavailable: no Kubernetes cluster configured$"
    ):
        ConfigMapsDriver(lazy, "ns").get("foo.v1")


def test_lazy_api_forwards_to_core_v1(real_api: client.CoreV1Api) -> None:
    src = _Source(real_api.api_client)
    drv = ConfigMapsDriver(LazyCoreV1Api(src), "ns", page_size=5)
    assert len(drv.list_records(Selector.tiller())) == 3
    assert src.calls == 1
