"""The HTTP probe server (``--probe-listen``): ``/readiness`` and ``/liveness``.

``/liveness`` always answers 200, as in Helm. ``/readiness`` answers 200 once Tiller
serves at full speed: with ``--storage-cache`` (the default) that is after the storage
index's first sync, and until then it answers 503 so that Kubernetes (and ``helm``,
which port-forwards only to a ready Tiller pod) wait a few seconds instead of getting
listings served slowly from the API server. Helm's own Tiller is always ready.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Readiness = Callable[[], bool]
"""Answers whether Tiller is ready to serve."""


def always_ready() -> bool:
    """The readiness of a Tiller with nothing to wait for.

    Returns:
        ``True``.
    """
    return True


class _ProbeHTTPServer(ThreadingHTTPServer):
    def __init__(self, address: tuple[str, int], ready: Readiness) -> None:
        super().__init__(address, _ProbeHandler)
        self.ready = ready


class _ProbeHandler(BaseHTTPRequestHandler):
    server_version = "tiller-probe"
    server: _ProbeHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        if self.path == "/liveness" or (self.path == "/readiness" and self.server.ready()):
            body = b"OK\n"
            self.send_response(200)
        elif self.path == "/readiness":
            body = b"storage index not synced yet\n"
            self.send_response(503)
        else:
            body = b"not found\n"
            self.send_response(404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence per-request logging: kubelet probes every few seconds."""


class ProbeServer:
    """Serves the probes on a background thread."""

    def __init__(self, address: str, ready: Readiness = always_ready) -> None:
        """Bind the probe port.

        Args:
            address: ``host:port`` (an empty host means every interface).
            ready: What ``/readiness`` reports.
        """
        host, _, port = address.rpartition(":")
        self._httpd = _ProbeHTTPServer((host or "0.0.0.0", int(port)), ready)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="probes", daemon=True
        )

    @property
    def port(self) -> int:
        """The bound port (useful with port 0)."""
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        """Start serving."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
