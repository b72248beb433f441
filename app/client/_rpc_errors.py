"""Turn a failed gRPC call into the typed error a person can act on."""

from __future__ import annotations

import re

import grpc

from app.client.errors import (
    IncompatibleVersionError,
    MessageTooLargeError,
    NoDeployedReleasesError,
    OperationInProgressError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    TillerError,
    TillerTimeoutError,
    TillerUnreachableError,
    TlsError,
)
from app.client.settings import ConnectionSettings

_UNRESOLVED = "the host name could not be resolved"
# Fragments of gRPC core's connection-failure texts, mapped to short reasons.
_CONNECT_REASONS = (
    ("connection refused", "connection refused"),
    ("dns resolution failed", _UNRESOLVED),
    ("errors resolving", _UNRESOLVED),
    ("name or service not known", _UNRESOLVED),
    ("no route to host", "no route to host"),
    ("network is unreachable", "the network is unreachable"),
    ("connection reset", "the connection was reset"),
    ("socket closed", "the server closed the connection"),
    ("timeout occurred", "the connection attempt timed out"),
    ("deadline exceeded", "the connection attempt timed out"),
)
_TLS_MARKERS = ("ssl", "tls", "handshake", "certificate", "tsi_", "hostname verification")


def map_rpc_error(
    err: grpc.aio.AioRpcError,
    settings: ConnectionSettings,
    method: str,
    *,
    release: str | None = None,
    timeout: float | None = None,
) -> TillerError:
    """Return the typed error for ``err`` raised by ``method``.

    Args:
        err: the failed call.
        settings: where we were connecting to and how (for the hints).
        method: the RPC name, e.g. ``"ListReleases"``.
        release: the release name the call was about, if any.
        timeout: the deadline the call had, in seconds.
    """
    code = err.code()
    detail = err.details() or ""
    name = code.name if code is not None else None
    if code == grpc.StatusCode.UNAVAILABLE:
        return _unavailable(detail, settings)
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return TillerTimeoutError(
            f"Tiller at {settings.host} did not answer {method} within {timeout or '?'} s. "
            "Tiller may be overloaded or stuck; try again, or allow more time "
            "(--request-timeout).",
            detail=detail,
            code=name,
        )
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        return MessageTooLargeError(
            f"{detail}. A {method} message exceeds the 20 MiB gRPC limit Helm and Tiller "
            "use; ask for less at once (e.g. a smaller --max for list or history).",
            detail=detail,
            code=name,
        )
    if code == grpc.StatusCode.UNIMPLEMENTED:
        return TillerError(
            f"the server at {settings.host} does not implement {method}: {detail}. "
            "Is it a Helm v2 Tiller, and recent enough?",
            detail=detail,
            code=name,
        )
    parsed = (
        IncompatibleVersionError.parse(detail)
        or ReleaseNotFoundError.parse(detail, release)
        or ReleaseExistsError.parse(detail)
        or NoDeployedReleasesError.parse(detail)
        or OperationInProgressError.parse(detail)
    )
    if parsed is not None:
        return parsed
    # Any other Tiller failure: its text as is, which is what Helm prints.
    return TillerError(detail or f"{method} failed ({name})", detail=detail, code=name)


def _unavailable(detail: str, settings: ConnectionSettings) -> TillerError:
    lowered = detail.lower()
    if settings.tls is not None and any(marker in lowered for marker in _TLS_MARKERS):
        return TlsError(_tls_message(lowered, settings), detail=detail, code="UNAVAILABLE")
    if settings.tls is not None and "socket closed" in lowered:
        # With TLS 1.3 a client learns that its certificate was refused only when the
        # server hangs up right after a handshake that looked successful.
        return TlsError(
            f"Tiller at {settings.host} closed the connection after the TLS handshake; it "
            f"probably refused the client certificate {settings.tls.cert}. If Tiller verifies "
            "clients, pass a certificate signed by Tiller's CA with --tls-cert/--tls-key.",
            detail=detail,
            code="UNAVAILABLE",
        )
    reason = next((text for key, text in _CONNECT_REASONS if key in lowered), "")
    if not reason:
        reason = _last_error(detail) or "the connection failed"
    hint = "Is Tiller running? Set --host or HELM_HOST."
    if reason == _UNRESOLVED:
        hint = "Check the host name in --host or HELM_HOST."
    if settings.tls is None and ("socket closed" in lowered or "end of file" in lowered):
        hint = "If Tiller serves TLS, add --tls or --tls-verify. " + hint
    return TillerUnreachableError(
        f"could not reach Tiller at {settings.host}: {reason}. {hint}",
        detail=detail,
        code="UNAVAILABLE",
    )


def _tls_message(lowered: str, settings: ConnectionSettings) -> str:
    tls = settings.tls
    assert tls is not None
    where = f"TLS with Tiller at {settings.host} failed"
    if "hostname verification" in lowered or "no match found for server name" in lowered:
        return (
            f"{where}: its certificate is not issued for the name checked "
            f"({tls.hostname or settings.host}). Pass --tls-hostname with a name the "
            "certificate carries."
        )
    if "expired" in lowered or "not yet valid" in lowered:
        return f"{where}: its certificate is expired or not yet valid. Renew Tiller's certificate."
    if "certificate required" in lowered or "peer_did_not_return_a_certificate" in lowered:
        return (
            f"{where}: Tiller requires a client certificate signed by its CA. Check "
            f"--tls-cert/--tls-key ({tls.cert}, {tls.key})."
        )
    if "wrong_version_number" in lowered or "packet_length_too_long" in lowered:
        return f"{where}: Tiller does not seem to serve TLS. Drop --tls/--tls-verify."
    if "verify" in lowered or "issuer" in lowered or "unknown ca" in lowered:
        if tls.verify:
            return (
                f"{where}: its certificate is not signed by the CA in {tls.ca_cert}. "
                "Pass the CA that signed Tiller's certificate with --tls-ca-cert."
            )
        return (
            f"{where}: a certificate was rejected. If Tiller verifies clients "
            f"(--tls-verify on Tiller), {tls.cert} must be signed by Tiller's CA."
        )
    return f"{where}. Check the --tls* settings against Tiller's."


def _last_error(detail: str) -> str:
    """The useful tail of gRPC's ``failed to connect ...; last error: ...`` text."""
    found = re.search(r"last error: (?:\w+: )?(?:\S+:\d+: )?(.*)", detail)
    return found.group(1).strip() if found else detail.strip()
