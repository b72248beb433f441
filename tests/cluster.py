"""Start and locate the local Kubernetes control plane for tests.

The control plane (etcd + kube-apiserver + kube-controller-manager, Kubernetes 1.20.2,
loopback only) is managed by ``scripts/local-cluster.sh``; this module drives that script
from pytest. The cluster is shared: it is started once (a no-op when already running) and
left running after the session, so the next run starts in well under a second.

Policy (see :func:`require_cluster`):

* ``CI`` set: the cluster must start; any failure fails the tests (never a skip).
* otherwise ``HELM_TUI_SKIP_CLUSTER=1``: cluster tests are skipped with a clear reason.
* otherwise: the cluster is started (the first time, this builds Kubernetes: ~5-7 min).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kubernetes import client, config

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "local-cluster.sh"

#: Upper bound for ``local-cluster.sh start``, which may include a cold build with apt.
START_TIMEOUT_S = float(os.environ.get("HELM_TUI_CLUSTER_START_TIMEOUT", "1800"))

_lock = threading.Lock()
_cached: KubeCluster | None = None


class ClusterUnavailableError(RuntimeError):
    """The local cluster could not be started or located."""


@dataclass(frozen=True)
class KubeCluster:
    """A running local cluster.

    Attributes:
        kubeconfig: Path of the kubeconfig file (admin token, server on 127.0.0.1).
        env: A copy of ``os.environ`` with ``KUBECONFIG`` set, for subprocesses
            (e.g. a Tiller server under test).
    """

    kubeconfig: Path
    env: dict[str, str] = field(repr=False)

    def api_client(self) -> client.ApiClient:
        """Return a new API client configured from :attr:`kubeconfig`.

        Returns:
            A fresh ``kubernetes.client.ApiClient``; close it when done.
        """
        return new_api_client(self.kubeconfig)


def new_api_client(kubeconfig: Path | str) -> client.ApiClient:
    """Return a new API client configured from a kubeconfig file.

    Args:
        kubeconfig: Path of the kubeconfig file.

    Returns:
        A fresh ``kubernetes.client.ApiClient``; close it when done.
    """
    api = config.new_client_from_config(config_file=str(kubeconfig))
    assert isinstance(api, client.ApiClient)
    return api


def in_ci() -> bool:
    """Tell whether we run in CI (the ``CI`` environment variable is set and not false).

    Returns:
        True in CI.
    """
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_requested() -> bool:
    """Tell whether the developer asked to skip cluster tests (``HELM_TUI_SKIP_CLUSTER=1``).

    Returns:
        True if cluster tests should be skipped (ignored in CI).
    """
    return os.environ.get("HELM_TUI_SKIP_CLUSTER", "") == "1"


def run_script(*args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/local-cluster.sh`` with ``args``, capturing its output.

    Args:
        *args: The script's arguments, e.g. ``"start"``.
        timeout: Seconds before the script is killed.

    Returns:
        The completed process (not checked).

    Raises:
        ClusterUnavailableError: The script is missing or timed out.
    """
    if not SCRIPT.is_file():
        raise ClusterUnavailableError(f"{SCRIPT} not found")
    try:
        return subprocess.run(
            ["bash", str(SCRIPT), *args],
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ClusterUnavailableError(
            f"local-cluster.sh {' '.join(args)} timed out after {timeout:.0f} s"
        ) from exc


def parse_env_output(text: str) -> Path:
    """Extract the kubeconfig path from the output of ``local-cluster.sh env``.

    Args:
        text: The script's stdout, e.g. ``export KUBECONFIG=/path/to/kubeconfig``.

    Returns:
        The kubeconfig path.

    Raises:
        ClusterUnavailableError: No ``KUBECONFIG`` assignment in ``text``.
    """
    for line in text.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and words[1].startswith("KUBECONFIG="):
            return Path(words[1].removeprefix("KUBECONFIG="))
    raise ClusterUnavailableError(f"no KUBECONFIG in local-cluster.sh env output: {text!r}")


def _failure(step: str, proc: subprocess.CompletedProcess[str]) -> ClusterUnavailableError:
    tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-60:])
    return ClusterUnavailableError(
        f"local-cluster.sh {step} failed (exit {proc.returncode}):\n{tail}"
    )


