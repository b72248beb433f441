"""The HTTP probe server (``--probe-listen``): ``/readiness`` and ``/liveness``."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _ProbeHandler(BaseHTTPRequestHandler):
    server_version = "tiller-probe"

    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        if self.path in ("/readiness", "/liveness"):
            body = b"OK\n"
            self.send_response(200)
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

    def __init__(self, address: str) -> None:
        host, _, port = address.rpartition(":")
        self._httpd = ThreadingHTTPServer((host or "0.0.0.0", int(port)), _ProbeHandler)
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
