"""``helm-tui --script`` against a real tiller process on the local cluster.

Every release command runs from a script, through a real Tiller storing releases in
ConfigMaps and creating objects on the local control plane (pods made Ready by the fake
node). Text outputs are compared with golden files, JSON outputs with their documented
schemas; error paths are checked for line number, message and exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cluster import KubeCluster
from tests.e2e.lifecycle_helpers import delete_namespace, new_namespace
from tests.e2e.test_script_support import (
    CHARTS,
    GOLDEN,
    Result,
    check_golden,
    matches,
    normalise,
    run_script,
    serve_directory,
)
from tests.e2e.tiller_process import TillerProcess, run_tiller
from tests.fake_node import FakeNode

pytestmark = pytest.mark.cluster


@dataclass
class Lab:
    tiller: TillerProcess
    ns: str
    storage: str
    env: dict[str, str]
    work: Path

    def run(self, text: str, *flags: str, name: str = "script.txt") -> Result:
        return run_script(
            text, self.work, "--host", self.tiller.address, *flags, env=self.env, name=name
        )


@pytest.fixture(scope="module")
def lab(kube_cluster: KubeCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    api = kube_cluster.api_client()
    storage, ns = new_namespace(api, "st"), new_namespace(api, "rel")
    work = tmp_path_factory.mktemp("script")
    env = {**kube_cluster.env, "TILLER_NAMESPACE": storage}
    try:
        with (
            run_tiller(work, "--storage", "configmap", env=env) as tiller,
            FakeNode(kube_cluster.kubeconfig, namespaces=[ns]),
        ):
            script_env = {
                **kube_cluster.env,
                "NS": ns,
                "CHARTS": str(CHARTS),
                "VAULT": str(GOLDEN / "charts" / "vault"),
                "HELM_HOME": str(work / "home"),
                "REPO": str(work / "charts-repo"),
            }
            yield Lab(tiller, ns, storage, script_env, work)
    finally:
        delete_namespace(api, ns)
        delete_namespace(api, storage)
        api.close()


RELEASE_SCRIPT = """\
# Every release command once, as a CI job would run them.
helm install ${CHARTS}/hello --name web --namespace ${NS} --set message=hi --wait
status web
helm upgrade web ${CHARTS}/hello --set message=bye \\
    --description "second revision"
