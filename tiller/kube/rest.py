"""A thin JSON client for the Kubernetes REST API, with errors users can read.

Release operations talk to arbitrary kinds (CRDs included), so they use paths from
discovery rather than the typed client. Every request has a timeout, so a dead API
server yields an error instead of a hang; an API refusal carries the server's own
``Status.message`` (what ``kubectl`` and Helm print).
"""

from __future__ import annotations

import http.client
import json
import logging
import ssl
from collections.abc import Sequence
from typing import Any

import urllib3.exceptions

from tiller.errors import KubeUnavailableError, TillerError
from tiller.kube.connection import KubeConnection

log = logging.getLogger(__name__)

Obj = dict[str, Any]
Query = Sequence[tuple[str, str | int | bool]]
Timeout = float | tuple[float, float]

# (connect, read): give up quickly on an unreachable server, let big lists take time.
DEFAULT_TIMEOUT: Timeout = (10.0, 60.0)
JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json"


class KubeApiError(TillerError):
    """The API server answered with an error status; ``str()`` is its message."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message

    @property
    def not_found(self) -> bool:
        """HTTP 404."""
        return self.status == 404

    @property
    def conflict(self) -> bool:
        """HTTP 409 (already exists, or a conflicting update)."""
        return self.status == 409


def _error_from(status: int, reason: str, data: bytes) -> KubeApiError:
    try:
        body = json.loads(data) if data else None
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("message"):
        return KubeApiError(status, str(body.get("reason") or reason), str(body["message"]))
    text = data.decode("utf-8", "replace").strip() if data else ""
    return KubeApiError(status, reason, text or f"the server responded with {status} {reason}")


class ApiConnectionError(KubeUnavailableError):
    """No answer from the API server: refused, reset, closed mid-request or timed out.

    Unlike :class:`KubeApiError` the server said nothing, so a write may or may not
    have happened; a read can simply be tried again once the server is back.
    """


# HTTP statuses of an API server that is starting, overloaded or cut from etcd: worth
# asking again (Helm 3's wait retries the same ones).
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_transient(err: Exception) -> bool:
    """Whether ``err`` says the API server is (briefly) unavailable, not that it refused."""
    if isinstance(err, ApiConnectionError):
        return True
    return isinstance(err, KubeApiError) and err.status in RETRYABLE_STATUSES


def _causes(err: BaseException) -> list[BaseException]:
    """``err`` and what it wraps, outermost first (urllib3 nests up to three levels)."""
    chain = [err]
    while len(chain) < 8:
        last = chain[-1]
        inner = getattr(last, "reason", None)
        if not isinstance(inner, BaseException):
            args = last.args if isinstance(last, urllib3.exceptions.ProtocolError) else ()
            inner = next((a for a in args if isinstance(a, BaseException)), None)
        inner = inner or last.__cause__ or last.__context__
        if inner is None or inner in chain:
            break
        chain.append(inner)
    return chain


def connection_problem(err: BaseException) -> tuple[bool, str]:
    """What went wrong with the connection, in words a user can act on.

    Returns:
        (whether the server was never reached, the problem), e.g.
        ``(True, "connection refused")`` or ``(False, "connection reset by peer")``.
    """
    chain = _causes(err)
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: test it first.
    never = any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain)
    inner = chain[-1]
    if isinstance(inner, ConnectionRefusedError):
        return True, "connection refused"
    if isinstance(inner, (http.client.RemoteDisconnected, ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return never, "the server closed the connection (EOF)"
    if isinstance(inner, ssl.SSLCertVerificationError):
        return True, f"TLS: {inner.verify_message or inner.reason}"
    if not never:
        for e in chain:
            if isinstance(e, urllib3.exceptions.ConnectTimeoutError):
                return True, "connection timed out"
            if isinstance(e, urllib3.exceptions.ReadTimeoutError):
                read = str(e).rpartition("read timeout=")[2].rstrip(")")
                return False, f"no response within {read} s (read timeout)"
    if isinstance(inner, OSError) and inner.strerror:
        return never, inner.strerror[:1].lower() + inner.strerror[1:]
    return never, str(inner) or type(inner).__name__


def _unreachable(method: str, url: str, err: Exception) -> ApiConnectionError:
    never_reached, problem = connection_problem(err)
    what = (
        "cannot reach the Kubernetes API server"
        if never_reached
        else "lost the connection to the Kubernetes API server"
    )
    return ApiConnectionError(f'{what}: {method} "{url}": {problem}')


class Rest:
    """JSON requests against the API server of a :class:`KubeConnection`."""

    def __init__(self, connection: KubeConnection, timeout: Timeout = DEFAULT_TIMEOUT) -> None:
        self._connection = connection
        self._timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Query = (),
        body: Any = None,
        content_type: str = JSON,
        timeout: Timeout | None = None,
    ) -> Obj:
        """Send one request and return the decoded JSON object.

        Raises:
            KubeApiError: the API server answered with an error status.
            KubeUnavailableError: no configuration.
            ApiConnectionError: the server cannot be reached (or the connection broke).
        """
        data = self.raw(
            method, path, query=query, body=body, content_type=content_type, timeout=timeout
        )
        try:
            obj = json.loads(data) if data else {}
        except ValueError as err:
            raise TillerError(f"malformed response from the Kubernetes API: {err}") from err
        return obj if isinstance(obj, dict) else {"items": obj}

    def raw(
        self,
        method: str,
        path: str,
        *,
        query: Query = (),
        body: Any = None,
        content_type: str = JSON,
        timeout: Timeout | None = None,
        accept: str = JSON,
    ) -> bytes:
        """Send one request and return the response body.

        Raises:
            KubeApiError: the API server answered with an error status.
            KubeUnavailableError: no configuration.
            ApiConnectionError: the server cannot be reached (or the connection broke).
        """
        api = self._connection.api_client()
        headers = {"Accept": accept, "Content-Type": content_type}
        params = [(k, str(v).lower() if isinstance(v, bool) else v) for k, v in query]
        method, url, headers, _, _ = api.param_serialize(
            method,
            path,
            query_params=params or None,
            header_params=headers,
            auth_settings=["BearerToken"],
        )
        try:
            response = api.rest_client.request(
                method,
                url,
                headers=headers,
                body=body,
                _request_timeout=timeout or self._timeout,
            )
            try:
                data: bytes = response.read() or b""
            finally:
                response.response.release_conn()
        except (urllib3.exceptions.HTTPError, OSError) as err:
            raise _unreachable(method, url, err) from err
        if not 200 <= response.status <= 299:
            raise _error_from(int(response.status), str(response.reason or ""), data)
        return data
