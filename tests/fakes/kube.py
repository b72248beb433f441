"""An in-memory KubeClient for unit tests: objects, calls, and injectable failures."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tiller.errors import TillerError
from tiller.kube.client import ClusterInfo, UpdateOptions
from tiller.kube.manifests import ObjectRef, parse_objects
from tiller.kube.readiness import JobFailedError

Key = tuple[str, str, str]  # kind, namespace, name
CLUSTER_SCOPED = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"}
FAIL_ANNOTATION = "fake.test/fail"  # on a hook Job: it fails with this reason
PHASE_ANNOTATION = "helm-tui.test/fake-phase"


@dataclass
class FakeKube:
    """Objects live in ``objects``; every operation is appended to ``calls``.

    Failures: ``fail[(operation, name)] = message`` makes that operation on the object
    named ``name`` raise; ``fail[(operation, "*")]`` makes every such operation fail.
    ``unknown_kinds`` are refused like kinds the API server does not serve.
    """

    objects: dict[Key, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    fail: dict[tuple[str, str], str] = field(default_factory=dict)
    unknown_kinds: set[str] = field(default_factory=set)
    table: str = "==> v1/ConfigMap\nNAME  DATA  AGE\ncm    1     5s\n"
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay: float = 0.0  # seconds each create/update takes (concurrency tests)

    # -- helpers -----------------------------------------------------------------------
    def _key(self, ref: ObjectRef, namespace: str) -> Key:
        ns = "" if ref.kind in CLUSTER_SCOPED else (ref.namespace or namespace)
        return (ref.kind, ns, ref.name)

    def _check(self, op: str, ref: ObjectRef) -> None:
        message = self.fail.get((op, ref.name)) or self.fail.get((op, "*"))
        if message:
            raise TillerError(message)
        if ref.kind in self.unknown_kinds:
            raise TillerError(
                f'unable to recognize "": no matches for kind "{ref.kind}" in version '
                f'"{ref.api_version}"'
            )

    def _log(self, op: str, ref: ObjectRef) -> None:
        self.calls.append((op, f"{ref.kind}/{ref.name}"))

    def names(self, kind: str | None = None) -> list[str]:
        """Names of the stored objects (of one kind)."""
        return sorted(k[2] for k in self.objects if kind is None or k[0] == kind)

    def get(self, kind: str, name: str) -> dict[str, Any] | None:
        """A stored object by kind and name (any namespace)."""
        for (k, _, n), body in self.objects.items():
            if (k, n) == (kind, name):
                return body
        return None

    # -- KubeClient ------------------------------------------------------------------
    def resources_table(self, namespace: str, manifest: str) -> str:
        return self.table

    def cluster_info(self) -> ClusterInfo:
        self.calls.append(("cluster_info", ""))
        if ("cluster_info", "*") in self.fail:
            raise TillerError(self.fail[("cluster_info", "*")])
        return ClusterInfo(
            version={"major": "1", "minor": "20", "gitVersion": "v1.20.2"},
            api_versions=frozenset({"v1", "apps/v1", "batch/v1", "apps/v1/Deployment"}),
        )

    def validate(self, namespace: str, manifest: str) -> None:
        for ref in parse_objects(manifest):
            self._check("validate", ref)

    def create(self, namespace: str, manifest: str, *, wait: bool, timeout: float) -> None:
        time.sleep(self.delay)
        with self.lock:
            for ref in parse_objects(manifest):
                self._log("create", ref)
                self._check("create", ref)
                key = self._key(ref, namespace)
                if key in self.objects:
                    raise TillerError(f'{ref.kind.lower()}s "{ref.name}" already exists')
                self.objects[key] = ref.body
            if wait:
                for ref in parse_objects(manifest):
                    self._check("wait", ref)

    def update(self, namespace: str, original: str, target: str, options: UpdateOptions) -> None:
        time.sleep(self.delay)
        with self.lock:
            before = {self._key(r, namespace): r for r in parse_objects(original)}
            after = parse_objects(target)
            errors = []
            for ref in after:
                key = self._key(ref, namespace)
                if key not in self.objects:
                    self._log("create", ref)
                    self._check("create", ref)
                    self.objects[key] = ref.body
                    continue
                if key not in before:
                    raise TillerError(
                        f'kind {ref.kind} with the name "{ref.name}" in "{key[1]}" already '
                        "exists in the cluster and wasn't defined in the previous release. "
                        "Before upgrading, please either delete the resource from the "
                        "cluster or remove it from the chart"
                    )
                self._log("patch", ref)
                try:
                    self._check("patch", ref)
                except TillerError as err:  # like the real one: go on, report them all
                    errors.append(str(err))
                    continue
                self.objects[key] = ref.body
            if errors:
                raise TillerError(" && ".join(errors))
            wanted = {self._key(r, namespace) for r in after}
            for key, ref in before.items():
                policy = ((ref.body.get("metadata") or {}).get("annotations") or {}).get(
                    "helm.sh/resource-policy"
                )
                if key not in wanted and key in self.objects and policy in (None, "delete"):
                    self._log("delete", ref)
                    del self.objects[key]
            if options.wait:
                for ref in after:
                    self._check("wait", ref)

    def delete(self, namespace: str, manifest: str, *, wait_timeout: float = 0) -> None:
        with self.lock:
            for ref in parse_objects(manifest):
                self._log("delete", ref)
                self._check("delete", ref)
                self.objects.pop(self._key(ref, namespace), None)

    def exists(self, namespace: str, manifest: str) -> bool:
        return all(self._key(r, namespace) in self.objects for r in parse_objects(manifest))

    def watch_until_ready(self, namespace: str, manifest: str, timeout: float) -> None:
        for ref in parse_objects(manifest):
            self._log("watch", ref)
            self._check("watch", ref)
            reason = ((ref.body.get("metadata") or {}).get("annotations") or {}).get(
                FAIL_ANNOTATION
            )
            if reason and ref.kind == "Job":
                raise JobFailedError(f"Job failed: {reason}")

    def wait_crds_established(self, manifest: str, timeout: float) -> None:
        for ref in parse_objects(manifest):
            self._log("established", ref)

    def wait_pod_completed(self, namespace: str, manifest: str, timeout: float) -> str:
        [ref] = parse_objects(manifest)
        self._log("wait_pod", ref)
        self._check("wait_pod", ref)
        annotations = (ref.body.get("metadata") or {}).get("annotations") or {}
        if PHASE_ANNOTATION in annotations:
            return str(annotations[PHASE_ANNOTATION])
        return "Failed" if "test-failure" in annotations.get("helm.sh/hook", "") else "Succeeded"

    def pod_logs(self, namespace: str, name: str) -> str:
        return f"log of {name}: 100%"