history web
get values web
get values web --all
get manifest web
get hooks web
get notes web
get web --revision 1
diff revision web 1 2
diff rollback web 1
rollback web 1 --wait
test web --cleanup
diff upgrade web ${CHARTS}/hello --set message=hi --set replicaCount=2
list --namespace ${NS}
delete web
list --deleted --namespace ${NS}
delete --purge web
"""


def test_release_commands_golden(lab: Lab) -> None:
    result = lab.run(RELEASE_SCRIPT)
    assert result.code == 0, result.err
    check_golden("release_script.out", normalise(result.out))
    check_golden("release_script.err", normalise(result.err))


SECRETS_SCRIPT = """\
install ${VAULT} --name vault --namespace ${NS} --set password=hunter2
get values vault
get manifest vault
diff upgrade vault ${VAULT} --set password=letmein --set user=root
"""


def test_secrets_are_masked_unless_asked(lab: Lab) -> None:
    masked = lab.run(SECRETS_SCRIPT + "delete --purge vault\n")
    assert masked.code == 0, masked.err
    for secret in ("hunter2", "aHVudGVyMg==", "letmein", "bGV0bWVpbg==", "s3cr3t"):
        assert secret not in masked.out
    check_golden("secrets_script.out", normalise(masked.out))
    shown = lab.run(SECRETS_SCRIPT + "delete --purge vault\n", "--show-secrets")
    assert shown.code == 0, shown.err
    assert "password: hunter2" in shown.out and "aHVudGVyMg==" in shown.out
    assert "+  password: bGV0bWVpbg==" in shown.out
    assert "-password: hunter2\n+password: letmein\n+user: root\n" in shown.out  # values


JSON_SCRIPT = """\
install ${CHARTS}/hello --name jay --namespace ${NS}
status jay
upgrade jay ${CHARTS}/hello --set message=json
history jay
list --namespace ${NS}
get values jay
diff revision jay 1
rollback jay 1
test jay --cleanup
delete --purge jay
"""

TIMESTAMP = {"seconds": int}
STATUS_SCHEMA = {
    "name": str,
    "namespace": str,
    "info": {
        "status": {"code": int, "resources": str},
        "first_deployed": TIMESTAMP,
        "last_deployed": TIMESTAMP,
        "Description": str,
    },
}
SCHEMAS = [
    ("install", STATUS_SCHEMA),
    ("status", STATUS_SCHEMA),
    ("upgrade", STATUS_SCHEMA),
    (
        "history",
        [
            {
                "revision": int,
                "updated": str,
                "status": str,
                "chart": str,
                "appVersion": str,
                "description": str,
            }
        ],
    ),  # fmt: skip
    ("list", {"Next": str, "Releases": [{"Name": str, "Revision": int, "Status": str}]}),
    ("get values", {"message": str}),
    (
        "diff",
        {
            "release": str,
            "before": str,
            "after": str,
            "values": {"change": str, "diff": str},
            "summary": {"added": int, "changed": int, "removed": int, "unchanged": int},
            "changes": [
                {
                    "kind": str,
                    "apiVersion": str,
                    "namespace": str,
                    "name": str,
                    "change": str,
                    "diff": str,
                }
            ],
        },
    ),  # fmt: skip
    ("rollback", {"release": str, "revision": int, "status": str, "description": str}),
    ("test", {"release": str, "failed": int, "results": [{"message": str, "status": str}]}),
    ("delete", {"releases": [{"name": str, "purged": bool, "dryRun": bool, "info": str}]}),
]


def test_json_outputs_match_their_schemas(lab: Lab) -> None:
    result = lab.run(JSON_SCRIPT, "--output", "json")
    assert result.code == 0, result.err
    documents = [json.loads(line) for line in result.out.splitlines() if line.strip()]
    assert len(documents) == len(SCHEMAS), result.out
    for document, (command, schema) in zip(documents, SCHEMAS, strict=True):
        assert not matches(document, schema), (command, matches(document, schema))
    assert documents[0]["info"]["status"]["code"] == 1  # DEPLOYED
    assert [row["revision"] for row in documents[3]] == [1, 2]
    assert documents[6]["summary"]["changed"] == 1
    assert documents[6]["values"] == {  # installed without values ({}), then --set
        "change": "added",
        "diff": "@@ -0,0 +1 @@\n+message: json\n",
    }
    assert documents[8]["results"][-1] == {"message": "PASSED: jay-hello-test", "status": "SUCCESS"}


def test_yaml_output(lab: Lab) -> None:
    result = lab.run(
        "install ${CHARTS}/hello --name yam --namespace ${NS} -o yaml\nhistory yam -o yaml\n"
        "delete --purge yam -o yaml\n"
    )
    assert result.code == 0, result.err
    assert "name: yam\nnamespace: " in result.out
    assert '- appVersion: "1.0"\n  chart: hello-0.1.0\n' in result.out
    assert 'releases:\n- dryRun: false\n  info: ""\n  name: yam\n  purged: true\n' in result.out


def test_detailed_exitcode(lab: Lab) -> None:
    # The vault chart renders nothing that changes by itself between revisions.
    setup = lab.run("install ${VAULT} --name dee --namespace ${NS}\n")
    assert setup.code == 0, setup.err
    same = lab.run("diff upgrade dee ${VAULT}\n", "--detailed-exitcode")
    assert (same.code, same.out) == (0, "Summary: 0 added, 0 changed, 0 removed, 2 unchanged.\n")
    changed = lab.run("diff upgrade dee ${VAULT} --set user=x\n", "--detailed-exitcode")
    assert changed.code == 3 and "2 changed" in changed.out
    plain = lab.run("diff upgrade dee ${VAULT} --set user=x\n")
    assert plain.code == 0
    # A value no template reads changes nothing deployed, but the values stored do.
    unread = lab.run("diff upgrade dee ${VAULT} --set unread=1\n", "--detailed-exitcode")
    assert unread.code == 3, unread.err
    assert unread.out == (
        "Values (user-supplied) have been added:\n@@ -0,0 +1 @@\n+unread: 1\n\n"
        "Summary: 0 added, 0 changed, 0 removed, 2 unchanged; user-supplied values changed.\n"
    )
    assert lab.run("delete --purge dee\n").code == 0


ERRORS = [
    # (script, flags, exit code, expected stderr line, whether line 1 ran)
    ("version --client\nfrobnicate web\n", (), 2,
     'script.txt:2: Error: unknown command "frobnicate" for "helm-tui"', False),
    ("version --client\nstatus web --frobnicate\n", (), 2,
     "script.txt:2: Error: unrecognized arguments: --frobnicate", False),
    ("version --client\ninstall ${CHARTS}/hello -f missing.yaml\n", (), 1,
     "script.txt:2: Error: open missing.yaml: no such file or directory", True),
    ("version --client\ninstall ./no-such-chart\n", (), 1,
     'script.txt:2: Error: path "./no-such-chart" not found', True),
]  # fmt: skip


@pytest.mark.parametrize(("script", "flags", "code", "line", "ran"), ERRORS)
def test_error_paths(
    lab: Lab, script: str, flags: tuple[str, ...], code: int, line: str, ran: bool
) -> None:
    result = lab.run(script, *flags)
    assert result.code == code
    assert line in result.err.splitlines()
    assert result.out.startswith("Client: ") is ran


def test_unreachable_tiller(lab: Lab) -> None:
    result = run_script("version --client\nlist\n", lab.work, "--host", "127.0.0.1:1", env=lab.env)
    assert result.code == 1
    assert result.err.startswith(
        "script.txt:2: Error: could not reach Tiller at 127.0.0.1:1: connection refused."
    )


FAILING_HOOK = """\
install ${CHARTS}/hooks --name hooky --namespace ${NS}
upgrade hooky ${CHARTS}/hooks --set failPreUpgrade=true --timeout 30
status hooky
"""


def test_failing_hook_stops_the_script(lab: Lab) -> None:
    result = lab.run(FAILING_HOOK)
    assert result.code == 1
    assert "UPGRADE FAILED\nError: Job failed: BackoffLimitExceeded\n" in result.out
    assert result.err.splitlines()[-1] == (
        "script.txt:2: Error: UPGRADE FAILED: Job failed: BackoffLimitExceeded"
    )
    assert "STATUS:" not in result.out.split("UPGRADE FAILED")[1]  # line 3 did not run
    going = lab.run(
        "upgrade hooky ${CHARTS}/hooks --set failPreUpgrade=true --timeout 30\nhistory hooky\n"
        "delete --purge hooky\n",
        "--keep-going",
    )
    assert going.code == 1
    assert "another operation (install/upgrade/rollback) is in progress" in going.err
    assert "PENDING_UPGRADE" in going.out  # history still ran
    assert 'release "hooky" deleted' in going.out


def test_atomic_upgrade_rolls_back_with_progress(lab: Lab) -> None:
    result = lab.run(
        "install ${CHARTS}/hooks --name atom --namespace ${NS}\n"
        "upgrade atom ${CHARTS}/hooks --set failPreUpgrade=true --atomic --timeout 30\n",
        "--keep-going",
    )
    assert result.code == 1
    assert "UPGRADE FAILED\nError: Job failed: BackoffLimitExceeded\nROLLING BACK" in result.out
    assert "Rollback was a success.\n" in result.out
    assert "==> upgrade atom: upgrade failed; rolling back to revision 1" in result.err
    history = lab.run("history atom -o json\ndelete --purge atom\n")
    rows = json.loads(history.out.splitlines()[0])
    assert [r["status"] for r in rows] == ["SUPERSEDED", "SUPERSEDED", "DEPLOYED"]
    assert rows[-1]["description"] == "Rollback to 1"


def test_install_from_a_repository_reference(lab: Lab) -> None:
    repo = lab.work / "charts-repo"
    repo.mkdir(exist_ok=True)
    packaged = lab.run(
        "init --client-only --skip-refresh\n"
        "package ${CHARTS}/hello --destination ${REPO} --save=false\n",
        name="package.txt",
    )
    assert packaged.code == 0, packaged.err
    with serve_directory(repo, Path(lab.env["HELM_HOME"])) as url:
        result = lab.run(
            f"repo add examples {url}\n"
            "install examples/hello --version 0.1.0 --name fromrepo --namespace ${NS} --wait\n"
            "upgrade fromrepo examples/hello --set message=again\n"
            "get values fromrepo\n"
            "delete --purge fromrepo\n"
            "repo remove examples\n",
            name="repo.txt",
        )
    assert result.code == 0, result.err
    assert "NAME:   fromrepo\n" in result.out and "STATUS: DEPLOYED" in result.out
    assert 'Release "fromrepo" has been upgraded.' in result.out
    assert "message: again\n" in result.out
