"""Readiness checks for --wait and hooks."""

from __future__ import annotations

from typing import Any

import pytest

from tiller.errors import TillerError
from tiller.kube.readiness import (
    JobFailedError,
    crd_established,
    daemonset_ready,
    deployment_ready,
    is_ready,
    scaled,
    service_ready,
    statefulset_ready,
)

Obj = dict[str, Any]


def _none(*_: object) -> list[Obj]:
    return []


def test_scaled_int_or_percent() -> None:
    assert scaled(2, 10, 0, False) == 2
    assert scaled("25%", 10, 0, False) == 2
    assert scaled("25%", 10, 0, True) == 3
    assert scaled("bogus", 10, 7, False) == 7


def _deployment(replicas: int = 4, gen: int = 2, observed: int = 2) -> Obj:
    return {
        "metadata": {
            "uid": "u1",
            "namespace": "ns",
            "generation": gen,
            "annotations": {"deployment.kubernetes.io/revision": "3"},
        },
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "w"}}},
        "status": {"observedGeneration": observed},
    }


def _rs(revision: str, ready: int, owner: str = "u1") -> Obj:
    return {
        "metadata": {
            "ownerReferences": [{"uid": owner}],
            "annotations": {"deployment.kubernetes.io/revision": revision},
        },
        "status": {"readyReplicas": ready},
    }


def test_deployment_waits_for_new_replicaset_minus_max_unavailable() -> None:
    def lister(sets: list[Obj]) -> Any:
        def list_objects(prefix: str, plural: str, ns: str, labels: dict[str, str]) -> list[Obj]:
            assert (prefix, plural, ns, labels) == (
                "/apis/apps/v1",
                "replicasets",
                "ns",
                {"app": "w"},
            )
            return sets

        return list_objects

    dep = _deployment()
    # 25% of 4 may be unavailable: 3 ready replicas of the NEW set are enough.
    assert deployment_ready(dep, lister([_rs("2", 4), _rs("3", 3)]))
    assert not deployment_ready(dep, lister([_rs("2", 4), _rs("3", 2)]))
    assert not deployment_ready(dep, lister([_rs("3", 4, owner="other")]))
    assert not deployment_ready(_deployment(observed=1), lister([_rs("3", 4)]))
    paused = _deployment(observed=1)
    paused["spec"]["paused"] = True
    assert deployment_ready(paused, lister([]))


def test_statefulset_and_daemonset() -> None:
    sts = {"spec": {"replicas": 2}, "status": {"readyReplicas": 2, "updatedReplicas": 1}}
    assert not statefulset_ready(sts)
    sts["status"]["updatedReplicas"] = 2
    assert statefulset_ready(sts)
    ds = {"status": {"desiredNumberScheduled": 3, "updatedNumberScheduled": 3, "numberReady": 2}}
    assert daemonset_ready(ds)  # maxUnavailable defaults to 1
    ds["status"]["numberReady"] = 1
    assert not daemonset_ready(ds)


def test_services_pvcs_pods_jobs() -> None:
    assert service_ready({"spec": {"type": "ExternalName"}})
    assert not service_ready({"spec": {}})
    assert service_ready({"spec": {"clusterIP": "None"}})
    assert not service_ready({"spec": {"type": "LoadBalancer", "clusterIP": "10.0.0.1"}})
    assert is_ready("PersistentVolumeClaim", {"status": {"phase": "Bound"}}, _none)
    assert not is_ready("PersistentVolumeClaim", {"status": {"phase": "Pending"}}, _none)
    ready = {"status": {"conditions": [{"type": "Ready", "status": "True"}]}}
    assert is_ready("Pod", ready, _none)
    assert not is_ready("Pod", {}, _none)
    assert is_ready("ConfigMap", {}, _none)
    done = {"status": {"conditions": [{"type": "Complete", "status": "True"}]}}
    assert is_ready("Job", done, _none)
    failed = {
        "status": {
            "conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]
        }
    }
    with pytest.raises(JobFailedError, match="^Job failed: BackoffLimitExceeded$"):
        is_ready("Job", failed, _none)


def test_crd_established_or_naming_conflict() -> None:
    assert crd_established({"status": {"conditions": [{"type": "Established", "status": "True"}]}})
    assert not crd_established({})
    conflict = {
        "status": {
            "conditions": [
                {
                    "type": "NamesAccepted",
                    "status": "False",
                    "message": '"widgets" is already in use',
                }
            ]
        }
    }
    with pytest.raises(TillerError, match="already in use"):
        crd_established(conflict)
