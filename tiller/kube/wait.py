"""Waiting with a real deadline: ``--wait``, hook Jobs, CRDs, test pods, deletions."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from tiller.errors import TillerError
from tiller.kube.cluster import Cluster
from tiller.kube.objects import KubeObject
from tiller.kube.readiness import crd_established, is_ready, job_complete

log = logging.getLogger(__name__)

# Helm polls resources every 2 s for --wait; hooks and pods are watched in Helm, so they
# are polled faster here to give a similar latency.
RESOURCE_INTERVAL_S = 2.0
HOOK_INTERVAL_S = 0.5


class WaitTimeoutError(TillerError):
    """The deadline passed (Go's ``wait.ErrWaitTimeout`` text)."""

    def __init__(self) -> None:
        super().__init__("timed out waiting for the condition")


def poll(check: Callable[[], bool], timeout: float, interval: float) -> None:
    """Call ``check`` until it returns True; errors it raises end the wait.

    Raises:
        WaitTimeoutError: ``timeout`` seconds passed first.
    """
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WaitTimeoutError()
        time.sleep(min(interval, remaining))


def wait_ready(cluster: Cluster, objects: Sequence[KubeObject], timeout: float) -> None:
    """Wait until every object is ready (spec §3.9); pods of workloads included."""
    pending = list(objects)

    def check() -> bool:
        while pending:
            obj = pending[0]
            live = cluster.get(obj)
            if live is None or not is_ready(obj.kind, live, cluster.list_objects):
                log.debug("waiting for %s", obj)
                return False
            pending.pop(0)
        return True

    poll(check, timeout, RESOURCE_INTERVAL_S)


def wait_hook_ready(cluster: Cluster, objects: Sequence[KubeObject], timeout: float) -> None:
    """Hooks: Jobs until complete (a failed Job raises); other kinds are ready at once."""
    jobs = [o for o in objects if o.kind == "Job"]

    def check() -> bool:
        for job in jobs:
            live = cluster.get(job)
            if live is None or not job_complete(live):
                return False
        return True

    if jobs:
        poll(check, timeout, HOOK_INTERVAL_S)


def wait_established(cluster: Cluster, objects: Sequence[KubeObject], timeout: float) -> None:
    """Wait until CustomResourceDefinitions are Established."""
    crds = [o for o in objects if o.kind == "CustomResourceDefinition"]

    def check() -> bool:
        for crd in crds:
            live = cluster.get(crd)
            if live is None or not crd_established(live):
                return False
        return True

    poll(check, timeout, HOOK_INTERVAL_S)
    cluster.discovery.invalidate()


def wait_pod_done(cluster: Cluster, pod: KubeObject, timeout: float) -> str:
    """Wait until a Pod Succeeded or Failed; return that phase."""
    phase = ""

    def check() -> bool:
        nonlocal phase
        live = cluster.get(pod)
        if live is None:
            raise TillerError(f'pods "{pod.name}" not found')
        phase = str((live.get("status") or {}).get("phase") or "")
        return phase in ("Succeeded", "Failed")

    poll(check, timeout, HOOK_INTERVAL_S)
    return phase


def wait_deleted(cluster: Cluster, objects: Sequence[KubeObject], timeout: float) -> None:
    """Wait until the objects are gone."""
    poll(lambda: all(cluster.get(o) is None for o in objects), timeout, HOOK_INTERVAL_S)
