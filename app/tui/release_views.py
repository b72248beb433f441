"""Text for the release screen's Status tab, title and hook list (pure functions)."""

from __future__ import annotations

from rich.text import Text

from app.client.models import Release, StatusReport
from app.tui.release_rows import format_time
from app.tui.widgets.resource_browser import Item


def title_line(release: Release) -> str:
    """``name · namespace · rev N · STATUS · chart (app X)``."""
    meta = release.chart.metadata if release.chart else None
    chart = f"{meta.full_name} (app {meta.app_version or '-'})" if meta else "(no chart)"
    return (
        f"{release.name} · ns {release.namespace or '-'} · rev {release.revision} · "
        f"{release.status.name} · {chart}"
    )


def status_text(release: Release | None, report: StatusReport | None) -> Text:
    """The Status tab: overview, last test run, and the live resources table."""
    out = Text()
    info = report.info if report else (release.info if release else None)
    if info is None:
        return Text("Loading status…")
    name = report.name if report else release.name if release else ""
    namespace = report.namespace if report else release.namespace if release else ""
    rows: list[tuple[str, str]] = [
        ("NAME", name),
        ("NAMESPACE", namespace or "-"),
        ("STATUS", info.status.name),
    ]
    if release is not None:
        rows.append(("REVISION", str(release.revision)))
        if release.chart is not None:
            rows.append(("CHART", release.chart.metadata.full_name))
            rows.append(("APP VERSION", release.chart.metadata.app_version or "-"))
    rows.append(("FIRST DEPLOYED", format_time(info.first_deployed)))
    rows.append(("LAST DEPLOYED", format_time(info.last_deployed)))
    if info.deleted is not None:
        rows.append(("DELETED", format_time(info.deleted)))
    rows.append(("DESCRIPTION", info.description or "-"))
    for label, value in rows:
        out.append(f"{label:<16}", "bold")
        out.append(f"{value}\n")
    suite = info.last_test_suite_run
    if suite is not None and suite.results:
        out.append("\nTEST SUITE (last run " + format_time(suite.completed_at) + ")\n", "bold")
        for run in suite.results:
            out.append(f"  {run.status.name:<8} {run.name}  {run.info}\n")
    out.append("\nRESOURCES\n", "bold")
    if report is None:
        out.append("  loading…\n")
    elif info.resources.strip():
        out.append(info.resources.rstrip() + "\n")
    else:
        out.append("  (Tiller reported no resources)\n")
    return out


def hooks_items(release: Release) -> list[Item]:
    """The Hooks tab: one entry per hook, grouped by its first event."""
    items = []
    for hook in release.hooks:
        events = ", ".join(e.name.lower().replace("_", "-") for e in hook.events) or "-"
        policies = ", ".join(p.name.lower().replace("_", "-") for p in hook.delete_policies)
        header = (
            f"# hook: {hook.name} ({hook.kind})\n# events: {events}  weight: {hook.weight}"
            f"  last run: {format_time(hook.last_run)}"
            + (f"\n# delete policies: {policies}" if policies else "")
        )
        group = hook.events[0].name.lower().replace("_", "-") if hook.events else "other"
        items.append(Item(group, f"{hook.kind}/{hook.name}", f"{header}\n{hook.manifest.strip()}"))
    return items
