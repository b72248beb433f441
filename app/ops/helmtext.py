"""Helm v2.17's text (and JSON/YAML) renderings of releases, byte for byte.

``status`` (also printed by install and upgrade), ``history``, ``get`` and the lines
of ``test``. Pure functions over the client's dataclasses: the commands print them, the
TUI may show them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from app.client.helmfmt import ansic, go_json, uitable
from app.client.models import Chart, Release, ReleaseInfo, StatusReport, TestSuite
from app.ops.tabwriter import tabwrite

_SPACES = re.compile("  +")


def when(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """Helm's ``timeconv.String``: ANSIC in local time (``-`` when Tiller sent none)."""
    return ansic(moment, tz) if moment is not None else "-"


def status_text(report: StatusReport, tz: tzinfo | None = None) -> str:
    """What ``helm status`` prints (``PrintStatus``), trailing newline included."""
    info = report.info
    out: list[str] = []
    if info.last_deployed is not None:
        out.append(f"LAST DEPLOYED: {when(info.last_deployed, tz)}\n")
    out.append(f"NAMESPACE: {report.namespace}\n")
    out.append(f"STATUS: {info.status.name}\n")
    out.append("\n")
    if info.resources:
        # Tiller's tables are kubectl's, spaced for its own widths: Helm re-aligns them.
        out.append(tabwrite("RESOURCES:\n" + _SPACES.sub("\t", info.resources) + "\n"))
    if info.last_test_suite_run is not None:
        run = info.last_test_suite_run
        out.append(
            f"TEST SUITE:\nLast Started: {when(run.started_at, tz)}\n"
            f"Last Completed: {when(run.completed_at, tz)}\n\n{test_results_table(run, tz)}\n"
        )
    if info.notes:
        out.append(f"NOTES:\n{info.notes}\n")
    return "".join(out)


def test_results_table(suite: TestSuite, tz: tzinfo | None = None) -> str:
    """The TEST SUITE table of ``helm status`` (columns capped at 50)."""
    rows: list[Sequence[object]] = [("TEST", "STATUS", "INFO", "STARTED", "COMPLETED")]
    for run in suite.results:
        status = run.status.name.ljust(10)  # uitable's PadRight(status, 10)
        rows.append(
            (run.name, status, run.info, when(run.started_at, tz), when(run.completed_at, tz))
        )
    return uitable(rows, 50)


test_results_table.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _timestamp(moment: datetime | None) -> dict[str, int] | None:
    if moment is None:
        return None
    seconds = int(moment.timestamp())
    fields = {"seconds": seconds, "nanos": moment.microsecond * 1000}
    return {k: v for k, v in fields.items() if v}  # Go's omitempty


def _omit_empty(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, "", 0, [], {}, False)}


def _suite_document(suite: TestSuite) -> dict[str, Any]:
    results = [
        _omit_empty(
            {
                "name": run.name,
                "status": run.status.value,
                "info": run.info,
                "started_at": _timestamp(run.started_at),
                "completed_at": _timestamp(run.completed_at),
            }
        )
        for run in suite.results
    ]
    return _omit_empty(
        {
            "started_at": _timestamp(suite.started_at),
            "completed_at": _timestamp(suite.completed_at),
            "results": results,
        }
    )


def info_document(info: ReleaseInfo) -> dict[str, Any]:
    """``hapi.release.Info`` as Go's ``encoding/json`` writes it (proto field names)."""
    status = _omit_empty(
        {
            "code": info.status.value,
            "resources": info.resources,
            "notes": info.notes,
            "last_test_suite_run": (
                _suite_document(info.last_test_suite_run)
                if info.last_test_suite_run is not None
                else None
            ),
        }
    )
    return _omit_empty(
        {
            "status": status or None,
            "first_deployed": _timestamp(info.first_deployed),
            "last_deployed": _timestamp(info.last_deployed),
            "deleted": _timestamp(info.deleted),
            "Description": info.description,
        }
    )


