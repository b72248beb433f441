"""Preview changes without applying them: ``diff upgrade``, ``diff rollback``, ``diff revision``.

Upgrade and rollback previews ask Tiller for a dry run, so the proposed manifest is the
one Tiller would apply (rendered by Tiller, with its values logic: ``--reuse-values``
and friends). The current side is the revision Tiller would update from: the newest
DEPLOYED one (the newest of any status if none is deployed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.client.errors import TillerError
from app.client.models import Release, ReleaseStatus
from app.client.requests import RollbackRequest
from app.ops.diff import ManifestDiff, diff_document, diff_manifests
from app.ops.errors import OpsError
from app.ops.progress import Progress, tracking
from app.ops.tiller_api import TillerAPI
from app.ops.upgrade import UpgradeSpec, is_missing, plan_upgrade


@dataclass(frozen=True)
class DiffOptions:
    """How to compare.

    Attributes:
        context: lines of context around changes (negative: whole resources).
        show_noise: keep chart-version labels and checksum annotations.
        show_secrets: show Secret data.
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
    """

    release: str
    before: str
    after: str
    diff: ManifestDiff

    def document(self) -> dict[str, Any]:
        """The JSON/YAML form (documented in ``app.script``)."""
        return diff_document(self.diff, release=self.release, before=self.before, after=self.after)


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
    return DiffOutcome(name, before, after, result)


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
    async with tracking(progress, "diff", spec.name, "dry run of the upgrade"):
        if plan.install is not None:
            new = await tiller.install(plan.install.request)
            return _compare(spec.name, None, new, options, "install (dry run)")
        assert plan.request is not None
        missing = f'release "{spec.name}" does not exist; use --install to compare with an install'
        try:
            revisions = await tiller.history(spec.name)
        except TillerError as err:
            if is_missing(err, spec.name):
                raise OpsError(missing) from err
            raise
        if not revisions:  # what a memory-storage Tiller answers for an unknown name
            raise OpsError(missing)
        old = current_revision(revisions)
        new = await tiller.upgrade(plan.request)
    return _compare(spec.name, old, new, options, "upgrade (dry run)")


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
