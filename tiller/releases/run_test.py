"""RunReleaseTest (spec §3.11): run the release's test pods, streaming their results."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from hapi.release import release_pb2, test_run_pb2, test_suite_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.hooks import TEST_EVENTS, Event
from tiller.kube.client import effective_timeout
from tiller.kube.manifests import split_documents
from tiller.releases.common import hold, now
from tiller.releases.env import Env, validate_release_name
from tiller.releases.sorting import parse_document

log = logging.getLogger(__name__)

TestRun = test_run_pb2.TestRun
Response = tiller_pb2.TestReleaseResponse
DEFAULT_PARALLELISM = 20
# How long the final record update waits for another operation on the release.
RECORD_WAIT_S = 60.0


@dataclass
class _Test:
    name: str
    manifest: str
    expect_success: bool
    result: test_run_pb2.TestRun


def _collect(rel: release_pb2.Release) -> list[_Test]:
    tests = []
    for hook in rel.hooks:
        events = [e for e in hook.events if e in TEST_EVENTS]
        if not events:
            continue
        for content in split_documents(hook.manifest):
            doc = parse_document(hook.path, content)
            if doc.kind != "Pod":
                raise TillerError(f"{doc.name} is not a pod")
            tests.append(
                _Test(
                    name=doc.name,
                    manifest=content,
                    expect_success=events[0] == Event.RELEASE_TEST_SUCCESS,
                    result=TestRun(name=doc.name),
                )
            )
    return tests


def _run_one(env: Env, test: _Test, ns: str, timeout: float, out: queue.Queue[Response]) -> None:
    result = test.result
    result.started_at.CopyFrom(now())
    out.put(Response(msg=f"RUNNING: {test.name}", status=TestRun.RUNNING))
    result.status = TestRun.RUNNING
    try:
        env.kube.create(ns, test.manifest, wait=False, timeout=timeout)
        phase = env.kube.wait_pod_completed(ns, test.manifest, timeout)
    except TillerError as err:
        result.status, result.info = TestRun.FAILURE, str(err)
        out.put(Response(msg=f"ERROR: {err}", status=TestRun.FAILURE))
    else:
        if phase in ("Succeeded", "Failed"):
            passed = (phase == "Succeeded") == test.expect_success
            result.status = TestRun.SUCCESS if passed else TestRun.FAILURE
        else:
            result.status, result.info = TestRun.UNKNOWN, phase
        out.put(_result_message(test, ns))
    result.completed_at.CopyFrom(now())


def _result_message(test: _Test, ns: str) -> Response:
    r = test.result
    if r.status == TestRun.SUCCESS:
        return Response(msg=f"PASSED: {r.name}", status=r.status)
    if r.status == TestRun.FAILURE:
        hint = f"run `kubectl logs {r.name} --namespace {ns}` for more info"
        return Response(msg=f"FAILED: {r.name}, {hint}", status=r.status)
    return Response(msg=f"UNKNOWN: {r.name}: {r.info}", status=r.status)


def _run_all(
    env: Env, tests: list[_Test], ns: str, req: tiller_pb2.TestReleaseRequest
) -> Iterator[Response]:
    """Run the tests (concurrently when asked), yielding messages as they come."""
    timeout = effective_timeout(req.timeout)
    workers = (req.max_parallel or DEFAULT_PARALLELISM) if req.parallel else 1
    out: queue.Queue[Response] = queue.Queue()
    done = threading.Event()

    def run() -> None:
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="test") as pool:
                for future in [pool.submit(_run_one, env, t, ns, timeout, out) for t in tests]:
                    future.result()
        finally:
            done.set()
            out.put(Response())  # wakes the reader

    threading.Thread(target=run, name=f"tests-{ns}", daemon=True).start()
    while not (done.is_set() and out.empty()):
        message = out.get()
        if message.msg:
            yield message


def run_release_test(env: Env, req: tiller_pb2.TestReleaseRequest) -> Iterator[Response]:
    """Answer RunReleaseTest as a stream of :class:`TestReleaseResponse`.

    Raises:
        TillerError: bad name, unknown release, or a test hook that is not a Pod.
    """
    validate_release_name(req.name)
    rel = env.storage.last(req.name)
    tests = _collect(rel)
    ns = rel.namespace
    suite = test_suite_pb2.TestSuite(started_at=now())
    if not tests:
        yield Response(msg="No Tests Found", status=TestRun.UNKNOWN)
    else:
        yield from _run_all(env, tests, ns, req)
    suite.completed_at.CopyFrom(now())
    suite.results.extend(t.result for t in tests)
    if req.logs:
        for test in tests:
            try:
                logs = env.kube.pod_logs(ns, test.name)
            except TillerError as err:
                yield Response(msg=f"ERROR: {err}", status=TestRun.FAILURE)
                continue
            text = f"\nPOD LOGS: {test.name}\n{logs}".replace("%", "%%")
            yield Response(msg=text, status=TestRun.RUNNING)
    if req.cleanup:
        for test in tests:
            try:
                env.kube.delete(ns, test.manifest)
            except TillerError as err:
                yield Response(msg=f"ERROR: {err}", status=TestRun.FAILURE)
    _record_suite(env, rel, suite)


def _record_suite(env: Env, rel: release_pb2.Release, suite: test_suite_pb2.TestSuite) -> None:
    """Store the suite on the tested revision.

    The revision is re-read under the release's lock so that the status changes of an
    upgrade that ran meanwhile are not overwritten.
    """
    with hold(env, rel.name, wait=RECORD_WAIT_S):
        fresh = env.storage.get(rel.name, rel.version)
        fresh.info.status.last_test_suite_run.CopyFrom(suite)
        env.storage.update(fresh)
