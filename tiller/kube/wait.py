"""Waiting with a real deadline: ``--wait``, hook Jobs, CRDs, test pods, deletions."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from tiller.errors import TillerError
from tiller.kube.cluster import Cluster
from tiller.kube.objects import KubeObject
from tiller.kube.readiness import crd_established, is_ready, job_complete
from tiller.kube.rest import Timeout, is_transient

log = logging.getLogger(__name__)

Obj = dict[str, Any]

# Helm polls resources every 2 s for --wait; hooks and pods are watched in Helm, so they
# are polled faster here to give a similar latency.
RESOURCE_INTERVAL_S = 2.0
HOOK_INTERVAL_S = 0.5
# A wait outlives an API server that stops answering for up to this long (a restart of
# kube-apiserver takes seconds): the objects are still there, only the view of them is
# gone. Longer, the wait ends with the connection error rather than sitting out its
# whole timeout and then blaming the objects ("timed out waiting for the condition").
OUTAGE_GRACE_S = 20.0
# (connect, read) of each poll's requests: they read one object or a short list, so a
# server silent for this long is not answering; the default read timeout (sized for
# big lists) would let one poll of a hung API server outlast the whole grace.
POLL_TIMEOUT: Timeout = (5.0, 10.0)


class WaitTimeoutError(TillerError):
    """The deadline passed (Go's ``wait.ErrWaitTimeout`` text)."""

    def __init__(self) -> None:
        super().__init__("timed out waiting for the condition")


def poll(
    check: Callable[[], bool],
    timeout: float,
    interval: float,
    *,
    outage_grace: float = OUTAGE_GRACE_S,
) -> None:
    """Call ``check`` until it returns True.

    Errors it raises end the wait, except an unreachable or unavailable API server
    (:func:`tiller.kube.rest.is_transient`): that is retried for ``outage_grace``
    seconds in a row, within ``timeout``.

    Raises:
        WaitTimeoutError: ``timeout`` seconds passed first.
        TillerError: what ``check`` raised; for an outage, its last error once the
            grace or the timeout is over.
    """
    deadline = time.monotonic() + timeout
    outage_since: float | None = None
    outage: TillerError | None = None  # the last check's error while the API is away
    while True:
        try:
            if check():
                return
            outage_since, outage = None, None
        except TillerError as err:
            if not is_transient(err):
                raise
            at = time.monotonic()
            outage_since = at if outage_since is None else outage_since
            outage = err
            if at - outage_since >= outage_grace:
                raise
            log.warning("waiting: %s; trying again", err)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            # Out of time in the middle of an outage: the outage is what went wrong.
            if outage is not None:
                raise outage
            raise WaitTimeoutError()
        time.sleep(min(interval, remaining))


def wait_ready(cluster: Cluster, objects: Sequence[KubeObject], timeout: float) -> None:
    """Wait until every object is ready (spec §3.9); pods of workloads included."""
    pending = list(objects)

    def list_objects(prefix: str, plural: str, ns: str, labels: dict[str, str]) -> list[Obj]:
        return cluster.list_objects(prefix, plural, ns, labels, POLL_TIMEOUT)

    def check() -> bool:
        while pending:
            obj = pending[0]
            live = cluster.get(obj, POLL_TIMEOUT)
            if live is None or not is_ready(obj.kind, live, list_objects):
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
            live = cluster.get(job, POLL_TIMEOUT)
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
            live = cluster.get(crd, POLL_TIMEOUT)
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
        live = cluster.get(pod, POLL_TIMEOUT)
        if live is None:
            raise TillerError(f'pods "{pod.name}" not found')
        phase = str((live.get("status") or {}).get("phase") or "")
        return phase in ("Succeeded", "Failed")

    poll(check, timeout, HOOK_INTERVAL_S)
    return phase


def wait_deleted(cluster: Cluster, objects: Sequence[KubeObject], timeout: float) -> None:
    """Wait until the objects are gone."""

    def gone() -> bool:
        return all(cluster.get(o, POLL_TIMEOUT) is None for o in objects)

    poll(gone, timeout, HOOK_INTERVAL_S)
