"""Preview changes without applying them: ``diff upgrade``, ``diff rollback``, ``diff revision``.

Upgrade and rollback previews ask Tiller for a dry run, so the proposed manifest is the
one Tiller would apply (rendered by Tiller, with its values logic: ``--reuse-values``
and friends). The current side is the revision Tiller would update from: the newest
DEPLOYED one (the newest of any status if none is deployed).

Every preview compares both the manifests (``app.ops.diff``) and the user-supplied values
the two sides store (``app.ops.values_diff``); either changing counts as a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from app.client.errors import TillerError
from app.client.models import Release, ReleaseStatus
from app.client.requests import InstallRequest, RollbackRequest, UpgradeRequest
from app.ops.diff import ManifestDiff, changes_lines, diff_document, diff_manifests, summary_line
from app.ops.errors import OpsError
from app.ops.install import InstallPlan
from app.ops.progress import Progress, tracking
from app.ops.tiller_api import TillerAPI
from app.ops.upgrade import UpgradePlan, UpgradeSpec, is_missing, plan_upgrade
from app.ops.values_diff import ValuesDiff, diff_values, values_lines


@dataclass(frozen=True)
class DiffOptions:
    """How to compare.

    Attributes:
        context: lines of context around changes (negative: whole resources).
        show_noise: keep chart-version labels and checksum annotations.
        show_secrets: show Secret data and sensitive values.
    """

    context: int = 3
    show_noise: bool = False
    show_secrets: bool = False


@dataclass(frozen=True)
class DiffOutcome:
    """A preview.

    Attributes:
        release: the release compared.
        before: what the old side is (e.g. ``revision 3``).
        after: what the new side is (e.g. ``upgrade (dry run)``).
        diff: the per-resource differences.
        values: the difference of the user-supplied values (``None``: not compared).
    """

    release: str
    before: str
    after: str
    diff: ManifestDiff
    values: ValuesDiff | None = None

    @property
    def has_changes(self) -> bool:
        """Whether a resource or the user-supplied values would change."""
        return self.diff.has_changes or (self.values is not None and self.values.has_changes)

    def document(self) -> dict[str, Any]:
        """The JSON/YAML form (documented in ``app.script``)."""
        about: dict[str, Any] = {
            "release": self.release,
            "before": self.before,
            "after": self.after,
        }
        if self.values is not None:
            about["values"] = self.values.document()
        return diff_document(self.diff, **about)

    def text(self) -> str:
        """The table (text) form: the values change, each changed resource, a summary."""
        values = self.values if self.values is not None else ValuesDiff()
        note = "; user-supplied values changed" if values.has_changes else ""
        lines = [*values_lines(values), *changes_lines(self.diff), summary_line(self.diff, note)]
        return "\n".join(lines) + "\n"


def current_revision(revisions: Sequence[Release]) -> Release:
    """The revision an upgrade starts from: the newest DEPLOYED, else the newest."""
    deployed = [r for r in revisions if r.status is ReleaseStatus.DEPLOYED]
    return max(deployed or revisions, key=lambda r: r.revision)


def _compare(
    name: str, old: Release | None, new: Release, options: DiffOptions, after: str
) -> DiffOutcome:
    before = f"revision {old.revision}" if old is not None else "nothing (not installed)"
    result = diff_manifests(
        old.manifest if old is not None else "",
        new.manifest,
        namespace=(old or new).namespace,
        context=options.context,
        show_noise=options.show_noise,
        show_secrets=options.show_secrets,
    )
    values = diff_values(
        old.config if old is not None else None,
        new.config,
        context=options.context,
        show_secrets=options.show_secrets,
    )
    return DiffOutcome(name, before, after, result, values)


async def diff_upgrade(
    tiller: TillerAPI,
    spec: UpgradeSpec,
    options: DiffOptions = DiffOptions(),
    progress: Progress | None = None,
) -> DiffOutcome:
    """Compare the release with what upgrading it to ``spec`` would deploy (a dry run).

    With ``spec.install`` a release that does not exist is compared with nothing.

    Raises:
        OpsError, TillerError: as planning and the dry run fail.
    """
    spec = replace(spec, dry_run=True, atomic=False)
    plan = await plan_upgrade(tiller, spec)
    return await diff_upgrade_plan(tiller, plan, options, progress)


async def diff_upgrade_plan(
    tiller: TillerAPI,
    plan: UpgradePlan,
    options: DiffOptions = DiffOptions(),
    progress: Progress | None = None,
) -> DiffOutcome:
    """Compare the release with a dry run of an upgrade already planned.

    The plan's request is sent with ``dry_run`` set whatever it says, so the plan that
    was previewed is the one applied afterwards (e.g. one from
    :func:`app.ops.upgrade.plan_values_upgrade`). A plan that became an install is
    compared with nothing.

    Raises:
        OpsError: the release does not exist (and the plan is not an install).
        TillerError: the lookups or the dry run failed.
    """
    name = plan.spec.name
    async with tracking(progress, "diff", name, "dry run of the upgrade"):
        if plan.install is not None:
            return await diff_install_plan(tiller, plan.install, options)
        assert plan.request is not None
        missing = f'release "{name}" does not exist; use --install to compare with an install'
        try:
            revisions = await tiller.history(name)
        except TillerError as err:
            if is_missing(err, name):
                raise OpsError(missing) from err
            raise
        if not revisions:  # what a memory-storage Tiller answers for an unknown name
            raise OpsError(missing)
        old = current_revision(revisions)
        new = await tiller.upgrade(_dry(plan.request))
    return _compare(name, old, new, options, "upgrade (dry run)")


async def diff_install_plan(
    tiller: TillerAPI, plan: InstallPlan, options: DiffOptions = DiffOptions()
) -> DiffOutcome:
    """Compare nothing with a dry run of a planned install (the plan itself is unchanged).

    Raises:
        TillerError: the dry run failed.
    """
    new = await tiller.install(_dry(plan.request))
    return _compare(new.name, None, new, options, "install (dry run)")


_Request = TypeVar("_Request", InstallRequest, UpgradeRequest)


def _dry(request: _Request) -> _Request:
    # A request that is already a dry run goes as it is: the TUI caches answers per
    # request object, so previewing the same plan twice must send the same object.
    return request if request.dry_run else replace(request, dry_run=True)


async def diff_rollback(
    tiller: TillerAPI,
    name: str,
    revision: int,
    options: DiffOptions = DiffOptions(),
    progress: Progress | None = None,
) -> DiffOutcome:
    """Compare the latest revision with what rolling back to ``revision`` would deploy.

    Raises:
        TillerError: no such release or revision.
    """
    async with tracking(progress, "diff", name, f"dry run of a rollback to revision {revision}"):
        old = await tiller.release_content(name)
        new = await tiller.rollback(RollbackRequest(name=name, revision=revision, dry_run=True))
    return _compare(name, old, new, options, f"rollback to revision {revision} (dry run)")


async def diff_revisions(
    tiller: TillerAPI,
    name: str,
    revision: int,
    other: int = 0,
    options: DiffOptions = DiffOptions(),
) -> DiffOutcome:
    """Compare two stored revisions (``other`` 0: the latest).

    Raises:
        TillerError: no such release or revision.
    """
    old = await tiller.release_content(name, revision)
    new = await tiller.release_content(name, other)
    return _compare(name, old, new, options, f"revision {new.revision}")
