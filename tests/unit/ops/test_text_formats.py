"""Helm v2's text formats: status, history, get, test lines, and Go's tabwriter."""

from __future__ import annotations

from datetime import UTC, datetime

from app.client.models import (
    Hook,
    ReleaseInfo,
    ReleaseStatus,
    StatusReport,
    TestRun,
    TestRunStatus,
    TestSuite,
)
from app.ops import helmtext
from app.ops.tabwriter import tabwrite
from tests.unit.ops.fake_api import release

WHEN = datetime(2020, 9, 13, 12, 26, 40, tzinfo=UTC)
STAMP = "Sun Sep 13 12:26:40 2020"
RESOURCES = (
    "==> v1/ConfigMap\nNAME        DATA  AGE\nweb-config  1     5s\n\n"
    "==> v1/Pod(related)\nNAME                  READY  STATUS   RESTARTS  AGE\n"
    "web-7d9c-abcde  1/1    Running  0         5s\n\n"
)


def test_tabwriter_aligns_each_block_separately() -> None:
    text = "h\na\tbb\tc\naaa\tb\tc\n\nx\ty\n"
    assert tabwrite(text) == "h\na    bb  c\naaa  b   c\n\nx  y\n"


def test_tabwriter_ignores_the_last_cell_and_leading_empty_cells() -> None:
    assert tabwrite("a\tlong last cell\nbbbb\tx") == "a     long last cell\nbbbb  x"
    assert tabwrite("\tindented\n\tx") == "indented\nx"


def test_status_text_matches_helm() -> None:
    report = StatusReport(
        "web",
        "default",
        ReleaseInfo(
            status=ReleaseStatus.DEPLOYED,
            last_deployed=WHEN,
            resources=RESOURCES,
            notes="Visit http://example",
        ),
    )
    assert helmtext.status_text(report, UTC) == (
        f"LAST DEPLOYED: {STAMP}\n"
        "NAMESPACE: default\n"
        "STATUS: DEPLOYED\n"
        "\n"
        "RESOURCES:\n"
        "==> v1/ConfigMap\n"
        "NAME        DATA  AGE\n"
        "web-config  1     5s\n"
        "\n"
        "==> v1/Pod(related)\n"
        "NAME            READY  STATUS   RESTARTS  AGE\n"
        "web-7d9c-abcde  1/1    Running  0         5s\n"
        "\n"
        "\n"
        "NOTES:\n"
        "Visit http://example\n"
    )


def test_status_with_a_test_suite() -> None:
    suite = TestSuite(WHEN, WHEN, (TestRun("web-test", TestRunStatus.SUCCESS, "", WHEN, WHEN),))
    report = StatusReport("web", "ns", ReleaseInfo(ReleaseStatus.FAILED, last_test_suite_run=suite))
    text = helmtext.status_text(report, UTC)
    assert text.startswith("NAMESPACE: ns\nSTATUS: FAILED\n\nTEST SUITE:\n")
    assert f"Last Started: {STAMP}\nLast Completed: {STAMP}\n\nTEST    " in text
    assert f"web-test\tSUCCESS   \t    \t{STAMP}\t{STAMP}\n" in text


def test_status_json_is_helms_struct_encoding() -> None:
    report = StatusReport("web", "default", ReleaseInfo(ReleaseStatus.DEPLOYED, last_deployed=WHEN))
    assert helmtext.status_json(report) == (
        '{"name":"web","info":{"status":{"code":1},'
        '"last_deployed":{"seconds":1600000000}},"namespace":"default"}\n'
    )
    assert helmtext.status_yaml(report) == (
        "info:\n  last_deployed:\n    seconds: 1600000000\n  status:\n    code: 1\n"
        "name: web\nnamespace: default\n"
    )


def test_history_table_json_yaml() -> None:
    revisions = (
        release("web", 2, ReleaseStatus.DEPLOYED),
        release("web", 1, ReleaseStatus.SUPERSEDED),
    )
    rows = helmtext.history_rows(revisions, UTC)
    assert [r["revision"] for r in rows] == [1, 2]
    assert helmtext.history_text(rows) == (
        "REVISION\tUPDATED                 \tSTATUS    \tCHART     \tAPP VERSION\t"
        "DESCRIPTION     \n"
        f"1       \t{STAMP}\tSUPERSEDED\tdemo-0.1.0\t1.0        \tInstall complete\n"
        f"2       \t{STAMP}\tDEPLOYED  \tdemo-0.1.0\t1.0        \tInstall complete\n"
    )
    assert helmtext.history_text(rows[:1], "json") == (
        f'[{{"revision":1,"updated":"{STAMP}","status":"SUPERSEDED","chart":"demo-0.1.0",'
        '"appVersion":"1.0","description":"Install complete"}]\n'
    )
    assert helmtext.history_text(rows[:1], "yaml").startswith('- appVersion: "1.0"\n  chart: demo')
    assert helmtext.history_text(rows[:1], "yaml").endswith("\n\n")


def test_release_text_is_helms_template() -> None:
    rel = release("web", config="color: red\n")
    rel = rel.__class__(**{**rel.__dict__, "hooks": (Hook("pre", "Job", "p", "kind: Job"),)})
    text = helmtext.release_text(rel, "color: red\n", "a: 1\ncolor: red\n", UTC)
    assert text.startswith(
        f"REVISION: 1\nRELEASED: {STAMP}\nCHART: demo-0.1.0\nUSER-SUPPLIED VALUES:\ncolor: red\n\n"
        "COMPUTED VALUES:\na: 1\ncolor: red\n\nHOOKS:\n---\n# pre\nkind: Job\nMANIFEST:\n"
    )
    assert text.endswith(rel.manifest + "\n")


def test_go_printf_without_arguments() -> None:
    assert helmtext.go_printf_no_args("100%% done") == "100% done"
    assert helmtext.go_printf_no_args("odd %d and %s") == "odd %!d(MISSING) and %!s(MISSING)"
    assert helmtext.go_printf_no_args("trailing %") == "trailing %!(NOVERB)"
