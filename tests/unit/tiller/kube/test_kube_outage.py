"""An API server that stops answering: clear connection errors, waits that ride it out."""

from __future__ import annotations

import re
import socket
import struct
import threading
from collections.abc import Callable

import pytest

from tests.e2e.tiller_process import free_port
from tests.unit.tiller.kube.conftest import RestAt
from tiller.errors import TillerError
from tiller.kube.rest import ApiConnectionError, KubeApiError, is_transient
from tiller.kube.wait import WaitTimeoutError, poll


def _serve(behave: Callable[[socket.socket], None]) -> int:
    """A TCP server on a free port treating each connection with ``behave``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def run() -> None:
        while True:
            conn, _ = listener.accept()
            behave(conn)

    threading.Thread(target=run, daemon=True).start()
    return int(listener.getsockname()[1])


def _reset(conn: socket.socket) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _close_after_request(conn: socket.socket) -> None:
    conn.recv(65536)
    conn.close()


_silent: list[socket.socket] = []


@pytest.mark.parametrize(
    ("method", "make_port", "timeout", "expected"),
    [
        (
            "GET",
            free_port,
            10.0,
            "cannot reach the Kubernetes API server: {call}: connection refused",
        ),
        (
            "GET",
            lambda: _serve(_reset),
            10.0,
            # Over plain HTTP the reset may come before or after the request was sent.
            "{either}: {call}: connection reset by peer",
        ),
        (
            "PATCH",
            lambda: _serve(_close_after_request),
            10.0,
            "lost the connection to the Kubernetes API server: {call}: "
            "the server closed the connection (EOF)",
        ),
        (
            "GET",
            lambda: _serve(_silent.append),
            0.2,
            "lost the connection to the Kubernetes API server: {call}: "
            "no response within 0.2 s (read timeout)",
        ),
    ],
    ids=["refused", "reset", "closed-mid-request", "silent"],
)
def test_connection_failures_say_what_happened(
    rest_at: RestAt, method: str, make_port: Callable[[], int], timeout: float, expected: str
) -> None:
    port = make_port()
    rest = rest_at(port, timeout=(10.0, timeout))
    with pytest.raises(ApiConnectionError) as err:
        rest.request(
            method, "/api/v1/namespaces/ns/configmaps/c", body={} if method != "GET" else None
        )
    call = f'{method} "http://127.0.0.1:{port}/api/v1/namespaces/ns/configmaps/c"'
    either = "(cannot reach|lost the connection to) the Kubernetes API server"
    pattern = re.escape(expected.format(call=call, either="EITHER")).replace("EITHER", either)
    assert re.fullmatch(pattern, str(err.value)), str(err.value)
    assert is_transient(err.value)


def test_transient_means_no_answer_or_a_server_side_status() -> None:
    assert is_transient(KubeApiError(503, "ServiceUnavailable", "apiserver is starting"))
    assert is_transient(KubeApiError(429, "TooManyRequests", "slow down"))
    assert not is_transient(KubeApiError(403, "Forbidden", "no"))
    assert not is_transient(KubeApiError(404, "NotFound", "gone"))
    assert not is_transient(TillerError("Job failed: BackoffLimitExceeded"))


def _checks(*outcomes: bool | Exception) -> Callable[[], bool]:
    """A check returning or raising each outcome in turn (the last one repeats)."""
    queue = list(outcomes)

    def check() -> bool:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    return check


GONE = ApiConnectionError("cannot reach the Kubernetes API server: GET x: connection refused")


def test_a_wait_rides_out_a_brief_outage() -> None:
    poll(_checks(False, GONE, GONE, False, GONE, True), timeout=60, interval=0.001)


def test_a_wait_rides_out_an_api_server_starting_up() -> None:
    starting = KubeApiError(503, "ServiceUnavailable", "the server is currently unable to handle")
    poll(_checks(starting, True), timeout=60, interval=0.001)


def test_a_long_outage_ends_the_wait_with_the_connection_error() -> None:
    with pytest.raises(ApiConnectionError) as err:
        poll(_checks(False, GONE), timeout=60, interval=0.001, outage_grace=0.05)
    assert err.value is GONE


def test_an_outage_at_the_deadline_is_reported_rather_than_a_timeout() -> None:
    with pytest.raises(ApiConnectionError):
        poll(_checks(False, GONE), timeout=0.05, interval=0.001, outage_grace=3600)


def test_without_an_outage_the_deadline_is_a_timeout() -> None:
    with pytest.raises(WaitTimeoutError):
        poll(_checks(False), timeout=0.05, interval=0.001)


def test_a_refusal_ends_the_wait_at_once() -> None:
    forbidden = KubeApiError(403, "Forbidden", 'deployments.apps "web" is forbidden')
    with pytest.raises(KubeApiError) as err:
        poll(_checks(forbidden, True), timeout=60, interval=0.001, outage_grace=3600)
    assert err.value is forbidden
