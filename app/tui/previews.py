"""What the diff screen previews and then applies: rollback, undo, upgrade, install, revisions.

Each preview computes its diff with ``app.ops`` (the dry runs and ``diff_manifests`` that
script mode uses) and applies with ``app.ops`` too; this module only picks the arguments
and words the confirmation. Textual-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.client.models import Release, ReleaseStatus
from app.client.requests import RollbackRequest
from app.ops.errors import OpsError
from app.ops.install import InstallPlan, apply_install
from app.ops.lifecycle import rollback
from app.ops.preview import (
    DiffOptions,
    DiffOutcome,
    diff_install_plan,
    diff_revisions,
    diff_upgrade_plan,
)
from app.ops.preview import diff_rollback as ops_diff_rollback
from app.ops.progress import Progress
from app.ops.tiller_api import TillerAPI
from app.ops.upgrade import UpgradePlan, apply_upgrade, plan_values_upgrade
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
    _plans: dict[bool, UpgradePlan] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.apply_label = "Upgrade"
        mode = "reuse" if self.reuse_values else "reset"
        self.title = f"Upgrade {self.name} with edited values ({mode} values)"

    def plan(self, *, dry_run: bool) -> UpgradePlan:
        """The plan, made once per mode: the preview cache keys dry runs by request object."""
        if dry_run not in self._plans:
            if self.release is None:
                raise OpsError(f"release {self.name!r} is not loaded")
            self._plans[dry_run] = plan_values_upgrade(
                self.release,
                self.values,
                reuse_values=self.reuse_values,
                description="Upgraded from helm-tui (values edited)",
                dry_run=dry_run,
            )
        return self._plans[dry_run]

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """Current revision vs a dry-run upgrade (``app.ops.preview.diff_upgrade_plan``)."""
        return await diff_upgrade_plan(tiller, self.plan(dry_run=True), options)

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
        """``app.ops.upgrade.apply_upgrade`` of the plan that was previewed."""
        outcome = await apply_upgrade(tiller, self.plan(dry_run=False), progress)
        return f"{self.name} upgraded to revision {outcome.release.revision}"


@dataclass
class InstallPreview(Preview):
    """Install a chart (install wizard): nothing vs a dry-run install."""

    plan: InstallPlan | None = None
    _dry: InstallPlan | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.apply_label = "Install"
        if self.plan is not None:
            req = self.plan.request
            meta = self.plan.chart.metadata
            self.title = f"Install {meta.name}-{meta.version} as {req.name or '(generated name)'}"

    async def diff(self, tiller: TillerAPI, options: DiffOptions) -> DiffOutcome:
        """A dry-run install compared with nothing (``app.ops.preview.diff_install_plan``)."""
        assert self.plan is not None
        if self._dry is None:  # one object: the preview cache keys dry runs by request
            self._dry = replace(self.plan, request=replace(self.plan.request, dry_run=True))
        return await diff_install_plan(tiller, self._dry, options)

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
