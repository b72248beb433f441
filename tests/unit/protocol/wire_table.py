"""Helm v2.17's hapi wire format, kept by hand from the spec (hapi.md section 1).

Each message maps to its fields as ``name: (number, type, label)``. ``type`` is the proto
scalar name, or the fully-qualified message/enum name for composite fields; a map field is
``map<key,value>``. ``label`` is ``rep`` for repeated fields and ``one`` otherwise. The
tests compare the generated descriptors with this table, so a renumbered or retyped field
in a .proto file cannot go unnoticed.
"""

from __future__ import annotations

Field = tuple[int, str, str]

TS = "google.protobuf.Timestamp"
REL = "hapi.release.Release"

MESSAGES: dict[str, dict[str, Field]] = {
    "hapi.chart.Chart": {
        "metadata": (1, "hapi.chart.Metadata", "one"),
        "templates": (2, "hapi.chart.Template", "rep"),
        "dependencies": (3, "hapi.chart.Chart", "rep"),
        "values": (4, "hapi.chart.Config", "one"),
        "files": (5, "google.protobuf.Any", "rep"),
    },
    "hapi.chart.Config": {
        "raw": (1, "string", "one"),
        "values": (2, "map<string,hapi.chart.Value>", "rep"),
    },
    "hapi.chart.Value": {"value": (1, "string", "one")},
    "hapi.chart.Maintainer": {
        "name": (1, "string", "one"),
        "email": (2, "string", "one"),
        "url": (3, "string", "one"),
    },
    "hapi.chart.Metadata": {
        "name": (1, "string", "one"),
        "home": (2, "string", "one"),
        "sources": (3, "string", "rep"),
        "version": (4, "string", "one"),
        "description": (5, "string", "one"),
        "keywords": (6, "string", "rep"),
        "maintainers": (7, "hapi.chart.Maintainer", "rep"),
        "engine": (8, "string", "one"),
        "icon": (9, "string", "one"),
        "apiVersion": (10, "string", "one"),
        "condition": (11, "string", "one"),
        "tags": (12, "string", "one"),
        "appVersion": (13, "string", "one"),
        "deprecated": (14, "bool", "one"),
        "tillerVersion": (15, "string", "one"),
        "annotations": (16, "map<string,string>", "rep"),
        "kubeVersion": (17, "string", "one"),
    },
    "hapi.chart.Template": {"name": (1, "string", "one"), "data": (2, "bytes", "one")},
    "hapi.release.Hook": {
        "name": (1, "string", "one"),
        "kind": (2, "string", "one"),
        "path": (3, "string", "one"),
        "manifest": (4, "string", "one"),
        "events": (5, "hapi.release.Hook.Event", "rep"),
        "last_run": (6, TS, "one"),
        "weight": (7, "int32", "one"),
        "delete_policies": (8, "hapi.release.Hook.DeletePolicy", "rep"),
        "delete_timeout": (9, "int64", "one"),
    },
    "hapi.release.Info": {
        "status": (1, "hapi.release.Status", "one"),
        "first_deployed": (2, TS, "one"),
        "last_deployed": (3, TS, "one"),
        "deleted": (4, TS, "one"),
        "Description": (5, "string", "one"),
    },
    "hapi.release.Release": {
        "name": (1, "string", "one"),
        "info": (2, "hapi.release.Info", "one"),
        "chart": (3, "hapi.chart.Chart", "one"),
        "config": (4, "hapi.chart.Config", "one"),
        "manifest": (5, "string", "one"),
        "hooks": (6, "hapi.release.Hook", "rep"),
        "version": (7, "int32", "one"),
        "namespace": (8, "string", "one"),
    },
    "hapi.release.Status": {
        "code": (1, "hapi.release.Status.Code", "one"),
        "resources": (3, "string", "one"),
        "notes": (4, "string", "one"),
        "last_test_suite_run": (5, "hapi.release.TestSuite", "one"),
    },
    "hapi.release.TestRun": {
        "name": (1, "string", "one"),
        "status": (2, "hapi.release.TestRun.Status", "one"),
        "info": (3, "string", "one"),
        "started_at": (4, TS, "one"),
        "completed_at": (5, TS, "one"),
    },
    "hapi.release.TestSuite": {
        "started_at": (1, TS, "one"),
        "completed_at": (2, TS, "one"),
        "results": (3, "hapi.release.TestRun", "rep"),
    },
    "hapi.version.Version": {
        "sem_ver": (1, "string", "one"),
        "git_commit": (2, "string", "one"),
        "git_tree_state": (3, "string", "one"),
    },
    "hapi.services.tiller.ListReleasesRequest": {
        "limit": (1, "int64", "one"),
        "offset": (2, "string", "one"),
        "sort_by": (3, "hapi.services.tiller.ListSort.SortBy", "one"),
        "filter": (4, "string", "one"),
        "sort_order": (5, "hapi.services.tiller.ListSort.SortOrder", "one"),
        "status_codes": (6, "hapi.release.Status.Code", "rep"),
        "namespace": (7, "string", "one"),
    },
    "hapi.services.tiller.ListSort": {},
    "hapi.services.tiller.ListReleasesResponse": {
        "count": (1, "int64", "one"),
        "next": (2, "string", "one"),
        "total": (3, "int64", "one"),
        "releases": (4, REL, "rep"),
    },
    "hapi.services.tiller.GetReleaseStatusRequest": {
        "name": (1, "string", "one"),
        "version": (2, "int32", "one"),
    },
    "hapi.services.tiller.GetReleaseStatusResponse": {
        "name": (1, "string", "one"),
        "info": (2, "hapi.release.Info", "one"),
        "namespace": (3, "string", "one"),
    },
    "hapi.services.tiller.GetReleaseContentRequest": {
        "name": (1, "string", "one"),
        "version": (2, "int32", "one"),
    },
    "hapi.services.tiller.GetReleaseContentResponse": {"release": (1, REL, "one")},
    "hapi.services.tiller.UpdateReleaseRequest": {
        "name": (1, "string", "one"),
        "chart": (2, "hapi.chart.Chart", "one"),
        "values": (3, "hapi.chart.Config", "one"),
        "dry_run": (4, "bool", "one"),
        "disable_hooks": (5, "bool", "one"),
        "recreate": (6, "bool", "one"),
        "timeout": (7, "int64", "one"),
        "reset_values": (8, "bool", "one"),
        "wait": (9, "bool", "one"),
        "reuse_values": (10, "bool", "one"),
        "force": (11, "bool", "one"),
        "description": (12, "string", "one"),
        "subNotes": (13, "bool", "one"),
        "cleanup_on_fail": (14, "bool", "one"),
    },
    "hapi.services.tiller.UpdateReleaseResponse": {"release": (1, REL, "one")},
    "hapi.services.tiller.RollbackReleaseRequest": {
        "name": (1, "string", "one"),
        "dry_run": (2, "bool", "one"),
        "disable_hooks": (3, "bool", "one"),
        "version": (4, "int32", "one"),
        "recreate": (5, "bool", "one"),
        "timeout": (6, "int64", "one"),
        "wait": (7, "bool", "one"),
        "force": (8, "bool", "one"),
        "description": (9, "string", "one"),
        "cleanup_on_fail": (10, "bool", "one"),
    },
    "hapi.services.tiller.RollbackReleaseResponse": {"release": (1, REL, "one")},
    "hapi.services.tiller.InstallReleaseRequest": {
        "chart": (1, "hapi.chart.Chart", "one"),
        "values": (2, "hapi.chart.Config", "one"),
        "dry_run": (3, "bool", "one"),
        "name": (4, "string", "one"),
        "disable_hooks": (5, "bool", "one"),
        "namespace": (6, "string", "one"),
        "reuse_name": (7, "bool", "one"),
        "timeout": (8, "int64", "one"),
        "wait": (9, "bool", "one"),
        "disable_crd_hook": (10, "bool", "one"),
        "description": (11, "string", "one"),
        "subNotes": (12, "bool", "one"),
    },
    "hapi.services.tiller.InstallReleaseResponse": {"release": (1, REL, "one")},
    "hapi.services.tiller.UninstallReleaseRequest": {
        "name": (1, "string", "one"),
        "disable_hooks": (2, "bool", "one"),
        "purge": (3, "bool", "one"),
        "timeout": (4, "int64", "one"),
        "description": (5, "string", "one"),
    },
    "hapi.services.tiller.UninstallReleaseResponse": {
        "release": (1, REL, "one"),
        "info": (2, "string", "one"),
    },
    "hapi.services.tiller.GetVersionRequest": {},
    "hapi.services.tiller.GetVersionResponse": {"Version": (1, "hapi.version.Version", "one")},
    "hapi.services.tiller.GetHistoryRequest": {
        "name": (1, "string", "one"),
        "max": (2, "int32", "one"),
    },
    "hapi.services.tiller.GetHistoryResponse": {"releases": (1, REL, "rep")},
    "hapi.services.tiller.TestReleaseRequest": {
        "name": (1, "string", "one"),
        "timeout": (2, "int64", "one"),
        "cleanup": (3, "bool", "one"),
        "parallel": (4, "bool", "one"),
        "max_parallel": (5, "uint32", "one"),
        "logs": (6, "bool", "one"),
    },
    "hapi.services.tiller.TestReleaseResponse": {
        "msg": (1, "string", "one"),
        "status": (2, "hapi.release.TestRun.Status", "one"),
    },
}

