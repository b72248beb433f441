"""What the diff screen previews and then applies: rollback, undo, upgrade, install, revisions.

Each preview computes its diff with ``app.ops`` (the dry runs and ``diff_manifests`` that
script mode uses) and applies with ``app.ops`` too; this module only picks the arguments
and words the confirmation. Textual-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.client.models import Release, ReleaseStatus
from app.client.requests import InstallRequest, RollbackRequest, UpgradeRequest
from app.ops.charts import ChartLocation
from app.ops.diff import diff_manifests
from app.ops.errors import OpsError
from app.ops.install import InstallPlan, apply_install
from app.ops.lifecycle import rollback
from app.ops.preview import DiffOptions, DiffOutcome, current_revision, diff_revisions
from app.ops.preview import diff_rollback as ops_diff_rollback
from app.ops.progress import Progress
from app.ops.tiller_api import TillerAPI
from app.ops.upgrade import UpgradePlan, UpgradeSpec, apply_upgrade
from app.tui.release_rows import format_time


def _describe(rel: Release) -> str:
    meta = rel.chart.metadata if rel.chart else None
    chart = meta.full_name if meta else "(no chart)"
    when = format_time(rel.info.last_deployed)
    return f"revision {rel.revision} (chart {chart}, deployed {when})"


@dataclass
class Preview:
    """Base: a titled diff with optional apply. Subclasses fill in the three steps."""

    title: str = ""
    apply_label: str = ""  # "" means view only (e.g. two stored revisions)

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """Compute the diff (through ``tiller``: reads and dry runs only)."""
        raise NotImplementedError

    async def confirm_lines(self, tiller: TillerAPI) -> list[str]:
        """What the confirmation names: release, namespace, revision, chart, date."""
        return []

    async def apply(self, tiller: TillerAPI, progress: Progress) -> str:
        """Do it; return a one-line summary for the notification."""
        raise NotImplementedError


@dataclass
class RevisionsPreview(Preview):
    """Two stored revisions of a release (view only)."""

    name: str = ""
    old: int = 0
    new: int = 0

    def __post_init__(self) -> None:
        self.title = f"{self.name}: revision {self.old} → {self.new}"

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """``app.ops.preview.diff_revisions``."""
        return await diff_revisions(tiller, self.name, self.old, self.new, options)


@dataclass
class RollbackPreview(Preview):
    """Roll back to ``revision``; ``revision`` 0 means "undo the last change".

    Undo picks the revision before the latest, or, for a soft-deleted release, the deleted
    revision itself (rolling back to it restores the release).
    """

    name: str = ""
    revision: int = 0
    _target: Release | None = field(default=None, repr=False)
    _current: Release | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.apply_label = "Roll back"
        what = f"revision {self.revision}" if self.revision else "the previous revision"
        self.title = f"Roll back {self.name} to {what}"

    async def _resolve(self, tiller: TillerAPI) -> Release:
        if self._target is not None:
            return self._target
        revisions = sorted(await tiller.history(self.name), key=lambda r: -r.revision)
        if not revisions:
            raise OpsError(f'release "{self.name}" has no revisions')
        latest = revisions[0]
        self._current = latest
        if self.revision:
            found = [r for r in revisions if r.revision == self.revision]
            if not found:
                raise OpsError(f'release "{self.name}" has no revision {self.revision}')
            target = found[0]
        elif latest.status is ReleaseStatus.DELETED:
            target = latest
        elif len(revisions) > 1:
            target = revisions[1]
        else:
            raise OpsError(f'release "{self.name}" has only one revision: nothing to undo')
        self._target = target
        self.revision = target.revision
        self.title = f"Roll back {self.name} to revision {target.revision}"
        return target

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """``app.ops.preview.diff_rollback``: latest vs a dry-run rollback."""
        target = await self._resolve(tiller)
        return await ops_diff_rollback(tiller, self.name, target.revision, options)

    async def confirm_lines(self, tiller: TillerAPI) -> list[str]:
        """Release, namespace, target revision with chart and date, and what is current."""
        target = await self._resolve(tiller)
        lines = [
            f"Release:    {self.name}",
            f"Namespace:  {target.namespace or '-'}",
            f"Roll back to {_describe(target)}",
        ]
        if self._current is not None:
            lines.append(f"Current:    {_describe(self._current)} {self._current.status.name}")
        return lines

    async def apply(self, tiller: TillerAPI, progress: Progress) -> str:
        """``app.ops.lifecycle.rollback``."""
        new = await rollback(
            tiller, RollbackRequest(name=self.name, revision=self.revision), progress
        )
        return f"{self.name} rolled back to revision {self.revision} (now revision {new.revision})"


@dataclass
class UpgradePreview(Preview):
    """Upgrade ``name`` with its deployed chart and new user values (values editor)."""

    name: str = ""
    values: str = ""
    reuse_values: bool = False
    release: Release | None = None
    _request: UpgradeRequest | None = field(default=None, repr=False)
    _dry: UpgradeRequest | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.apply_label = "Upgrade"
        mode = "reuse" if self.reuse_values else "reset"
        self.title = f"Upgrade {self.name} with edited values ({mode} values)"

    def request(self, *, dry_run: bool) -> UpgradeRequest:
        """The UpdateRelease request; one object per mode, as the preview cache keys by it."""
        if self._request is None:
            assert self.release is not None and self.release.chart is not None
            self._request = UpgradeRequest(
                name=self.name,
                chart=self.release.chart,
                values=self.values,
                reuse_values=self.reuse_values,
                reset_values=not self.reuse_values,
                description="Upgraded from helm-tui (values edited)",
            )
            self._dry = replace(self._request, dry_run=True)
        assert self._dry is not None
        return self._dry if dry_run else self._request

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """Current revision vs a dry-run upgrade, compared by ``app.ops.diff``."""
        old = current_revision(await tiller.history(self.name))
        new = await tiller.upgrade(self.request(dry_run=True))
        result = diff_manifests(
            old.manifest,
            new.manifest,
            namespace=old.namespace,
            context=options.context,
            show_noise=options.show_noise,
            show_secrets=options.show_secrets,
        )
        return DiffOutcome(self.name, f"revision {old.revision}", "upgrade (dry run)", result)

    async def confirm_lines(self, tiller: TillerAPI) -> list[str]:
        """Release, namespace, chart, values mode."""
        release = self.release
        chart = release.chart.metadata.full_name if release and release.chart else "-"
        return [
            f"Release:    {self.name}",
            f"Namespace:  {release.namespace if release else '-'}",
            f"Chart:      {chart} (as deployed), revision {release.revision if release else '?'}",
            "Values:     "
            + ("deployed values + edits (reuse)" if self.reuse_values else "edited only (reset)"),
        ]

    async def apply(self, tiller: TillerAPI, progress: Progress) -> str:
        """``app.ops.upgrade.apply_upgrade`` with a plan for the deployed chart."""
        # apply_upgrade reads only the spec's name and atomic/rollback options; the chart
        # is the deployed one, already in the request.
        spec = UpgradeSpec(name=self.name, location=_DEPLOYED, reuse_values=self.reuse_values)
        plan = UpgradePlan(spec, self.release, request=self.request(dry_run=False))
        outcome = await apply_upgrade(tiller, plan, progress)
        return f"{self.name} upgraded to revision {outcome.release.revision}"


@dataclass
class InstallPreview(Preview):
    """Install a chart (install wizard): nothing vs a dry-run install."""

    plan: InstallPlan | None = None
    _dry: InstallRequest | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.apply_label = "Install"
        if self.plan is not None:
            req = self.plan.request
            meta = self.plan.chart.metadata
            self.title = f"Install {meta.name}-{meta.version} as {req.name or '(generated name)'}"

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """A dry-run install compared with nothing."""
        assert self.plan is not None
        if self._dry is None:
            self._dry = replace(self.plan.request, dry_run=True)
        new = await tiller.install(self._dry)
        result = diff_manifests(
            "",
            new.manifest,
            namespace=new.namespace,
            context=options.context,
            show_noise=options.show_noise,
            show_secrets=options.show_secrets,
        )
        return DiffOutcome(new.name, "nothing (not installed)", "install (dry run)", result)

    async def confirm_lines(self, tiller: TillerAPI) -> list[str]:
        """Name, namespace, chart."""
        assert self.plan is not None
        req, meta = self.plan.request, self.plan.chart.metadata
        return [
            f"Release:    {req.name or '(Tiller generates a name)'}",
            f"Namespace:  {req.namespace}",
            f"Chart:      {meta.name}-{meta.version} (app {meta.app_version or '-'})",
        ]

    async def apply(self, tiller: TillerAPI, progress: Progress) -> str:
        """``app.ops.install.apply_install``."""
        assert self.plan is not None
        outcome = await apply_install(tiller, self.plan, progress)
        return f"{outcome.release.name} installed (revision {outcome.release.revision})"


_DEPLOYED = ChartLocation(ref="(the deployed chart)")
