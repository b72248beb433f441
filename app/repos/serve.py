"""``helm serve``: a local HTTP chart repository over a directory of chart archives.

Routes as Helm v2's ``RepositoryServer``: ``/``, ``/charts/``, ``/charts/index.html`` and
``/charts/index`` show an HTML listing; any other path serves a file of the directory (a
``/charts/`` prefix is stripped). Helm indexes once at start; we also re-index whenever
the set of archives changes, so charts copied in while serving show up. Requests never
reach outside the directory.
"""

from __future__ import annotations

import html
import os
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from app.repos.errors import HelmError
from app.repos.index import IndexFile, parse_index
from app.repos.indexer import chart_archives, write_directory_index

_LISTING = ("/", "/charts/", "/charts/index.html", "/charts/index")


class ChartRepository:
    """The served directory and its index, kept current.

    Attributes:
        root: the directory served.
        base_url: the URL prefix written into index entries.
    """

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root.resolve()
        self.base_url = base_url
        self._lock = threading.Lock()
        self._signature: tuple[tuple[str, int, int], ...] | None = None

    def _current_signature(self) -> tuple[tuple[str, int, int], ...]:
        out = []
        for p in chart_archives(self.root):
            st = p.stat()
            out.append((str(p), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def refresh(self) -> bool:
        """Re-index when archives were added, removed or changed; return whether it did."""
        with self._lock:
            signature = self._current_signature()
            if signature == self._signature:
                return False
            index_path = self.root / "index.yaml"
            # Merging the previous index keeps the "created" times of unchanged charts;
            # versions whose archive disappeared are dropped first.
            keep = index_path if index_path.exists() and self._signature is not None else None
            if keep is not None:
                present = {os.path.basename(s[0]) for s in signature}
                old = parse_index(keep.read_bytes(), str(keep))
                old.entries = {
                    name: [cv for cv in versions if _archive_name(cv) in present]
                    for name, versions in old.entries.items()
                }
                old.save(keep)
            write_directory_index(self.root, self.base_url, keep)
            self._signature = signature
            return True

    def index(self) -> IndexFile:
        """The current index."""
        path = self.root / "index.yaml"
        return parse_index(path.read_bytes(), str(path))

    def file(self, url_path: str) -> Path | None:
        """The file a request path names, or ``None`` when missing or outside the root."""
        rel = urllib.parse.unquote(url_path).removeprefix("/charts/").lstrip("/")
        if "\x00" in rel:
            return None
        target = (self.root / rel).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        return target if target.is_file() else None


def _archive_name(cv: dict[str, object]) -> str:
    urls = cv.get("urls") or []
    first = str(urls[0]) if isinstance(urls, list) and urls else ""
    return os.path.basename(urllib.parse.urlsplit(first).path)


def listing_html(index: IndexFile) -> str:
    """The HTML page Helm's server shows at ``/`` (names sorted, as Go ranges a map)."""
    items = []
    for name in sorted(index.entries):
        versions = "".join(
            f'\n    <li><a href="{html.escape(str((cv.get("urls") or [""])[0]))}">'
            f"{html.escape(str(cv.get('name', '')))}-{html.escape(str(cv.get('version', '')))}"
            "</a></li>\n  "
            for cv in index.entries[name]
        )
        items.append(f"\n  <li>{html.escape(name)}<ul>{versions}</ul>\n  </li>\n")
    return (
        "\n<html>\n<head>\n\t<title>Helm Repository</title>\n</head>\n"
        "<h1>Helm Charts Repository</h1>\n<ul>\n" + "".join(items) + "\n</ul>\n<body>\n"
        f"<p>Last Generated: {html.escape(index.generated)}</p>\n</body>\n</html>\n"
    )


def make_handler(repo: ChartRepository, quiet: bool = True) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``repo``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "helm-tui"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
            if not quiet:
                super().log_message(format, *args)

        def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
            self.do_GET()

        def do_GET(self) -> None:  # noqa: N802 - stdlib naming
            path = urllib.parse.urlsplit(self.path).path
            try:
                repo.refresh()
                if path in _LISTING:
                    page = listing_html(repo.index()).encode()
                    self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")
                    return
            except (HelmError, OSError) as err:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"{err}\n".encode(), "text/plain")
                return
            target = repo.file(path)
            if target is None:
                not_found = b"404 page not found\n"
                self._send(HTTPStatus.NOT_FOUND, not_found, "text/plain; charset=utf-8")
                return
            kind = "application/x-yaml" if target.suffix == ".yaml" else "application/gzip"
            if target.suffix not in (".yaml", ".tgz"):
                kind = "application/octet-stream"
            self._send(HTTPStatus.OK, target.read_bytes(), kind)

    return Handler


def split_address(address: str) -> tuple[str, int]:
    """``host:port`` -> parts (empty host means all interfaces, as in Go).

    Raises:
        HelmError: malformed address.
    """
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise HelmError(f"listen tcp: address {address}: missing port in address")
    return host.strip("[]"), int(port)


def make_server(repo: ChartRepository, address: str, quiet: bool = True) -> ThreadingHTTPServer:
    """Bind the server (not yet serving).

    Raises:
        HelmError: the address cannot be bound.
    """
    host, port = split_address(address)
    try:
        return ThreadingHTTPServer((host, port), make_handler(repo, quiet))
    except OSError as err:
        raise HelmError(f"listen tcp {address}: bind: {err.strerror}") from None