ENUMS: dict[str, dict[str, int]] = {
    "hapi.chart.Metadata.Engine": {"UNKNOWN": 0, "GOTPL": 1},
    "hapi.release.Hook.Event": {
        "UNKNOWN": 0,
        "PRE_INSTALL": 1,
        "POST_INSTALL": 2,
        "PRE_DELETE": 3,
        "POST_DELETE": 4,
        "PRE_UPGRADE": 5,
        "POST_UPGRADE": 6,
        "PRE_ROLLBACK": 7,
        "POST_ROLLBACK": 8,
        "RELEASE_TEST_SUCCESS": 9,
        "RELEASE_TEST_FAILURE": 10,
        "CRD_INSTALL": 11,
    },
    "hapi.release.Hook.DeletePolicy": {"SUCCEEDED": 0, "FAILED": 1, "BEFORE_HOOK_CREATION": 2},
    "hapi.release.Status.Code": {
        "UNKNOWN": 0,
        "DEPLOYED": 1,
        "DELETED": 2,
        "SUPERSEDED": 3,
        "FAILED": 4,
        "DELETING": 5,
        "PENDING_INSTALL": 6,
        "PENDING_UPGRADE": 7,
        "PENDING_ROLLBACK": 8,
    },
    "hapi.release.TestRun.Status": {"UNKNOWN": 0, "SUCCESS": 1, "FAILURE": 2, "RUNNING": 3},
    "hapi.services.tiller.ListSort.SortBy": {
        "UNKNOWN": 0,
        "NAME": 1,
        "LAST_RELEASED": 2,
        "CHART_NAME": 3,
    },
    "hapi.services.tiller.ListSort.SortOrder": {"ASC": 0, "DESC": 1},
}

# (method, request, response, server_streaming), in the order of the service definition.
RPCS: list[tuple[str, str, str, bool]] = [
    ("ListReleases", "ListReleasesRequest", "ListReleasesResponse", True),
    ("GetReleaseStatus", "GetReleaseStatusRequest", "GetReleaseStatusResponse", False),
    ("GetReleaseContent", "GetReleaseContentRequest", "GetReleaseContentResponse", False),
    ("UpdateRelease", "UpdateReleaseRequest", "UpdateReleaseResponse", False),
    ("InstallRelease", "InstallReleaseRequest", "InstallReleaseResponse", False),
    ("UninstallRelease", "UninstallReleaseRequest", "UninstallReleaseResponse", False),
    ("GetVersion", "GetVersionRequest", "GetVersionResponse", False),
    ("RollbackRelease", "RollbackReleaseRequest", "RollbackReleaseResponse", False),
    ("GetHistory", "GetHistoryRequest", "GetHistoryResponse", False),
    ("RunReleaseTest", "TestReleaseRequest", "TestReleaseResponse", True),
]