def start_cluster(timeout: float = START_TIMEOUT_S) -> KubeCluster:
    """Start the local cluster if needed (building it the first time) and locate it.

    Args:
        timeout: Seconds allowed for ``local-cluster.sh start``.

    Returns:
        The running cluster.

    Raises:
        ClusterUnavailableError: The cluster could not be started; the message contains
            the script's diagnostics (failed step and log tail).
    """
    proc = run_script("start", timeout=timeout)
    if proc.returncode != 0:
        raise _failure("start", proc)
    proc = run_script("env")
    if proc.returncode != 0:
        raise _failure("env", proc)
    kubeconfig = parse_env_output(proc.stdout)
    if not kubeconfig.is_file():
        raise ClusterUnavailableError(f"kubeconfig {kubeconfig} does not exist")
    return KubeCluster(kubeconfig=kubeconfig, env={**os.environ, "KUBECONFIG": str(kubeconfig)})


def ensure_cluster() -> KubeCluster:
    """Start the cluster once per process and return it (thread-safe, cached).

    Returns:
        The running cluster.

    Raises:
        ClusterUnavailableError: The cluster could not be started.
    """
    global _cached
    with _lock:
        if _cached is None or not _cached.kubeconfig.is_file():
            _cached = start_cluster()
        return _cached


def require_cluster() -> KubeCluster:
    """Return the running cluster, applying the CI / skip policy of this module.

    Returns:
        The running cluster.

    Raises:
        pytest.skip.Exception: Outside CI with ``HELM_TUI_SKIP_CLUSTER=1``.
        pytest.fail.Exception: The cluster could not be started.
    """
    if skip_requested() and not in_ci():
        pytest.skip("HELM_TUI_SKIP_CLUSTER=1: local Kubernetes cluster tests skipped")
    try:
        return ensure_cluster()
    except ClusterUnavailableError as exc:
        pytest.fail(
            f"local Kubernetes cluster unavailable: {exc}\n"
            "(set HELM_TUI_SKIP_CLUSTER=1 outside CI to skip cluster tests)",
            pytrace=False,
        )


def wait_for_service_account(
    api: client.ApiClient, namespace: str, name: str = "default", timeout: float = 30.0
) -> None:
    """Wait until a ServiceAccount exists with its token secret.

    The API server rejects Pods whose ServiceAccount has no token yet, and the
    controller-manager creates the ``default`` one of a new namespace asynchronously.

    Args:
        api: An API client for the cluster.
        namespace: The namespace.
        name: The ServiceAccount's name.
        timeout: Seconds to wait.

    Raises:
        TimeoutError: The ServiceAccount or its token did not appear in time.
    """
    core = client.CoreV1Api(api)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if core.read_namespaced_service_account(name=name, namespace=namespace).secrets:
                return
        except client.ApiException as exc:
            if exc.status != 404:
                raise
        if time.monotonic() >= deadline:
            raise TimeoutError(f"no token for ServiceAccount {namespace}/{name} after {timeout} s")
        time.sleep(0.1)


@contextlib.contextmanager
def temp_namespace(api: client.ApiClient, prefix: str = "t") -> Iterator[str]:
    """Create a uniquely named namespace, ready for Pods, and delete it afterwards.

    Args:
        api: An API client for the cluster.
        prefix: Start of the namespace name.

    Yields:
        The namespace name (its ``default`` ServiceAccount has a token).
    """
    core = client.CoreV1Api(api)
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    core.create_namespace(body=client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    try:
        wait_for_service_account(api, name)
        yield name
    finally:
        with contextlib.suppress(client.ApiException):
            core.delete_namespace(name=name)
