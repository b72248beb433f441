"""The REST layer: API refusals keep the server's message; a dead server fails fast."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.tiller_process import free_port
from tests.unit.tiller.kube.conftest import RestAt
from tiller.errors import KubeUnavailableError
from tiller.kube.discovery import Discovery, UnknownKindError
from tiller.kube.rest import KubeApiError, Rest


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, code: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        assert self.headers["Authorization"] == "Bearer t0ken"
        if self.path == "/apis/x.io/v1":
            self._send(
                200,
                {
                    "resources": [
                        {"name": "widgets", "kind": "Widget", "namespaced": True},
                        {"name": "widgets/status", "kind": "Widget", "namespaced": True},
                    ]
                },
            )
        elif self.path == "/api/v1/namespaces/ns/secrets/s":
            self._send(
                403,
                {
                    "kind": "Status",
                    "reason": "Forbidden",
                    "message": 'secrets "s" is forbidden: no',
                },
            )
        else:
            self._send(404, {"kind": "Status", "message": "the server could not find it"})


@pytest.fixture
def server(rest_at: RestAt) -> Iterator[Rest]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield rest_at(httpd.server_address[1])
    finally:
        httpd.shutdown()


def test_api_refusal_carries_the_server_message(server: Rest) -> None:
    with pytest.raises(KubeApiError) as err:
        server.request("GET", "/api/v1/namespaces/ns/secrets/s")
    assert (err.value.status, str(err.value)) == (403, 'secrets "s" is forbidden: no')


def test_discovery_finds_kinds_and_refuses_unknown_ones(server: Rest) -> None:
    discovery = Discovery(server)
    res = discovery.resource("x.io/v1", "Widget")
    assert (res.plural, res.namespaced, res.path("ns", "w")) == (
        "widgets",
        True,
        "/apis/x.io/v1/namespaces/ns/widgets/w",
    )
    with pytest.raises(UnknownKindError) as err:
        discovery.resource("y.io/v1", "Gadget")
    assert str(err.value) == (
        'unable to recognize "": no matches for kind "Gadget" in version "y.io/v1"'
    )


def test_dead_server_fails_fast(rest_at: RestAt) -> None:
    rest = rest_at(free_port())
    started = time.monotonic()
    with pytest.raises(KubeUnavailableError) as err:
        rest.request("GET", "/version")
    assert time.monotonic() - started < 10
    assert "Connection refused" in str(err.value) or "connection refused" in str(err.value)
