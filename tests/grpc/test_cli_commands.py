"""``helm-tui version`` and ``list`` end to end, against the fake Tiller in a thread.

The CLI runs its own event loop (``asyncio.run``), so the fake gets a loop of its own.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest

from app.cli import main
from tests.grpc.fake_tiller import SERVER_COMMIT, FakeTiller, make_release, start_fake

UPDATED = "Sun Sep 13 12:26:41 2020"  # make_release's last_deployed (revision 1), in UTC


@pytest.fixture
def tiller(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTiller]:
    fake = FakeTiller(releases=[make_release("bravo"), make_release("alpha", app_version="")])
    loop = asyncio.new_event_loop()
    running = loop.run_until_complete(start_fake(fake))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HELM_HOST", running.host)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(running.server.stop(None), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        monkeypatch.undo()
        time.tzset()


def test_list(tiller: FakeTiller, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert capsys.readouterr().out == (
        "NAME \tREVISION\tUPDATED                 \tSTATUS  \tCHART     \tAPP VERSION\tNAMESPACE\n"
        f"alpha\t1       \t{UPDATED}\tDEPLOYED\tdemo-0.1.0\t           \tdefault  \n"
        f"bravo\t1       \t{UPDATED}\tDEPLOYED\tdemo-0.1.0\t1.0        \tdefault  \n"
    )


def test_list_keeps_the_newest_revision(
    tiller: FakeTiller, capsys: pytest.CaptureFixture[str]
) -> None:
    tiller.releases.append(make_release("alpha", 2, "FAILED"))
    assert main(["list", "-q"]) == 0
    assert capsys.readouterr().out == "alpha\nbravo\n"
    assert main(["list", "--output", "json", "alpha"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('{"Next":"","Releases":[{"Name":"alpha","Revision":2,')
    assert '"Status":"FAILED"' in out and out.endswith("}]}\n")


def test_list_flags_reach_tiller(tiller: FakeTiller, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ls", "-m", "1", "-a", "-r", "-d", "--namespace", "default", "a|b"]) == 0
    request = tiller.calls[-1].request
    assert (request.limit, request.filter, request.namespace) == (1, "a|b", "default")
    assert (request.sort_by, request.sort_order, len(request.status_codes)) == (2, 1, 8)
    assert capsys.readouterr().out.startswith("\tnext: bravo\nNAME \tREVISION\t")


def test_list_with_no_match_prints_nothing(
    tiller: FakeTiller, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "nothing-matches"]) == 0
    assert capsys.readouterr().out == ""


def test_version(tiller: FakeTiller, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "--short"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Client: v2.17.0")
    assert lines[1] == f"Server: v2.17.0+g{SERVER_COMMIT[:7]}"
    assert main(["version", "-s"]) == 0
    assert capsys.readouterr().out == (
        f'Server: &version.Version{{SemVer:"v2.17.0", GitCommit:"{SERVER_COMMIT}", '
        'GitTreeState:"clean"}\n'
    )
    assert tiller.calls[-1].metadata["x-helm-api-client"] == "v2.17.0"


def test_incompatible_tiller(tiller: FakeTiller, capsys: pytest.CaptureFixture[str]) -> None:
    tiller.accept_clients, tiller.server_version = ("v2.16.0",), "v2.16.0"
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: incompatible versions client[v2.17.0] server[v2.16.0]. ")


def test_unreachable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--host", "127.0.0.1:1", "version", "-s"]) == 1
    assert capsys.readouterr().err == (
        "Error: could not reach Tiller at 127.0.0.1:1: connection refused. "
        "Is Tiller running? Set --host or HELM_HOST.\n"
    )
