"""Test helpers: a chart factory and an in-process HTTP(S) file server with optional auth."""

from __future__ import annotations

import base64
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from app.charts.create import create
from app.charts.package import package


def make_chart(parent: Path, name: str, version: str = "0.1.0", **extra: str) -> Path:
    """Scaffold a chart and set its version (and other Chart.yaml fields)."""
    parent.mkdir(parents=True, exist_ok=True)
    chart = create(name, parent)
    text = (chart / "Chart.yaml").read_text().replace("version: 0.1.0", f"version: {version}")
    for key, value in extra.items():
        text += f"{key}: {value}\n"
    (chart / "Chart.yaml").write_text(text)
    return chart


def make_archive(work: Path, dest: Path, name: str, version: str = "0.1.0", **extra: str) -> Path:
    """Package a fresh chart into ``dest``."""
    chart = make_chart(work / f"{name}-{version}", name, version, **extra)
    return package(chart, dest).archive


@dataclass
class Served:
    url: str
    root: Path
    requests: list[str]


@contextmanager
def serve_dir(
    root: Path,
    *,
    auth: tuple[str, str] | None = None,
    tls: Any = None,
    require_client_cert: bool = False,
) -> Iterator[Served]:
    """Serve ``root`` on 127.0.0.1 (random port) until the block ends."""
    seen: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            seen.append(self.path)
            if auth is not None:
                token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {token}":
                    self.send_error(401, "Unauthorized")
                    return
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    scheme = "http"
    if tls is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls.server_cert, tls.server_key)
        if require_client_cert:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(tls.ca)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"{scheme}://127.0.0.1:{server.server_address[1]}", root, seen)
    finally:
        server.shutdown()
        server.server_close()