def status_document(report: StatusReport) -> dict[str, Any]:
    """GetReleaseStatusResponse as ``helm status -o json|yaml`` encodes it."""
    return _omit_empty(
        {"name": report.name, "info": info_document(report.info), "namespace": report.namespace}
    )


def status_json(report: StatusReport) -> str:
    """``helm status -o json`` (Go's json.Encoder: one line and a newline)."""
    return go_json(status_document(report)) + "\n"


def status_yaml(report: StatusReport) -> str:
    """``helm status -o yaml`` (ghodss/yaml: keys sorted)."""
    from tiller.engine.funcs.yamlout import to_yaml

    return to_yaml(status_document(report))


def chart_name(chart: Chart | None) -> str:
    """``name-version`` of a release's chart; ``MISSING`` as Helm when there is none."""
    return chart.metadata.full_name if chart is not None else "MISSING"


def app_version(chart: Chart | None) -> str:
    """The chart's appVersion; ``MISSING`` as Helm when there is no chart."""
    return chart.metadata.app_version if chart is not None else "MISSING"


def history_rows(revisions: Sequence[Release], tz: tzinfo | None = None) -> list[dict[str, Any]]:
    """``helm history`` records, oldest first (Tiller answers newest first)."""
    return [
        {
            "revision": rel.revision,
            "updated": when(rel.info.last_deployed, tz),
            "status": rel.info.status.name,
            "chart": chart_name(rel.chart),
            "appVersion": app_version(rel.chart),
            "description": rel.info.description,
        }
        for rel in reversed(revisions)
    ]


def history_text(rows: Sequence[dict[str, Any]], output: str = "table", col_width: int = 60) -> str:
    """``helm history`` output for ``rows`` in a format (``Println`` newline included)."""
    if output == "json":
        return go_json(list(rows)) + "\n"
    if output == "yaml":
        from tiller.engine.funcs.yamlout import to_yaml

        return to_yaml(list(rows)) + "\n"
    header = ("REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION")
    return uitable([header, *(tuple(r.values()) for r in rows)], col_width) + "\n"


def release_text(
    rel: Release, user_values: str, computed_values: str, tz: tzinfo | None = None
) -> str:
    """``helm get RELEASE`` (and ``install --debug``): Helm's ``printReleaseTemplate``.

    Args:
        rel: the release revision.
        user_values: the user-supplied values as shown (``Config.raw``, maybe redacted).
        computed_values: the coalesced values YAML (maybe redacted).
        tz: time zone for RELEASED.
    """
    chart = rel.chart
    name, version = (chart.metadata.name, chart.metadata.version) if chart else ("", "")
    hooks = "".join(f"\n---\n# {hook.name}\n{hook.manifest}" for hook in rel.hooks)
    return (
        f"REVISION: {rel.revision}\n"
        f"RELEASED: {when(rel.info.last_deployed, tz)}\n"
        f"CHART: {name}-{version}\n"
        f"USER-SUPPLIED VALUES:\n{user_values}\n"
        f"COMPUTED VALUES:\n{computed_values}\n"
        f"HOOKS:{hooks}\n"
        f"MANIFEST:\n{rel.manifest}\n"
    )


_VERB = re.compile(r"%([-+# 0]*)(\d*|\*)(?:\.(\d*|\*))?([a-zA-Z%]?)")


def go_printf_no_args(text: str) -> str:
    """What Go's ``Fprintf(out, text)`` prints: ``helm test`` uses each message as a format.

    ``%%`` becomes ``%``; any other verb has no argument and prints ``%!v(MISSING)``.
    """

    def verb(found: re.Match[str]) -> str:
        letter = found.group(4)
        if letter == "%":
            return "%"
        if not letter:
            return "%!(NOVERB)"
        return f"%!{letter}(MISSING)"

    return _VERB.sub(verb, text)
