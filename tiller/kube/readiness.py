"""When is a live object ready? Pure checks for ``--wait`` and hooks (spec §3.9, §4).

Each check gets the live object and a way to list related objects, and returns whether
the object is ready; a terminal failure (a failed Job) raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tiller.errors import TillerError

Obj = dict[str, Any]
ListFn = Callable[[str, str, str, dict[str, str]], list[Obj]]
"""(api path prefix, plural, namespace, matchLabels) → live objects."""

REVISION_ANNOTATION = "deployment.kubernetes.io/revision"


class JobFailedError(TillerError):
    """A Job reached its Failed condition (Helm's ``Job failed: <reason>``)."""


def _cond(obj: Obj, kind: str) -> Obj | None:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c.get("type") == kind:
            return dict(c)
    return None


def _true(obj: Obj, kind: str) -> bool:
    c = _cond(obj, kind)
    return c is not None and c.get("status") == "True"


def _int(value: Any, default: int) -> int:
    return int(value) if isinstance(value, int) else default


def scaled(value: Any, total: int, default: int, round_up: bool) -> int:
    """Kubernetes' IntOrString: an int, or a percentage of ``total``."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.endswith("%"):
        try:
            fraction = float(value[:-1]) * total / 100
        except ValueError:
            return default
        return math.ceil(fraction) if round_up else math.floor(fraction)
    return default


def _observed(obj: Obj) -> bool:
    generation = _int((obj.get("metadata") or {}).get("generation"), 0)
    return _int((obj.get("status") or {}).get("observedGeneration"), 0) >= generation


def pod_ready(pod: Obj) -> bool:
    """A Pod is ready when its Ready condition is True."""
    return _true(pod, "Ready")


def job_complete(job: Obj) -> bool:
    """Whether a Job completed.

    Raises:
        JobFailedError: the Job failed.
    """
    if _true(job, "Complete"):
        return True
    failed = _cond(job, "Failed")
    if failed is not None and failed.get("status") == "True":
        raise JobFailedError(f"Job failed: {failed.get('reason', '')}")
    return False


def deployment_ready(dep: Obj, list_objects: ListFn) -> bool:
    """The new ReplicaSet has at least replicas − maxUnavailable ready pods."""
    spec = dep.get("spec") or {}
    if spec.get("paused"):
        return True  # a paused rollout never progresses; Helm does not wait for it
    if not _observed(dep):
        return False
    replicas = _int(spec.get("replicas"), 1)
    strategy = spec.get("strategy") or {}
    max_unavailable = 0
    if strategy.get("type", "RollingUpdate") == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        max_unavailable = scaled(rolling.get("maxUnavailable", "25%"), replicas, 0, False)
    meta = dep.get("metadata") or {}
    revision = (meta.get("annotations") or {}).get(REVISION_ANNOTATION)
    labels = (spec.get("selector") or {}).get("matchLabels") or {}
    for rs in list_objects("/apis/apps/v1", "replicasets", meta.get("namespace", ""), labels):
        rs_meta = rs.get("metadata") or {}
        owners = {o.get("uid") for o in rs_meta.get("ownerReferences") or []}
        if meta.get("uid") not in owners:
            continue
        if (rs_meta.get("annotations") or {}).get(REVISION_ANNOTATION) != revision:
            continue
        ready = _int((rs.get("status") or {}).get("readyReplicas"), 0)
        return ready >= replicas - max_unavailable
    return False


def statefulset_ready(sts: Obj) -> bool:
    """All replicas ready and (for rolling updates) updated."""
    if not _observed(sts):
        return False
    spec, status = sts.get("spec") or {}, sts.get("status") or {}
    replicas = _int(spec.get("replicas"), 1)
    if _int(status.get("readyReplicas"), 0) < replicas:
        return False
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return True
    partition = _int((strategy.get("rollingUpdate") or {}).get("partition"), 0)
    return _int(status.get("updatedReplicas"), 0) >= replicas - partition


def daemonset_ready(ds: Obj) -> bool:
    """At least desired − maxUnavailable pods ready and every pod updated."""
    if not _observed(ds):
        return False
    spec, status = ds.get("spec") or {}, ds.get("status") or {}
    desired = _int(status.get("desiredNumberScheduled"), 0)
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type", "RollingUpdate") == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        if _int(status.get("updatedNumberScheduled"), 0) < desired:
            return False
        max_unavailable = scaled(rolling.get("maxUnavailable", 1), desired, 1, True)
    else:
        max_unavailable = 0
    return _int(status.get("numberReady"), 0) >= desired - max_unavailable


def replicas_ready(obj: Obj) -> bool:
    """ReplicaSets and ReplicationControllers: every replica ready."""
    replicas = _int((obj.get("spec") or {}).get("replicas"), 1)
    return _observed(obj) and _int((obj.get("status") or {}).get("readyReplicas"), 0) >= replicas


def service_ready(svc: Obj) -> bool:
    """A ClusterIP is allocated (headless and ExternalName need none); LBs have ingress."""
    spec = svc.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    if kind == "ExternalName":
        return True
    if not spec.get("clusterIP"):
        return False
    if kind == "LoadBalancer":
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress")
        return bool(ingress)
    return True


def pvc_ready(pvc: Obj) -> bool:
    """A PersistentVolumeClaim is Bound."""
    return (pvc.get("status") or {}).get("phase") == "Bound"


def is_ready(kind: str, live: Obj, list_objects: ListFn) -> bool:
    """Readiness of any kind for ``--wait`` (kinds not listed are ready at once).

    Raises:
        JobFailedError: a Job failed.
    """
    if kind == "Pod":
        return pod_ready(live)
    if kind == "Deployment":
        return deployment_ready(live, list_objects)
    if kind == "StatefulSet":
        return statefulset_ready(live)
    if kind == "DaemonSet":
        return daemonset_ready(live)
    if kind in ("ReplicaSet", "ReplicationController"):
        return replicas_ready(live)
    if kind == "Job":
        return job_complete(live)
    if kind == "Service":
        return service_ready(live)
    if kind == "PersistentVolumeClaim":
        return pvc_ready(live)
    return True


def crd_established(crd: Obj) -> bool:
    """Whether a CustomResourceDefinition can be used.

    Raises:
        TillerError: its names conflict with another CRD.
    """
    if _true(crd, "Established"):
        return True
    names = _cond(crd, "NamesAccepted")
    if names is not None and names.get("status") == "False":
        raise TillerError(str(names.get("message") or "CRD names were not accepted"))
    return False
