"""Rendered files → hooks and manifest (spec §3.1)."""

from __future__ import annotations

import pytest

from tiller.hooks import Event
from tiller.releases.sorting import (
    ManifestParseError,
    sort_manifests,
    split_manifest,
    uninstall_documents,
)

DEPLOY = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
SVC = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
JOB_HOOK = (
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n"
    '    "helm.sh/hook": pre-install\n    "helm.sh/hook-weight": "-2"\n'
)


def test_split_follows_helm_separator_rule() -> None:
    assert split_manifest("---\na: 1\n---\nb: 2\n  \n---   \n\n  c: 3\n") == [
        "a: 1",
        "b: 2",
        "c: 3",
    ]
    # `---` inside a line is not a separator; `---foo` after a newline is.
    assert split_manifest("a: ---\n---foo: 1") == ["a: ---", "foo: 1"]
    assert split_manifest("  \n\n") == []


def test_manifest_layout_kind_order_and_hooks() -> None:
    files = {
        "c/templates/deploy.yaml": DEPLOY,
        "c/templates/svc.yaml": f"# leading comment\n{SVC}---\n{CM}",
        "c/templates/_helpers.tpl": CM,
        "c/templates/blank.yaml": "  \n",
        "c/templates/job.yaml": JOB_HOOK,
    }
    result = sort_manifests(files)
    assert result.manifest == (
        f"\n---\n# Source: c/templates/svc.yaml\n{CM.strip()}"
        f"\n---\n# Source: c/templates/svc.yaml\n# leading comment\n{SVC.strip()}"
        f"\n---\n# Source: c/templates/deploy.yaml\n{DEPLOY.strip()}"
    )
    [hook] = result.hooks
    assert (hook.name, hook.kind, hook.path, hook.weight) == (
        "migrate",
        "Job",
        "c/templates/job.yaml",
        -2,
    )
    assert list(hook.events) == [Event.PRE_INSTALL]
    assert hook.manifest == JOB_HOOK.strip()


def test_unknown_hook_event_drops_document() -> None:
    doc = JOB_HOOK.replace("pre-install", "pre-instal")
    result = sort_manifests({"c/templates/job.yaml": doc, "c/templates/cm.yaml": CM})
    assert result.hooks == []
    assert "migrate" not in result.manifest


def test_unknown_kinds_go_last() -> None:
    crd_obj = "apiVersion: x.io/v1\nkind: Widget\nmetadata:\n  name: w\n"
    result = sort_manifests({"c/templates/a.yaml": crd_obj, "c/templates/b.yaml": CM})
    assert result.manifest.index("kind: ConfigMap") < result.manifest.index("kind: Widget")


def test_yaml_error_names_the_template() -> None:
    with pytest.raises(ManifestParseError) as err:
        sort_manifests({"c/templates/bad.yaml": "a: b: c\n"})
    assert str(err.value).startswith("YAML parse error on c/templates/bad.yaml: ")
    with pytest.raises(ManifestParseError) as err:
        sort_manifests({"c/templates/list.yaml": "- a\n- b\n"})
    assert "releaseutil.SimpleHead" in str(err.value)


def test_uninstall_documents_in_uninstall_order() -> None:
    manifest = sort_manifests({"c/templates/a.yaml": f"{CM}---\n{DEPLOY}---\n{SVC}"}).manifest
    assert [d.kind for d in uninstall_documents(manifest)] == [
        "Service",
        "Deployment",
        "ConfigMap",
    ]
