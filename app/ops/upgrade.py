"""Upgrade a release (Helm v2.17's ``upgrade``, including ``--install`` and ``--atomic``).

Planning asks Tiller for the latest revision (GetHistory, max 1) as Helm does: with
``install`` a ``release: "<name>" not found`` answer (or an empty history, which is
what a memory-storage Tiller answers) turns the upgrade into an install. The revision
found is also where ``--atomic`` rolls back to when the upgrade fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.client.errors import ReleaseNotFoundError, TillerError
from app.client.models import Release, StatusReport
from app.client.requests import DEFAULT_TIMEOUT, RollbackRequest, UpgradeRequest
from app.ops.charts import ChartLocation, LoadedChart, load_chart, locate_chart
from app.ops.errors import OpsError
from app.ops.install import (
    AtomicError,
    InstallOutcome,
    InstallPlan,
    InstallSpec,
    apply_install,
    plan_install,
)
from app.ops.progress import Progress, tracking
from app.ops.tiller_api import TillerAPI
from app.ops.values import ValueSources, merge_values


@dataclass(frozen=True)
class UpgradeSpec:
    """Everything ``helm upgrade`` is told (flags resolved to values).

    Attributes:
        name: the release.
        location: which chart.
        values: where the user's values come from.
        install: install the release if it does not exist (``--install``).
        namespace: for ``--install``: the namespace to install into ("" for the default,
            which the caller passes as ``default_namespace``).
        default_namespace: the kubeconfig's namespace.
        atomic: roll back if the upgrade fails (implies ``wait``).
        Other attributes: UpdateReleaseRequest's options.
    """

    name: str
    location: ChartLocation
    values: ValueSources = ValueSources()
    install: bool = False
    namespace: str = ""
    default_namespace: str = "default"
    atomic: bool = False
    dry_run: bool = False
    recreate: bool = False
    force: bool = False
    disable_hooks: bool = False
    timeout: int = DEFAULT_TIMEOUT
    reset_values: bool = False
    reuse_values: bool = False
    wait: bool = False
    description: str = ""
    sub_notes: bool = False
    cleanup_on_fail: bool = False


@dataclass(frozen=True)
class UpgradePlan:
    """What an upgrade will do.

    Attributes:
        spec: what was asked.
        previous: the latest revision before the upgrade (``None`` if unknown).
        install: an install plan when the release does not exist and ``--install`` was
            given; the upgrade is then an install.
        chart: the loaded chart (upgrade path).
        request: the UpdateReleaseRequest (upgrade path).
        warnings: things to tell the user (namespace mismatch).
    """

    spec: UpgradeSpec
    previous: Release | None
    install: InstallPlan | None = None
    chart: LoadedChart | None = None
    request: UpgradeRequest | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpgradeOutcome:
    """A successful upgrade (or, with ``--install``, install).

    Attributes:
        release: the new revision as Tiller returned it.
        status: the release's status afterwards.
        installed: set when the release was installed instead.
    """

    release: Release
    status: StatusReport | None = None
    installed: InstallOutcome | None = None


def is_missing(err: TillerError, name: str) -> bool:
    """Whether ``err`` is Tiller saying the release does not exist (Helm's string match)."""
    return isinstance(err, ReleaseNotFoundError) and f'release: "{name}" not found' in err.detail


async def plan_upgrade(tiller: TillerAPI, spec: UpgradeSpec) -> UpgradePlan:
    """Look the release up, then resolve the chart and values.

    Raises:
        OpsError: Helm's message for a bad chart or values.
        TillerError: the history lookup failed (only with ``install``; without it Helm
            ignores that failure and lets the upgrade report the problem).
    """
    revisions: tuple[Release, ...] = ()
    try:
        revisions = await tiller.history(spec.name, 1)
    except TillerError as err:
        # Without --install Helm ignores this failure: the upgrade itself reports it.
        if spec.install and not is_missing(err, spec.name):
            raise
        missing = is_missing(err, spec.name)
    else:
        missing = not revisions
    previous = revisions[0] if revisions else None
    if spec.install and missing:
        install = plan_install(_install_spec(spec))
        return UpgradePlan(spec, None, install=install)
    warnings: tuple[str, ...] = ()
    if spec.install and previous is not None:
        wanted = spec.namespace or spec.default_namespace
        if previous.namespace != wanted:
            warnings = (
                f'Namespace "{wanted}" doesn\'t match with previous. '
                f"Release will be deployed to {previous.namespace}",
            )
    values = merge_values(spec.values)
    chart = load_chart(locate_chart(spec.location))
    request = UpgradeRequest(
        name=spec.name,
        chart=chart.message,
        values=values,
        dry_run=spec.dry_run,
        disable_hooks=spec.disable_hooks,
        recreate=spec.recreate,
        timeout=spec.timeout,
        reset_values=spec.reset_values,
        wait=spec.wait or spec.atomic,  # as Helm: --atomic implies --wait
        reuse_values=spec.reuse_values,
        force=spec.force,
        description=spec.description,
        sub_notes=spec.sub_notes,
        cleanup_on_fail=spec.cleanup_on_fail,
    )
    return UpgradePlan(spec, previous, chart=chart, request=request, warnings=warnings)


DEPLOYED_CHART = ChartLocation(ref="(the deployed chart)")
"""The location of a plan made by :func:`plan_values_upgrade`: no chart is loaded."""


def plan_values_upgrade(
    release: Release,
    values: str,
    *,
    reuse_values: bool,
    description: str = "",
    dry_run: bool = False,
) -> UpgradePlan:
    """Plan an upgrade of ``release`` with its deployed chart and new user values.

    This is the values editor's upgrade: nothing is looked up or loaded, the chart Tiller
    returned for the release goes back unchanged. ``reuse_values`` chooses between Helm's
    ``--reuse-values`` (the deployed values, then ``values`` over them) and
    ``--reset-values`` (``values`` alone over the chart's defaults).

    Raises:
        OpsError: the release came without its chart (nothing to upgrade with).
    """
    if release.chart is None:
        raise OpsError(f"release {release.name!r} revision {release.revision} has no chart")
    spec = UpgradeSpec(
        name=release.name,
        location=DEPLOYED_CHART,
        reuse_values=reuse_values,
        reset_values=not reuse_values,
        dry_run=dry_run,
        description=description,
    )
    request = UpgradeRequest(
        name=release.name,
        chart=release.chart,
        values=values,
        dry_run=dry_run,
        reuse_values=reuse_values,
        reset_values=not reuse_values,
        timeout=spec.timeout,
        description=description,
    )
    return UpgradePlan(spec, release, request=request)


def _install_spec(spec: UpgradeSpec) -> InstallSpec:
    return InstallSpec(
        location=spec.location,
        values=spec.values,
        name=spec.name,
        namespace=spec.namespace or spec.default_namespace,
        atomic=spec.atomic,
        dry_run=spec.dry_run,
        disable_hooks=spec.disable_hooks,
        timeout=spec.timeout,
        wait=spec.wait,
        description=spec.description,
    )


async def apply_upgrade(
    tiller: TillerAPI,
    plan: UpgradePlan,
    progress: Progress | None = None,
    *,
    with_status: bool = True,
) -> UpgradeOutcome:
    """Run the upgrade (or the install it became) and fetch the status afterwards.

    ``with_status=False`` skips the status call of the upgrade path (a caller that wants
    to tell an upgrade failure from a status failure fetches it itself).

    Raises:
        AtomicError: ``atomic`` and the upgrade failed (it was rolled back).
        TillerError: the upgrade or the status call failed.
    """
    if plan.install is not None:
        installed = await apply_install(tiller, plan.install, progress)
        return UpgradeOutcome(installed.release, installed.status, installed)
    request = plan.request
    assert request is not None, "an upgrade plan without install has a request"
    wait = f"; Tiller waits up to {request.timeout}s for resources" if request.wait else ""
    what = ("dry-run of the upgrade" if request.dry_run else "upgrading") + wait
    try:
        async with tracking(progress, "upgrade", request.name, what):
            release = await tiller.upgrade(request)
    except TillerError as err:
        if not plan.spec.atomic:
            raise
        await _roll_back(tiller, plan, err, progress)
        raise AssertionError("unreachable") from err  # _roll_back always raises
    if not with_status:
        return UpgradeOutcome(release)
    # Helm prints the status of the release after the upgrade, dry run or not.
    status = await tiller.release_status(request.name)
    return UpgradeOutcome(release, status)


async def _roll_back(
    tiller: TillerAPI, plan: UpgradePlan, cause: TillerError, progress: Progress | None
) -> None:
    spec = plan.spec
    if plan.previous is None:
        raise AtomicError(cause, "rollback", spec.name, OpsError("no previous revision is known"))
    rollback = RollbackRequest(
        name=spec.name,
        revision=plan.previous.revision,
        dry_run=spec.dry_run,
        disable_hooks=spec.disable_hooks,
        recreate=spec.recreate,
        timeout=spec.timeout,
        wait=spec.wait or spec.atomic,
        force=spec.force,
        cleanup_on_fail=spec.cleanup_on_fail,
    )
    what = f"upgrade failed; rolling back to revision {plan.previous.revision}"
    try:
        async with tracking(progress, "upgrade", spec.name, what):
            await tiller.rollback(rollback)
    except TillerError as undo_error:
        raise AtomicError(cause, "rollback", spec.name, undo_error) from cause
    raise AtomicError(cause, "rollback", spec.name) from cause
