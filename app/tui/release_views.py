"""Text for the release screen's tabs (pure functions; the heavy ones run in a thread).

Splitting manifests, computing values and masking secrets are ``app.ops``'s (the same code
script mode prints with); this module only shapes their results for the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from app.client.models import Release, StatusReport
from app.ops.errors import OpsError
from app.ops.manifests import parse_resources
from app.ops.redact import redact_manifest, redact_values_yaml
from app.ops.values import computed_values, values_yaml
from app.tui.release_rows import format_time
from app.tui.widgets.resource_browser import Item


@dataclass(frozen=True)
class PreparedViews:
    """What the Values, Manifest and Hooks tabs show, secrets masked unless revealed.

    Attributes:
        manifest: one item per resource, grouped by kind.
        hooks: one item per hook, grouped by its first event.
        user_values: the user-supplied values ("" when none).
        computed_values: chart defaults coalesced with the user's values.
        computed_error: why the computed values could not be made, if they could not.
        revealed: secrets are shown.
    """

    manifest: list[Item]
    hooks: list[Item]
    user_values: str
    computed_values: str
    computed_error: str
    revealed: bool


def prepare(release: Release, revealed: bool) -> PreparedViews:
    """Build every text view of ``release`` (parses YAML: call it off the UI thread)."""
    manifest = release.manifest if revealed else redact_manifest(release.manifest)
    items = [
        Item(r.key.kind or "?", r.key.name or r.source or "?", r.text)
        for r in parse_resources(manifest, release.namespace)
    ]
    config = release.config if release.config.strip() not in ("", "{}") else ""
    user = config if revealed or not config else redact_values_yaml(config)
    try:
        computed = values_yaml(
            computed_values(release.chart, release.config), show_secrets=revealed
        )
        error = ""
    except OpsError as err:
        computed, error = "", str(err)
    return PreparedViews(items, hooks_items(release, revealed), user, computed, error, revealed)


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


def hooks_items(release: Release, revealed: bool = False) -> list[Item]:
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
        body = hook.manifest.strip() if revealed else redact_manifest(hook.manifest.strip())
        items.append(Item(group, f"{hook.kind}/{hook.name}", f"{header}\n{body}"))
    return items
