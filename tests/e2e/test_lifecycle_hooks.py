"""Hooks (weights, delete policies, failures) and crd-install on the local cluster."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from kubernetes import client

from tests.cluster import KubeCluster
from tests.e2e.lifecycle_helpers import Lab, S, lab_namespaces
from tests.fake_node import FakeNode

pytestmark = pytest.mark.cluster


@pytest.fixture
def lab(kube_cluster: KubeCluster, tmp_path: Path) -> Iterator[Lab]:
    with (
        lab_namespaces(kube_cluster, tmp_path, "hooks") as lab,
        lab.running(),
        FakeNode(kube_cluster.kubeconfig, namespaces=[lab.ns]),
    ):
        yield lab


def _jobs(lab: Lab) -> set[str]:
    items = lab.batch.list_namespaced_job(lab.ns).items
    return {j.metadata.name for j in items if j.metadata.deletion_timestamp is None}


def _hook_runs(lab: Lab) -> list[str]:
    assert lab.tiller is not None
    return re.findall(r"running (\S+) hook (\S+) ", lab.tiller.log())


def test_hooks_weights_policies_and_failures(lab: Lab) -> None:
    rel = lab.install("h", "hooks")
    assert rel.info.status.code == S.DEPLOYED
    # Weight order (-5, 0, 5), then post-install.
    assert _hook_runs(lab) == [
        ("pre-install", "h-pre-install-early"),
        ("pre-install", "h-pre-install-middle"),
        ("pre-install", "h-pre-install-late"),
        ("post-install", "h-post-install"),
    ]
    # hook-succeeded removed the late one; the others have no such policy.
    assert _jobs(lab) == {"h-pre-install-early", "h-pre-install-middle"}
    assert lab.configmap("h-post-install") == {"revision": "1"}
    _, stored = lab.records("h")[1]
    assert all(h.last_run.seconds > 0 for h in stored.hooks if h.events[0] in (1, 2))
    assert lab.configmap("h-main") == {"revision": "1"}

    # A successful upgrade: pre-upgrade removed (hook-succeeded), post-upgrade recreated
    # through before-hook-creation.
    lab.upgrade("h", "hooks")
    assert "h-pre-upgrade" not in _jobs(lab)
    assert lab.configmap("h-post-install") == {"revision": "2"}

    # A failing pre-upgrade Job: the error is the Job's, the revision stays pending
    # (as Helm does), hook-failed removed the Job.
    with pytest.raises(grpc.RpcError) as err:
        lab.upgrade("h", "hooks", "failPreUpgrade: true\n")
    assert err.value.details() == "Job failed: BackoffLimitExceeded"
    assert lab.statuses("h") == {1: "SUPERSEDED", 2: "DEPLOYED", 3: "PENDING_UPGRADE"}
    assert "h-pre-upgrade" not in _jobs(lab)
    with pytest.raises(grpc.RpcError) as err:
        lab.upgrade("h", "hooks")
    assert err.value.details() == "another operation (install/upgrade/rollback) is in progress"

    # Rollback is the way out (no pending check), running the rollback hooks.
    rel = lab.rollback("h", 2)
    assert (rel.version, rel.info.status.code) == (4, S.DEPLOYED)
    assert {"h-pre-rollback", "h-post-rollback"} <= _jobs(lab)
    assert lab.statuses("h") == {1: "SUPERSEDED", 2: "SUPERSEDED", 3: "SUPERSEDED", 4: "DEPLOYED"}

    # Uninstall runs pre-delete (removed: hook-succeeded) and post-delete (kept).
    lab.uninstall("h")
    assert "h-pre-delete" not in _jobs(lab)
    assert "h-post-delete" in _jobs(lab)
    assert lab.configmap("h-main") is None
    runs = _hook_runs(lab)
    assert runs[-2:] == [("pre-delete", "h-pre-delete"), ("post-delete", "h-post-delete")]


CRD = "widgets.demo.helm-tui.io"


def test_crd_install_hook_then_custom_resource(lab: Lab) -> None:
    ext = client.ApiextensionsV1Api(lab.api)
    custom = client.CustomObjectsApi(lab.api)
    try:
        ext.delete_custom_resource_definition(CRD)
    except client.ApiException as err:
        assert err.status == 404
    try:
        # Without the CRD, a dry run cannot validate the Widget: Helm skips validation.
        rel = lab.install("w", "crd", dry_run=True)
        assert rel.info.Description == "Validation skipped because CRDs are not installed"
        with pytest.raises(grpc.RpcError) as err:
            lab.install("w", "crd", dry_run=True, disable_crd_hook=True)
        assert err.value.details() == (
            'validation failed: unable to recognize "": no matches for kind "Widget" in '
            'version "demo.helm-tui.io/v1"'
        )
        rel = lab.install("w", "crd", "size: 5\n")
        assert rel.info.status.code == S.DEPLOYED
        widget = custom.get_namespaced_custom_object(
            "demo.helm-tui.io", "v1", lab.ns, "widgets", "w-widget"
        )
        assert widget["spec"] == {"size": 5, "colors": ["red", "green"]}
        # Custom resources are patched with a JSON merge patch.
        lab.upgrade("w", "crd", "size: 7\n")
        widget = custom.get_namespaced_custom_object(
            "demo.helm-tui.io", "v1", lab.ns, "widgets", "w-widget"
        )
        assert widget["spec"] == {"size": 7, "colors": ["red", "green"]}
        lab.uninstall("w", purge=True)
        with pytest.raises(client.ApiException):
            custom.get_namespaced_custom_object(
                "demo.helm-tui.io", "v1", lab.ns, "widgets", "w-widget"
            )
        # Hook objects are not part of the release: the CRD stays.
        assert ext.read_custom_resource_definition(CRD).metadata.name == CRD
    finally:
        with contextlib.suppress(client.ApiException):
            ext.delete_custom_resource_definition(CRD)
