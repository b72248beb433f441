"""Play the node's part on the local control plane, kwok-style, for tests that need Ready pods.

The local cluster (``scripts/local-cluster.sh``) has no kubelet and no scheduler, so Pods
stay ``Pending``. :class:`FakeNode` registers a ``Node``, binds pending Pods to it through
the ``binding`` subresource and patches their ``status``:

* Pods of Jobs and Helm test pods (``helm.sh/hook: test-success``): ``Succeeded``.
* Helm ``test-failure`` pods: ``Failed`` (they are expected to fail).
* Any other Pod: ``Running`` with ``Ready=True``.
* The annotation ``helm-tui.test/fake-phase`` (``Running``, ``Succeeded``, ``Failed`` or
  ``Pending``) overrides the above for one Pod.

Pods being deleted are removed at once (grace period 0), as a kubelet would. Only use this
in tests, against the local control plane.

Example:
    with FakeNode(cluster.kubeconfig, namespaces=[ns]) as node:
        ...  # pods in ns become Running/Ready within about a second
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from kubernetes import client

from tests.cluster import new_api_client

log = logging.getLogger(__name__)

PHASE_ANNOTATION = "helm-tui.test/fake-phase"
_PHASES = ("Running", "Succeeded", "Failed", "Pending")
_pod_ips = itertools.count(2)
_node_ips = itertools.count(10)


def desired_phase(pod: client.V1Pod) -> str:
    """Return the phase the fake node gives ``pod``.

    Args:
        pod: A Pod bound (or about to be bound) to the fake node.

    Returns:
        ``"Running"``, ``"Succeeded"``, ``"Failed"`` or ``"Pending"`` (leave it alone).
    """
    meta = pod.metadata
    annotations: dict[str, str] = (meta.annotations if meta else None) or {}
    forced = annotations.get(PHASE_ANNOTATION)
    if forced in _PHASES:
        return forced
    hooks = {h.strip() for h in annotations.get("helm.sh/hook", "").split(",")}
    if "test-failure" in hooks:
        return "Failed"
    if hooks & {"test-success", "test"}:
        return "Succeeded"
    owners = (meta.owner_references if meta else None) or []
    if any(o.kind == "Job" for o in owners):
        return "Succeeded"
    return "Running"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pod_status(pod: client.V1Pod, phase: str, host_ip: str, pod_ip: str) -> dict[str, Any]:
    """Build the ``status`` a kubelet would report for ``pod`` in ``phase``.

    Args:
        pod: The Pod.
        phase: ``"Running"``, ``"Succeeded"`` or ``"Failed"``.
        host_ip: The node's IP address.
        pod_ip: The IP address given to the Pod.

    Returns:
        A Pod status as a JSON-like dict, for a patch of the ``status`` subresource.
    """
    now = _now()
    running = phase == "Running"
    uid = (pod.metadata.uid if pod.metadata else None) or uuid.uuid4().hex
    ready: dict[str, Any] = {"status": "True" if running else "False", "lastTransitionTime": now}
    if not running:
        ready["reason"] = "PodCompleted"

    def container_status(c: client.V1Container, init: bool) -> dict[str, Any]:
        state: dict[str, Any]
        if running and not init:
            state = {"running": {"startedAt": now}}
        else:
            code = 1 if phase == "Failed" and not init else 0
            state = {
                "terminated": {
                    "exitCode": code,
                    "reason": "Error" if code else "Completed",
                    "startedAt": now,
                    "finishedAt": now,
                    "containerID": f"fake://{uid}/{c.name}",
                }
            }
        image = c.image or "unknown"
        return {
            "name": c.name,
            "image": image,
            "imageID": f"fake://{image}",
            "containerID": f"fake://{uid}/{c.name}",
            "ready": init or running,
            "started": running and not init,
            "restartCount": 0,
            "state": state,
        }

    spec = pod.spec
    containers = (spec.containers if spec else None) or []
    init_containers = (spec.init_containers if spec else None) or []
    status: dict[str, Any] = {
        "phase": phase,
        "conditions": [
            {"type": "Initialized", "status": "True", "lastTransitionTime": now},
            {"type": "Ready", **ready},
            {"type": "ContainersReady", **ready},
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": now},
        ],
        "hostIP": host_ip,
        "podIP": pod_ip,
        "podIPs": [{"ip": pod_ip}],
        "startTime": now,
        "containerStatuses": [container_status(c, init=False) for c in containers],
    }
    if init_containers:
        status["initContainerStatuses"] = [container_status(c, init=True) for c in init_containers]
    return status


def _discard(response: object) -> None:
    """Read and release a raw (``_preload_content=False``) urllib3 response."""
    raw: Any = response
    raw.read()
    raw.release_conn()


def _is_ready(pod: client.V1Pod) -> bool:
    conditions = (pod.status.conditions if pod.status else None) or []
    return any(c.type == "Ready" and c.status == "True" for c in conditions)


class FakeNode:
    """A fake Node that binds pending Pods and reports them Running/Ready or completed.

    It polls the API server from a background thread between :meth:`start` and
    :meth:`stop` (or inside a ``with`` block).

    Attributes:
        name: The Node's name.
        errors: Messages of API errors met by the background thread (for diagnostics).
    """

    def __init__(
        self,
        kubeconfig: Path | str,
        *,
        namespaces: Iterable[str] | None = None,
        name: str | None = None,
        interval: float = 0.2,
        delete_node: bool = True,
    ) -> None:
        """Create the fake node (nothing happens until :meth:`start`).

        Args:
            kubeconfig: Kubeconfig of the local cluster.
            namespaces: Only handle Pods in these namespaces (default: all namespaces).
                Tests running concurrently should each pass their own namespace.
            name: Node name (default: ``fake-node-<random>``).
            interval: Seconds between two polls.
            delete_node: Delete the Node object on :meth:`stop`.
        """
        self.name = name or f"fake-node-{uuid.uuid4().hex[:6]}"
        self.errors: list[str] = []
        self._namespaces = None if namespaces is None else list(namespaces)
        self._interval = interval
        self._delete_node = delete_node
        self._api = new_api_client(kubeconfig)
        self._core = client.CoreV1Api(self._api)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.host_ip = f"10.254.{next(_node_ips) % 250}.1"

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeNode:
        """Register the Node and start the background thread.

        Returns:
            self.
        """
        if self._thread is not None:
            return self
        self._register()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the background thread, remove pods being deleted, delete the Node."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(timeout=30)
        self._thread = None
        with contextlib.suppress(client.ApiException):
            self._reap_deleted()
        if self._delete_node:
            with contextlib.suppress(client.ApiException):
                self._core.delete_node(name=self.name)
        self._api.close()

    def __enter__(self) -> FakeNode:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ work

    def _register(self) -> None:
        labels = {
            "kubernetes.io/hostname": self.name,
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "type": "kwok",
        }
        node = client.V1Node(
            api_version="v1",
            kind="Node",
            metadata=client.V1ObjectMeta(
                name=self.name,
                labels=labels,
                annotations={"helm-tui.test/fake-node": "true"},
            ),
        )
        try:
            self._core.create_node(body=node)
        except client.ApiException as exc:
            if exc.status != 409:
                raise
        now = _now()
        quantities = {"cpu": "32", "memory": "256Gi", "pods": "110", "ephemeral-storage": "1Ti"}
        status = {
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "KubeletReady",
                    "message": "fake node (tests/fake_node.py)",
                    "lastHeartbeatTime": now,
                    "lastTransitionTime": now,
                }
            ],
            "addresses": [
                {"type": "InternalIP", "address": self.host_ip},
                {"type": "Hostname", "address": self.name},
            ],
            "capacity": quantities,
            "allocatable": quantities,
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": "",
                "containerRuntimeVersion": "fake://0.0.0",
                "kernelVersion": "",
                "kubeProxyVersion": "fake",
                "kubeletVersion": "fake",
                "machineID": "",
                "operatingSystem": "linux",
                "osImage": "fake",
                "systemUUID": "",
            },
        }
        self._core.patch_node_status(name=self.name, body={"status": status})

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync_once()
            except Exception as exc:  # keep the node alive; tests see the errors
                self._record(f"sync failed: {exc!r}")
            self._stop.wait(self._interval)

    def _record(self, message: str) -> None:
        log.warning("%s: %s", self.name, message)
        self.errors.append(message)
        del self.errors[:-50]

    def _pods(self) -> list[client.V1Pod]:
        if self._namespaces is None:
            return list(self._core.list_pod_for_all_namespaces().items or [])
        pods: list[client.V1Pod] = []
        for ns in self._namespaces:
            try:
                pods.extend(self._core.list_namespaced_pod(namespace=ns).items or [])
            except client.ApiException as exc:
                if exc.status != 404:
                    raise
        return pods

    def sync_once(self) -> None:
        """Do one pass: bind pending Pods, report their status, remove deleted ones."""
        for pod in self._pods():
            if pod.metadata is None or pod.spec is None:
                continue
            name, ns = pod.metadata.name or "", pod.metadata.namespace or ""
            try:
                if pod.metadata.deletion_timestamp is not None:
                    if pod.spec.node_name == self.name:
                        self._force_delete(name, ns)
                    continue
                if not pod.spec.node_name:
                    if pod.spec.scheduler_name not in (None, "default-scheduler"):
                        continue
                    self._bind(name, ns)
                elif pod.spec.node_name != self.name:
                    continue
                self._report(pod)
            except client.ApiException as exc:
                if exc.status not in (404, 409):  # gone, or raced with someone else
                    self._record(f"{ns}/{name}: {exc.status} {exc.reason}")

    def _bind(self, name: str, namespace: str) -> None:
        binding = client.V1Binding(
            metadata=client.V1ObjectMeta(name=name, namespace=namespace),
            target=client.V1ObjectReference(api_version="v1", kind="Node", name=self.name),
        )
        # Without preloading: the API answers with a Status, which the client would fail to
        # read as a V1Binding (target missing).
        _discard(
            self._core.create_namespaced_pod_binding(
                name=name, namespace=namespace, body=binding, _preload_content=False
            )
        )

    def _report(self, pod: client.V1Pod) -> None:
        phase = desired_phase(pod)
        current = pod.status.phase if pod.status else None
        if phase == "Pending" or current in ("Succeeded", "Failed"):
            return  # left pending on purpose, or terminal: never goes back
        if current == phase and (phase != "Running" or _is_ready(pod)):
            return
        assert pod.metadata is not None
        n = next(_pod_ips)
        pod_ip = f"10.244.{n // 250 % 250}.{n % 250 + 2}"
        _discard(
            self._core.patch_namespaced_pod_status(
                name=pod.metadata.name or "",
                namespace=pod.metadata.namespace or "",
                body={"status": pod_status(pod, phase, self.host_ip, pod_ip)},
                _preload_content=False,
            )
        )

    def _force_delete(self, name: str, namespace: str) -> None:
        self._core.delete_namespaced_pod(
            name=name,
            namespace=namespace,
            grace_period_seconds=0,
            body=client.V1DeleteOptions(grace_period_seconds=0),
        )

    def _reap_deleted(self) -> None:
        for pod in self._pods():
            meta, spec = pod.metadata, pod.spec
            if (
                meta
                and spec
                and meta.deletion_timestamp is not None
                and spec.node_name == self.name
            ):
                with contextlib.suppress(client.ApiException):
                    self._force_delete(meta.name or "", meta.namespace or "")
