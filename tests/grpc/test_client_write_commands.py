"""One-shot release commands (``helm-tui install ...``) against a stateful fake Tiller."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from hapi.release import hook_pb2, status_pb2, test_run_pb2
from hapi.services import tiller_pb2

from app.cli import main
from tests.grpc.fake_tiller import make_release, start_fake
from tests.grpc.test_client_write import Context, WriteFake

CHART = Path(__file__).resolve().parents[2] / "examples" / "charts" / "hello"
UPDATED = "Sun Sep 13 12:26:41 2020"  # make_release's last_deployed for revision 1, UTC
SECRET = (
    "\n---\n# Source: hello/templates/secret.yaml\napiVersion: v1\nkind: Secret\n"
    "metadata:\n  name: creds\ndata:\n  password: aHVudGVyMg==\n"
)


def manifest(message: str) -> str:
    return (
        "\n---\n# Source: hello/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\n"
        f"metadata:\n  name: web\ndata:\n  message: {message}\n" + SECRET
    )


@dataclass
class StatefulFake(WriteFake):
    """WriteFake that stores what it installs, upgrades, rolls back and deletes."""

    fail_only: str = ""  # with ``fail``: fail only this method

    async def _write(self, method: str, request: Any, context: Context) -> None:
        await self._enter(method, request, context)
        if self.fail and self.fail_only in ("", method):
            await context.abort(grpc.StatusCode.UNKNOWN, self.fail)

    def _latest(self, name: str) -> Any:
        revisions = self._revisions(name)
        return revisions[-1] if revisions else None

    async def InstallRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("InstallRelease", request, context)
        if self._latest(request.name) is not None:
            await context.abort(
                grpc.StatusCode.UNKNOWN, f"a release named {request.name} already exists."
            )
        rel = make_release(request.name, namespace=request.namespace, manifest=manifest("hi"))
        rel.config.raw = request.values.raw
        rel.info.Description = "Dry run complete" if request.dry_run else "Install complete"
        if not request.dry_run:
            self.releases.append(rel)
        return tiller_pb2.InstallReleaseResponse(release=rel)

    async def UpdateRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("UpdateRelease", request, context)
        current = self._latest(request.name)
        if current is None:
            await context.abort(
                grpc.StatusCode.UNKNOWN, f'"{request.name}" has no deployed releases'
            )
        rel = make_release(request.name, current.version + 1, manifest=manifest("bye"))
        rel.config.raw = request.values.raw
        if not request.dry_run:
            current.info.status.code = status_pb2.Status.SUPERSEDED
            self.releases.append(rel)
        return tiller_pb2.UpdateReleaseResponse(release=rel)

    async def RollbackRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("RollbackRelease", request, context)
        current = self._latest(request.name)
        target = next(r for r in self._revisions(request.name) if r.version == request.version)
        rel = make_release(request.name, current.version + 1, manifest=target.manifest)
        if not request.dry_run:
            self.releases.append(rel)
        return tiller_pb2.RollbackReleaseResponse(release=rel)

    async def UninstallRelease(self, request: Any, context: Context) -> Any:  # noqa: N802
        await self._write("UninstallRelease", request, context)
        current = self._latest(request.name)
        if current is None:
            await context.abort(grpc.StatusCode.UNKNOWN, f'release: "{request.name}" not found')
        if request.purge:
            self.releases = [r for r in self.releases if r.name != request.name]
        else:
            current.info.status.code = status_pb2.Status.DELETED
        return tiller_pb2.UninstallReleaseResponse(release=current)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[StatefulFake]:
    tiller = StatefulFake(releases=[make_release("web", manifest=manifest("hi"))])
    loop = asyncio.new_event_loop()
    running = loop.run_until_complete(start_fake(tiller))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HELM_HOST", running.host)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("KUBECONFIG", "/nonexistent")
    time.tzset()
    try:
        yield tiller
    finally:
        asyncio.run_coroutine_threadsafe(running.server.stop(None), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
        monkeypatch.undo()
        time.tzset()


STATUS = (
    f"LAST DEPLOYED: {UPDATED}\nNAMESPACE: default\nSTATUS: DEPLOYED\n\n"
    "RESOURCES:\n==> v1/Pod\n\nNOTES:\nhi\n"
)


def test_install(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", str(CHART), "--name", "api", "--set", "message=yo"]) == 0
    assert capsys.readouterr().out == "NAME:   api\n" + STATUS
    request = fake.calls[-2].request
    assert (request.name, request.namespace, request.timeout) == ("api", "default", 300)
    assert request.values.raw == "message: yo\n"
    assert request.chart.metadata.name == "hello"


def test_install_dry_run_and_errors(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", str(CHART), "--name", "api", "--dry-run"]) == 0
    assert capsys.readouterr().out == "NAME:   api\n"
    assert main(["install", str(CHART), "--name", "web"]) == 1
    assert capsys.readouterr().err == "Error: a release named web already exists.\n"
    assert main(["install"]) == 2
    assert capsys.readouterr().err == "Error: This command needs 1 argument: chart name\n"


def test_install_json(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", str(CHART), "--name", "api", "-o", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["name"] == "api" and document["info"]["status"]["code"] == 1


def test_atomic_install(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    fake.fail = "release api failed: timed out waiting for the condition"
    fake.fail_only = "InstallRelease"
    fake.releases.append(make_release("api", status="FAILED"))
    assert main(["install", str(CHART), "--name", "api", "--atomic"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "INSTALL FAILED\nPURGING CHART\n"
        "Error: release api failed: timed out waiting for the condition\n"
        'release "api" deleted\nSuccessfully purged a chart!\n'
    )
    assert captured.err.endswith("Error: release api failed: timed out waiting for the condition\n")
    assert "==> install api: install failed; purging the release" in captured.err
    assert not [r for r in fake.releases if r.name == "api"]


def test_upgrade_and_install_path(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["upgrade", "web", str(CHART)]) == 0
    out = capsys.readouterr().out
    assert out.startswith('Release "web" has been upgraded.\nLAST DEPLOYED: Sun Sep 13 12:26:42')
    assert [c.method for c in fake.calls[-3:]] == [
        "GetHistory",
        "UpdateRelease",
        "GetReleaseStatus",
    ]
    assert main(["upgrade", "--install", "new", str(CHART)]) == 0
    out = capsys.readouterr().out
    assert out.startswith('Release "new" does not exist. Installing it now.\nNAME:   new\n')
    assert main(["upgrade", "ghost", str(CHART)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("UPGRADE FAILED\nError: ")
    assert captured.err.startswith('Error: UPGRADE FAILED: "ghost" has no deployed releases')


def test_rollback_history_status(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["upgrade", "web", str(CHART)]) == 0
    capsys.readouterr()
    assert main(["rollback", "web", "1"]) == 0
    assert capsys.readouterr().out == "Rollback was a success.\n"
    assert main(["rollback", "web", "x"]) == 2
    assert 'parsing "x": invalid syntax' in capsys.readouterr().err
    assert main(["history", "web", "--max", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("REVISION\tUPDATED") and [ln[0] for ln in lines[1:]] == ["2", "3"]
    assert main(["history", "web", "-o", "yaml"]) == 0
    assert capsys.readouterr().out.startswith('- appVersion: "1.0"\n  chart: demo-0.1.0\n')
    assert main(["status", "web", "-o", "xml"]) == 2
    assert main(["status", "web", "--revision", "1"]) == 0
    assert capsys.readouterr().out.endswith("NOTES:\nhi\n")


def test_get_masks_secrets(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    fake.releases[0].config.raw = "password: hunter2\nmessage: hi\n"
    fake.releases[0].hooks.append(
        hook_pb2.Hook(name="pre", kind="Secret", manifest="kind: Secret\ndata:\n  k: djE=\n")
    )
    assert main(["get", "values", "web"]) == 0
    assert capsys.readouterr().out == "message: hi\npassword: <redacted>\n\n"
    assert main(["get", "values", "web", "--show-secrets", "--output", "json"]) == 0
    assert capsys.readouterr().out == '{"message":"hi","password":"hunter2"}\n'
    assert main(["get", "manifest", "web"]) == 0
    out = capsys.readouterr().out
    assert "aHVudGVyMg==" not in out and "password: <redacted>" in out and "message: hi" in out
    assert main(["get", "hooks", "web"]) == 0
    assert capsys.readouterr().out == (
        "---\n# pre\nkind: Job\n---\n# pre\nkind: Secret\ndata:\n  k: <redacted>\n\n"
    )
    assert main(["get", "web"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"REVISION: 1\nRELEASED: {UPDATED}\nCHART: demo-0.1.0\n")
    assert (
        "hunter2" not in out and "USER-SUPPLIED VALUES:\nmessage: hi\npassword: <redacted>\n" in out
    )
    assert main(["get", "web", "--template", "{{.Release.Name}}-{{.Release.Version}}"]) == 0
    assert capsys.readouterr().out == "web-1"
    assert main(["get", "notes", "web"]) == 0
    assert capsys.readouterr().out == "NOTES:\nhi\n"


def test_delete(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["delete", "web", "--dry-run"]) == 0
    assert capsys.readouterr().out == 'release "web" deleted\n'
    assert [r.info.status.code for r in fake.releases] == [status_pb2.Status.DEPLOYED]
    assert main(["delete", "web", "nope"]) == 1
    captured = capsys.readouterr()
    assert captured.out == 'release "web" deleted\n'
    assert captured.err.startswith('Error: release: "nope" not found')
    assert main(["del", "--purge", "web", "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "releases": [{"name": "web", "purged": True, "dryRun": False, "info": ""}]
    }


def test_test_command(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    fake.test_messages = [
        ("RUNNING: web-test", test_run_pb2.TestRun.RUNNING),
        ("FAILED: web-test, 100% broken", test_run_pb2.TestRun.FAILURE),
    ]
    assert main(["test", "web", "--cleanup"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "RUNNING: web-test\nFAILED: web-test, 100%!b(MISSING)roken\n"
    assert captured.err == "Error: 1 test(s) failed\n"


def test_diff(fake: StatefulFake, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "upgrade", "web", str(CHART), "--detailed-exitcode"]) == 3
    out = capsys.readouterr().out
    assert "default, web, ConfigMap has changed:\n" in out and "+  message: bye" in out
    # This fake stores the request's (empty) values; Tiller would keep the old ones.
    assert out.startswith(
        "Values (user-supplied) have been removed:\n@@ -1 +0,0 @@\n-replicas: 2\n"
    )
    assert out.endswith(
        "Summary: 0 added, 1 changed, 0 removed, 1 unchanged; user-supplied values changed.\n"
    )
    assert len(fake.releases) == 1  # a dry run
    assert main(["diff", "revision", "web", "1", "1", "--detailed-exitcode"]) == 0
    assert capsys.readouterr().out == "Summary: 0 added, 0 changed, 0 removed, 2 unchanged.\n"
    assert main(["diff", "rollback", "web", "1", "-o", "yaml"]) == 0
    assert capsys.readouterr().out.startswith("after: rollback to revision 1 (dry run)\n")
    assert main(["diff"]) == 2


def test_script_default_output_applies_where_it_fits(
    fake: StatefulFake, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    script = tmp_path / "s.txt"
    script.write_text("get values web\nget manifest web\nstatus web -o table\nhistory web\n")
    assert main(["--script", str(script), "--output", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '{"replicas":2}'  # get values: JSON
    assert "kind: ConfigMap" in lines  # get manifest has no JSON form: unchanged
    assert "STATUS: DEPLOYED" in lines  # the line's own -o wins
    assert lines[-1].startswith('[{"revision":1,')
