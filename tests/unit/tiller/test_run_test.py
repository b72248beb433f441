"""RunReleaseTest on memory storage and a fake cluster (spec §3.11)."""

from __future__ import annotations

import pytest
from hapi.release import test_run_pb2
from hapi.services import tiller_pb2

from tests.fakes.env import CM, World, make_world, pod_hook
from tiller.errors import TillerError
from tiller.releases.run_test import run_release_test

TR = test_run_pb2.TestRun


def run(w: World, **kw: object) -> list[tuple[str, int]]:
    req = tiller_pb2.TestReleaseRequest(name="demo", **kw)  # type: ignore[arg-type]
    return [(m.msg, m.status) for m in run_release_test(w.env, req)]


def test_no_tests() -> None:
    w = make_world()
    w.install()
    assert run(w) == [("No Tests Found", TR.UNKNOWN)]
    assert w.storage.get("demo", 1).info.status.last_test_suite_run.HasField("completed_at")


def test_results_are_streamed_and_recorded() -> None:
    w = make_world()
    w.install(
        templates={
            "templates/cm.yaml": CM,
            "templates/t1.yaml": pod_hook("t-ok"),
            "templates/t2.yaml": pod_hook("t-expected-fail", "test-failure"),
            "templates/t3.yaml": pod_hook("t-bad", phase="Failed"),
            "templates/t4.yaml": pod_hook("t-odd", phase="Unknown"),
        }
    )
    msgs = run(w)
    assert msgs == [
        ("RUNNING: t-ok", TR.RUNNING),
        ("PASSED: t-ok", TR.SUCCESS),
        ("RUNNING: t-expected-fail", TR.RUNNING),
        ("PASSED: t-expected-fail", TR.SUCCESS),
        ("RUNNING: t-bad", TR.RUNNING),
        ("FAILED: t-bad, run `kubectl logs t-bad --namespace ns` for more info", TR.FAILURE),
        ("RUNNING: t-odd", TR.RUNNING),
        ("UNKNOWN: t-odd: Unknown", TR.UNKNOWN),
    ]
    suite = w.storage.get("demo", 1).info.status.last_test_suite_run
    assert [(r.name, r.status) for r in suite.results] == [
        ("t-ok", TR.SUCCESS),
        ("t-expected-fail", TR.SUCCESS),
        ("t-bad", TR.FAILURE),
        ("t-odd", TR.UNKNOWN),
    ]
    assert all(r.started_at.seconds and r.completed_at.seconds for r in suite.results)
    assert w.kube.names("Pod") == ["t-bad", "t-expected-fail", "t-odd", "t-ok"]


def test_errors_logs_cleanup_and_parallel() -> None:
    w = make_world()
    w.install(templates={"templates/t1.yaml": pod_hook("t1"), "templates/t2.yaml": pod_hook("t2")})
    w.kube.fail[("create", "t2")] = 'pods "t2" is forbidden'
    msgs = run(w, logs=True, cleanup=True, parallel=True, max_parallel=2)
    assert ('ERROR: pods "t2" is forbidden', TR.FAILURE) in msgs
    assert ("PASSED: t1", TR.SUCCESS) in msgs
    assert ("\nPOD LOGS: t1\nlog of t1: 100%%", TR.RUNNING) in msgs
    assert w.kube.names("Pod") == []


def test_non_pod_test_hook_is_refused() -> None:
    w = make_world()
    hook = CM.replace("metadata:\n", 'metadata:\n  annotations: {"helm.sh/hook": test-success}\n')
    w.install(templates={"templates/t.yaml": hook})
    with pytest.raises(TillerError, match="^demo-cfg is not a pod$"):
        run(w)
