"""HTTP(S) downloads for repositories: basic auth, client certificates, custom CA.

Helm v2's ``HttpGetter``: a plain GET, credentials from the repository entry, a TLS
client certificate and CA bundle when configured. Errors carry Helm's wording
(``Failed to fetch <url> : 404 Not Found``) so users can search for them.
"""

from __future__ import annotations

import base64
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from app.repos.errors import HelmError
from app.version import CLIENT_VERSION

DEFAULT_TIMEOUT = 60.0
# A repository answering with more than this is refused rather than exhausting memory.
MAX_DOWNLOAD = 512 * 1024 * 1024


@dataclass(frozen=True)
class Credentials:
    """How to authenticate to one repository.

    Attributes:
        username: basic-auth user ("" for none).
        password: basic-auth password.
        cert_file: client certificate (PEM) presented over TLS.
        key_file: its private key (PEM).
        ca_file: CA bundle used instead of the system's to verify the server.
    """

    username: str = ""
    password: str = ""
    cert_file: str = ""
    key_file: str = ""
    ca_file: str = ""


def _ssl_context(creds: Credentials) -> ssl.SSLContext:
    try:
        ctx = ssl.create_default_context(cafile=creds.ca_file or None)
        if creds.cert_file or creds.key_file:
            ctx.load_cert_chain(creds.cert_file, creds.key_file or None)
    except FileNotFoundError as err:
        raise HelmError(
            f"can't create TLS config for client: open {err.filename}: no such file or directory"
        ) from None
    except (ssl.SSLError, OSError) as err:
        raise HelmError(f"can't create TLS config for client: {err}") from None
    return ctx


def _reason(err: BaseException) -> str:
    if isinstance(err, urllib.error.URLError):
        err = err.reason if isinstance(err.reason, BaseException) else err
    if isinstance(err, ConnectionRefusedError):
        return "connect: connection refused"
    if isinstance(err, socket.gaierror):
        return "no such host"
    if isinstance(err, (TimeoutError, socket.timeout)):
        return "i/o timeout"
    if isinstance(err, ssl.SSLCertVerificationError):
        return f"x509: {err.verify_message}"
    return str(getattr(err, "strerror", None) or err)


def get(url: str, creds: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """GET ``url`` and return the body.

    Raises:
        HelmError: unsupported scheme, unreachable host, TLS failure, non-200 status, or a
            body over :data:`MAX_DOWNLOAD`.
    """
    creds = creds or Credentials()
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme == "file":
        try:
            return Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path)).read_bytes()
        except OSError as err:
            raise HelmError(f"Get {url}: {err.strerror}") from None
    if scheme not in ("http", "https"):
        raise HelmError(f"Could not find protocol handler for: {scheme or url}")
    request = urllib.request.Request(url, headers={"User-Agent": f"Helm/{CLIENT_VERSION[1:]}"})
    if creds.username or creds.password:
        token = base64.b64encode(f"{creds.username}:{creds.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    context = _ssl_context(creds) if scheme == "https" else None
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as resp:  # noqa: S310
            body: bytes = resp.read(MAX_DOWNLOAD + 1)
    except urllib.error.HTTPError as err:
        raise HelmError(f"Failed to fetch {url} : {err.code} {err.reason}") from None
    except (urllib.error.URLError, OSError) as err:
        raise HelmError(f"Get {url}: {_reason(err)}") from None
    if len(body) > MAX_DOWNLOAD:
        raise HelmError(f"Failed to fetch {url} : larger than {MAX_DOWNLOAD} bytes")
    return body
