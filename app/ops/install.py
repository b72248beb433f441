"""Install a chart: plan (chart, values, name; no Tiller call) then apply (Helm's ``install``).

``apply_install`` follows Helm v2.17's CLI: InstallRelease, then (unless a dry run)
GetReleaseStatus for the status to print. With ``atomic`` a failed install is purged
(UninstallRelease with purge) and ``AtomicError`` reports both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.client.errors import TillerError
from app.client.models import Release, StatusReport
from app.client.requests import DEFAULT_TIMEOUT, InstallRequest, UninstallRequest
from app.ops.charts import ChartLocation, LoadedChart, load_chart, locate_chart
from app.ops.errors import OpsError
from app.ops.progress import Progress, tracking
from app.ops.tiller_api import TillerAPI
from app.ops.values import ValueSources, merge_values

_DNS1123_SUBDOMAIN = re.compile(
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z"
)
_SUBDOMAIN_RULE = (
    "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
# Tiller names a generated release in its error texts; --atomic needs it to purge.
_FAILED_NAME = re.compile(r"release (\S+) failed")


@dataclass(frozen=True)
class InstallSpec:
    """Everything ``helm install`` is told (flags resolved to values).

    Attributes:
        location: which chart.
        values: where the user's values come from.
        name: the release name ("" lets Tiller pick one).
        name_template: a Go template generating the name (``--name-template``).
        namespace: target namespace (already defaulted by the caller).
        atomic: purge the release if the install fails (implies ``wait``).
        request: the remaining InstallReleaseRequest options (its chart, values, name
            and namespace are filled in by ``plan_install``).
    """

    location: ChartLocation
    values: ValueSources = ValueSources()
    name: str = ""
    name_template: str = ""
    namespace: str = "default"
    atomic: bool = False
    dry_run: bool = False
    disable_hooks: bool = False
    disable_crd_hook: bool = False
    replace: bool = False
    timeout: int = DEFAULT_TIMEOUT
    wait: bool = False
    description: str = ""
    sub_notes: bool = False


@dataclass(frozen=True)
class InstallPlan:
    """What will be sent, before anything is.

    Attributes:
        chart: the loaded chart.
        request: the complete InstallReleaseRequest.
        atomic: purge on failure.
        final_name: the name ``--name-template`` produced ("" if none was used).
        warnings: things to tell the user (e.g. a deprecated chart).
    """

    chart: LoadedChart
    request: InstallRequest
    atomic: bool = False
    final_name: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstallOutcome:
    """A successful install: the release Tiller returned, and its status (not on dry runs)."""

    release: Release
    status: StatusReport | None = None


class AtomicError(OpsError):
    """An ``--atomic`` operation failed; it was undone (or undoing it failed too).

    Attributes:
        cause: the original failure.
        undo: ``"purge"`` (install) or ``"rollback"`` (upgrade).
        release: the release that was undone ("" if its name was unknown).
        undo_error: why undoing failed, if it did.
    """

    def __init__(
        self, cause: Exception, undo: str, release: str = "", undo_error: Exception | None = None
    ) -> None:
        super().__init__(str(undo_error or cause))
        self.cause = cause
        self.undo = undo
        self.release = release
        self.undo_error = undo_error


def validate_name(name: str) -> None:
    """Helm's client-side check of an explicit release name (a DNS-1123 subdomain).

    Raises:
        OpsError: ``release name <n> is invalid: ...``.
    """
    if not name:
        return
    problems = ["must be no more than 253 characters"] if len(name) > 253 else []
    if not _DNS1123_SUBDOMAIN.match(name):
        problems.append(_SUBDOMAIN_RULE)
    if problems:
        raise OpsError(f"release name {name} is invalid: {';'.join(problems)}")


def generate_name(template: str) -> str:
    """Run ``--name-template`` (Go template with Sprig functions), as Helm does.

    Raises:
        OpsError: the template does not parse or execute.
    """
    from tiller.engine.funcs import sprig_funcs
    from tiller.engine.gotemplate import TemplateError, TemplateSet

    templates = TemplateSet(sprig_funcs(), missingkey="default", name="name-template")
    try:
        templates.parse("name-template", template)
        return templates.execute("name-template", None)
    except TemplateError as err:
        raise OpsError(str(err)) from None


def plan_install(spec: InstallSpec) -> InstallPlan:
    """Resolve the chart, values and name; talk to no Tiller (may download the chart).

    Raises:
        OpsError: Helm's message for the first problem found.
    """
    values = merge_values(spec.values)
    name = generate_name(spec.name_template) if spec.name_template else spec.name
    validate_name(name)
    chart = load_chart(locate_chart(spec.location))
    warnings = ("This chart is deprecated",) if chart.metadata.deprecated else ()
    request = InstallRequest(
        chart=chart.message,
        values=values,
        name=name,
        namespace=spec.namespace,
        dry_run=spec.dry_run,
        disable_hooks=spec.disable_hooks,
        disable_crd_hook=spec.disable_crd_hook,
        reuse_name=spec.replace,
        timeout=spec.timeout,
        wait=spec.wait or spec.atomic,  # as Helm: --atomic implies --wait
        description=spec.description,
        sub_notes=spec.sub_notes,
    )
    final = name if spec.name_template else ""
    return InstallPlan(chart, request, spec.atomic, final, warnings)


def _what(request: InstallRequest) -> str:
    meta = request.chart.metadata
    doing = "dry-run of chart" if request.dry_run else "installing chart"
    wait = f"; Tiller waits up to {request.timeout}s for resources" if request.wait else ""
    return f"{doing} {meta.name}-{meta.version} into namespace {request.namespace}{wait}"


async def apply_install(
    tiller: TillerAPI, plan: InstallPlan, progress: Progress | None = None
) -> InstallOutcome:
    """Send the install; fetch the new release's status (except on dry runs).

    Raises:
        AtomicError: ``atomic`` and the install failed (it was purged).
        TillerError: the install or the status call failed.
    """
    request = plan.request
    try:
        async with tracking(progress, "install", request.name, _what(request)):
            release = await tiller.install(request)
    except TillerError as err:
        if not plan.atomic:
            raise
        await _purge(tiller, request, err, progress)
        raise AssertionError("unreachable") from err  # _purge always raises
    if request.dry_run:
        return InstallOutcome(release)
    status = await tiller.release_status(release.name)
    return InstallOutcome(release, status)


async def _purge(
    tiller: TillerAPI, request: InstallRequest, cause: TillerError, progress: Progress | None
) -> None:
    name = request.name
    if not name and (found := _FAILED_NAME.search(cause.detail)):
        name = found.group(1)
    if not name:
        raise AtomicError(cause, "purge", "", OpsError("the release name is unknown"))
    purge = UninstallRequest(
        name=name, disable_hooks=request.disable_hooks, purge=True, timeout=request.timeout
    )
    try:
        async with tracking(progress, "install", name, "install failed; purging the release"):
            if not request.dry_run:  # Helm's delete --dry-run only looks the release up
                await tiller.uninstall(purge)
            else:
                await tiller.release_content(name)
    except TillerError as undo_error:
        raise AtomicError(cause, "purge", name, undo_error) from cause
    raise AtomicError(cause, "purge", name) from cause
