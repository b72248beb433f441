"""The probe server: /liveness always answers, /readiness follows its readiness check."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tiller.probes import ProbeServer


class Switch:
    def __init__(self) -> None:
        self.on = False

    def __call__(self) -> bool:
        return self.on


@pytest.fixture
def served() -> Iterator[tuple[ProbeServer, Switch]]:
    switch = Switch()
    server = ProbeServer("127.0.0.1:0", switch)
    server.start()
    yield server, switch
    server.stop()


def status(server: ProbeServer, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=5) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_readiness_follows_the_check_and_liveness_does_not(
    served: tuple[ProbeServer, Switch],
) -> None:
    server, switch = served
    assert status(server, "/readiness") == (503, b"storage index not synced yet\n")
    assert status(server, "/liveness") == (200, b"OK\n")
    switch.on = True
    assert status(server, "/readiness") == (200, b"OK\n")
    assert status(server, "/metricz")[0] == 404


def test_without_a_check_tiller_is_always_ready() -> None:
    server = ProbeServer("127.0.0.1:0")
    server.start()
    try:
        assert status(server, "/readiness") == (200, b"OK\n")
    finally:
        server.stop()
