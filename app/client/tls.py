"""gRPC channel credentials for Helm's two TLS modes (spec §2.5).

``--tls-verify`` maps directly onto gRPC: Tiller's certificate is checked against the CA.

``--tls`` in Helm means "encrypt, present the client certificate, but trust whatever
certificate Tiller shows" (Go's ``InsecureSkipVerify``). gRPC Python has no switch for
that. Instead we do what the switch amounts to, explicitly: one TLS handshake with the
standard ``ssl`` module that skips verification, to fetch the certificate Tiller presents;
then the gRPC connection trusts exactly that certificate (pinned as its only root) under a
name the certificate carries. Differences from Go, both on the safe side: a certificate
that changes between the two handshakes is rejected, and so is an expired or not yet valid
one (gRPC always checks validity dates; the error says so).
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from pathlib import Path

import grpc

from app.client._x509 import CertificateParseError, certificate_names
from app.client.errors import TillerUnreachableError, TlsError
from app.client.settings import TlsSettings, split_host


@dataclass(frozen=True)
class TlsChannel:
    """What ``grpc.aio.secure_channel`` needs: credentials plus channel options."""

    credentials: grpc.ChannelCredentials
    options: tuple[tuple[str, str], ...]


def _read(path: Path, what: str, flag: str, env: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise TlsError(
            f"cannot read the TLS {what} {path}: {err.strerror or err}. "
            f"Pass {flag} or set {env} to the right file.",
            detail=str(err),
        ) from err


def _client_pair(tls: TlsSettings) -> tuple[bytes, bytes]:
    # Helm loads the client pair in both modes (defaults: $HELM_HOME/cert.pem, key.pem).
    cert = _read(tls.cert, "client certificate", "--tls-cert", "HELM_TLS_CERT")
    key = _read(tls.key, "client key", "--tls-key", "HELM_TLS_KEY")
    return cert, key


async def tls_channel(host: str, tls: TlsSettings, timeout: float) -> TlsChannel:
    """Build credentials for ``host`` (``host:port``) in the mode ``tls`` asks for.

    Raises:
        TlsError: files are unreadable, or (``--tls``) the certificate fetch failed.
        TillerUnreachableError: (``--tls``) Tiller could not be reached to fetch it.
    """
    cert, key = _client_pair(tls)
    if tls.verify:
        root = _read(tls.ca_cert, "CA certificate", "--tls-ca-cert", "HELM_TLS_CA_CERT")
        options = (("grpc.ssl_target_name_override", tls.hostname),) if tls.hostname else ()
        return TlsChannel(grpc.ssl_channel_credentials(root, key, cert), options)

    der = await fetch_server_certificate(host, tls, timeout)
    name = _name_to_verify(der, tls.hostname, split_host(host)[0])
    pinned = ssl.DER_cert_to_PEM_cert(der).encode()
    return TlsChannel(
        grpc.ssl_channel_credentials(pinned, key, cert),
        (("grpc.ssl_target_name_override", name),),
    )


async def fetch_server_certificate(host: str, tls: TlsSettings, timeout: float) -> bytes:
    """Handshake with Tiller without verifying it and return its certificate (DER)."""
    address, port = split_host(host)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # Tiller's minimum too
    context.set_alpn_protocols(["h2"])
    try:
        # Present the client certificate here too: a Tiller started with --tls-verify
        # aborts a handshake without one before we could see its certificate (TLS 1.2).
        context.load_cert_chain(tls.cert, tls.key)
    except (OSError, ssl.SSLError) as err:
        raise TlsError(
            f"cannot load the TLS client certificate {tls.cert} with key {tls.key}: {err}. "
            "Check --tls-cert/--tls-key (HELM_TLS_CERT/HELM_TLS_KEY).",
            detail=str(err),
        ) from err
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(
                address, port, ssl=context, server_hostname=tls.hostname or address
            ),
            timeout,
        )
    except ssl.SSLError as err:
        advice = f"{err.reason or err}. Check the --tls* settings against Tiller's."
        if err.reason in ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"):
            advice = "Tiller does not seem to serve TLS. Drop --tls (and HELM_TLS_ENABLE)."
        raise TlsError(f"TLS with Tiller at {host} failed: {advice}", detail=str(err)) from err
    except (OSError, TimeoutError) as err:
        reason = "timed out" if isinstance(err, TimeoutError) else (err.strerror or str(err))
        raise TillerUnreachableError(
            f"could not reach Tiller at {host}: {reason}. Is Tiller running? "
            "Set --host or HELM_HOST.",
            detail=str(err),
        ) from err
    try:
        ssl_object = writer.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object else None
    finally:
        writer.close()
    if not der:
        raise TlsError(f"Tiller at {host} presented no TLS certificate.")
    return bytes(der)


def _name_to_verify(der: bytes, wanted: str, dialled: str) -> str:
    """Pick the name gRPC checks the pinned certificate against: one it carries."""
    try:
        names = certificate_names(der)
    except CertificateParseError as err:
        raise TlsError(f"cannot read Tiller's TLS certificate: {err}.") from err
    for candidate in (wanted, dialled):
        if candidate and any(_matches(name, candidate) for name in names):
            return candidate
    plain = [name for name in names if "*" not in name]
    if not plain:
        raise TlsError(
            "Tiller's TLS certificate names no usable host "
            f"({', '.join(names) or 'none'}); use --tls-verify with --tls-hostname instead."
        )
    return plain[0]


def _matches(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower(), host.lower()
    if pattern.startswith("*."):
        head, _, rest = host.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == host
