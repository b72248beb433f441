"""Two-way merge patches (spec §3.9)."""

from __future__ import annotations

from typing import Any

from tiller.kube.openapi import DefinitionMeta, build_index
from tiller.kube.patch import json_merge_patch, strategic_merge_patch

OPENAPI: dict[str, Any] = {
    "definitions": {
        "Deployment": {
            "x-kubernetes-group-version-kind": [
                {"group": "apps", "version": "v1", "kind": "Deployment"}
            ],
            "properties": {
                "metadata": {"$ref": "#/definitions/Meta"},
                "spec": {"$ref": "#/definitions/Spec"},
            },
        },
        "Meta": {
            "properties": {
                "finalizers": {"type": "array", "x-kubernetes-patch-strategy": "merge"},
                "name": {"type": "string"},
            }
        },
        "Spec": {
            "properties": {
                "strategy": {
                    "$ref": "#/definitions/Strategy",
                    "x-kubernetes-patch-strategy": "retainKeys",
                },
                "containers": {
                    "type": "array",
                    "items": {"$ref": "#/definitions/Container"},
                    "x-kubernetes-patch-merge-key": "name",
                    "x-kubernetes-patch-strategy": "merge",
                },
                "args": {"type": "array"},
            }
        },
        "Container": {
            "properties": {
                "env": {
                    "type": "array",
                    "items": {"$ref": "#/definitions/Env"},
                    "x-kubernetes-patch-merge-key": "name",
                    "x-kubernetes-patch-strategy": "merge",
                }
            }
        },
    }
}


def meta() -> DefinitionMeta:
    index = build_index(OPENAPI)
    return DefinitionMeta(index, index.kinds[("apps", "v1", "Deployment")])


def test_json_merge_patch_diffs_maps_and_replaces_lists() -> None:
    old = {"a": 1, "b": {"c": 1, "d": 2}, "l": [1, 2], "gone": True}
    new = {"a": 1, "b": {"c": 1, "d": 3, "e": 4}, "l": [1]}
    assert json_merge_patch(old, new) == {"b": {"d": 3, "e": 4}, "l": [1], "gone": None}
    assert json_merge_patch(new, new) == {}


def test_strategic_patch_merges_lists_by_key() -> None:
    old = {
        "spec": {
            "containers": [
                {"name": "a", "image": "x:1", "env": [{"name": "A", "value": "1"}]},
                {"name": "b", "image": "y"},
            ]
        }
    }
    new = {
        "spec": {
            "containers": [
                {"name": "a", "image": "x:2", "env": [{"name": "A", "value": "1"}]},
                {"name": "c", "image": "z"},
            ]
        }
    }
    assert strategic_merge_patch(old, new, meta()) == {
        "spec": {
            "$setElementOrder/containers": [{"name": "a"}, {"name": "c"}],
            "containers": [
                {"name": "a", "image": "x:2"},
                {"name": "c", "image": "z"},
                {"name": "b", "$patch": "delete"},
            ],
        }
    }


def test_strategic_patch_nested_merge_list_and_atomic_list() -> None:
    old = {"spec": {"args": ["a", "b"], "containers": [{"name": "a", "env": [{"name": "X"}]}]}}
    new = {"spec": {"args": ["a"], "containers": [{"name": "a", "env": [{"name": "Y"}]}]}}
    assert strategic_merge_patch(old, new, meta()) == {
        "spec": {
            "args": ["a"],
            "$setElementOrder/containers": [{"name": "a"}],
            "containers": [
                {
                    "name": "a",
                    "$setElementOrder/env": [{"name": "Y"}],
                    "env": [{"name": "Y"}, {"name": "X", "$patch": "delete"}],
                }
            ],
        }
    }


def test_strategic_patch_primitive_merge_list_and_retain_keys() -> None:
    old = {
        "metadata": {"finalizers": ["a", "b"]},
        "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}},
    }
    new = {"metadata": {"finalizers": ["b", "c"]}, "spec": {"strategy": {"type": "Recreate"}}}
    assert strategic_merge_patch(old, new, meta()) == {
        "metadata": {
            "$setElementOrder/finalizers": ["b", "c"],
            "finalizers": ["c"],
            "$deleteFromPrimitiveList/finalizers": ["a"],
        },
        "spec": {"strategy": {"type": "Recreate", "rollingUpdate": None, "$retainKeys": ["type"]}},
    }


def test_strategic_patch_without_schema_replaces_lists() -> None:
    old = {"spec": {"containers": [{"name": "a"}]}, "x": 1}
    new = {"spec": {"containers": [{"name": "b"}]}}
    assert strategic_merge_patch(old, new, None) == {
        "spec": {"containers": [{"name": "b"}]},
        "x": None,
    }
