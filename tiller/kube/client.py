"""The Kubernetes operations Tiller needs, behind a small Protocol (fakes in unit tests).

Every operation takes manifests as text (one or more YAML documents), as Helm v2's kube
client does, so the release use-cases never handle Kubernetes objects themselves.
Failures raise :class:`tiller.errors.TillerError` subclasses whose text is what the
user sees: the API server's own message where there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

#: Timeout used when a client sends 0 seconds. Helm v2 then waits without limit; a hung
#: operation would hold the release's lock forever, so we use the helm CLI's default.
DEFAULT_TIMEOUT_S = 300.0


def effective_timeout(seconds: int | float) -> float:
    """The timeout to apply for a request's ``timeout`` field (0 or less: the default)."""
    return float(seconds) if seconds > 0 else DEFAULT_TIMEOUT_S


@dataclass(frozen=True)
class ClusterInfo:
    """What templates see as ``.Capabilities`` (from the API server).

    Attributes:
        version: ``version.Info`` fields (``major``, ``minor``, ``gitVersion``...) as
            the API server's ``/version`` returns them.
        api_versions: every ``group/version`` and ``group/version/Kind`` served.
    """

    version: dict[str, str]
    api_versions: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class UpdateOptions:
    """How to move the cluster from one manifest to another (spec §3.9)."""

    force: bool = False
    recreate: bool = False
    wait: bool = False
    timeout: float = DEFAULT_TIMEOUT_S
    cleanup_on_fail: bool = False


class KubeClient(Protocol):
    """What the release use-cases ask of Kubernetes."""

    def resources_table(self, namespace: str, manifest: str) -> str:
        """The kubectl-style status text of the objects in ``manifest``.

        Raises:
            TillerError: if the objects cannot be looked up.
        """
        ...

    def cluster_info(self) -> ClusterInfo:
        """The server version and API versions, for ``.Capabilities``."""
        ...

    def validate(self, namespace: str, manifest: str) -> None:
        """Check that every object is a known kind the API server would accept.

        Nothing is written: objects are created with server-side dry-run.
        """
        ...

    def create(self, namespace: str, manifest: str, *, wait: bool, timeout: float) -> None:
        """Create every object (the namespace too if missing), optionally wait for them."""
        ...

    def update(self, namespace: str, original: str, target: str, options: UpdateOptions) -> None:
        """Move the cluster from ``original`` to ``target`` (spec §3.9)."""
        ...

    def delete(self, namespace: str, manifest: str, *, wait_timeout: float = 0) -> None:
        """Delete every object with background propagation; missing ones are skipped.

        Args:
            namespace: Default namespace of namespaced objects.
            manifest: The objects.
            wait_timeout: When > 0, wait up to that many seconds for them to be gone.
        """
        ...

    def exists(self, namespace: str, manifest: str) -> bool:
        """Whether every object of ``manifest`` exists in the cluster."""
        ...

    def watch_until_ready(self, namespace: str, manifest: str, timeout: float) -> None:
        """Wait for hook objects: Jobs until complete, other kinds are ready at once.

        Raises:
            TillerError: ``Job failed: <reason>``, or a timeout.
        """
        ...

    def wait_crds_established(self, manifest: str, timeout: float) -> None:
        """Wait until the CustomResourceDefinitions of ``manifest`` are Established."""
        ...

    def wait_pod_completed(self, namespace: str, manifest: str, timeout: float) -> str:
        """Wait until the Pod of ``manifest`` has terminated; return its phase."""
        ...

    def pod_logs(self, namespace: str, name: str) -> str:
        """The logs of a Pod."""
        ...
