"""InstallRelease (spec §3.2): render, validate, run hooks, create, record."""

from __future__ import annotations

import logging
from contextlib import ExitStack

from hapi.chart import chart_pb2, config_pb2
from hapi.release import info_pb2, release_pb2, status_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.hooks import Event, run_hooks
from tiller.kube.client import UpdateOptions, effective_timeout
from tiller.releases.common import (
    Code,
    hold,
    latest,
    now,
    record,
    recover_interrupted,
    set_status,
)
from tiller.releases.env import Env
from tiller.releases.names import check_requested_name, pick_free_name
from tiller.releases.rendering import (
    ReleaseOptions,
    Rendered,
    RenderError,
    RenderInput,
    render_release,
)

log = logging.getLogger(__name__)

Release = release_pb2.Release


def render_for(
    env: Env,
    chart: chart_pb2.Chart,
    values: config_pb2.Config | None,
    options: ReleaseOptions,
    sub_notes: bool,
) -> Rendered:
    """Render a chart for a release with the cluster's capabilities."""
    inp = RenderInput(
        chart=chart,
        values=values,
        options=options,
        cluster=env.kube.cluster_info(),
        tiller_version=env.version,
    )
    return render_release(env.renderer, inp, sub_notes=sub_notes)


def build_release(
    req: tiller_pb2.InstallReleaseRequest, name: str, namespace: str, rendered: Rendered
) -> Release:
    """A new PENDING_INSTALL revision 1 of ``name``."""
    ts = now()
    rel = Release(
        name=name,
        namespace=namespace,
        chart=req.chart,
        config=req.values,
        manifest=rendered.manifest,
        hooks=rendered.hooks,
        version=1,
        info=info_pb2.Info(
            status=status_pb2.Status(code=Code.PENDING_INSTALL, notes=rendered.notes),
            first_deployed=ts,
            last_deployed=ts,
            Description="Initial install underway",
        ),
    )
    return rel


def _prepare(env: Env, req: tiller_pb2.InstallReleaseRequest, name: str) -> Release:
    options = ReleaseOptions(
        name=name,
        namespace=req.namespace,
        revision=1,
        is_install=True,
        is_upgrade=False,
        time=now(),
    )
    values = req.values if req.HasField("values") else None
    try:
        rendered = render_for(env, req.chart, values, options, req.subNotes)
    except RenderError as err:
        # Helm shows the raw render with YAML errors of a dry run, to help debugging.
        if req.dry_run and str(err).startswith("YAML parse error") and err.manifest:
            raise TillerError(f"{err}\n{err.manifest}") from err
        raise
    return build_release(req, name, req.namespace, rendered)


def install_release(
    env: Env, req: tiller_pb2.InstallReleaseRequest
) -> tiller_pb2.InstallReleaseResponse:
    """Answer InstallRelease.

    Raises:
        TillerError: with Helm's texts; a failed install leaves a FAILED record.
    """
    if not req.HasField("chart"):
        raise TillerError("no chart provided")
    with ExitStack() as stack:
        if req.name:
            stack.enter_context(hold(env, req.name))
            if req.reuse_name:
                recover_interrupted(env, req.name)
            replace = check_requested_name(env, req.name, req.reuse_name)
            name = req.name
        else:
            name = pick_free_name(env)
            stack.enter_context(hold(env, name))
            replace = False
        rel = _prepare(env, req, name)
        return tiller_pb2.InstallReleaseResponse(release=_perform(env, req, rel, replace))
    raise AssertionError("unreachable")  # ExitStack never swallows exceptions here


def _has_crd_hooks(rel: Release) -> bool:
    return any(Event.CRD_INSTALL in h.events for h in rel.hooks)


def _perform(
    env: Env, req: tiller_pb2.InstallReleaseRequest, rel: Release, replace: bool
) -> Release:
    timeout = effective_timeout(req.timeout)
    if req.dry_run:
        if _has_crd_hooks(rel) and not req.disable_crd_hook:
            rel.info.Description = "Validation skipped because CRDs are not installed"
            return rel
        _validate(env, rel)
        rel.info.Description = "Dry run complete"
        return rel
    if not req.disable_hooks and not req.disable_crd_hook:
        run_hooks(env.kube, rel.hooks, Event.CRD_INSTALL, rel.namespace, timeout)
    _validate(env, rel)
    if not req.disable_hooks:
        run_hooks(env.kube, rel.hooks, Event.PRE_INSTALL, rel.namespace, timeout)
    if replace:
        _replace(env, req, rel, timeout)
    else:
        _create(env, req, rel, timeout)
    if not req.disable_hooks:
        try:
            run_hooks(env.kube, rel.hooks, Event.POST_INSTALL, rel.namespace, timeout)
        except TillerError as err:
            set_status(rel, Code.FAILED, f'Release "{rel.name}" failed post-install: {err}')
            record(env, rel)
            raise
    set_status(rel, Code.DEPLOYED, req.description or "Install complete")
    record(env, rel)
    return rel


def _validate(env: Env, rel: Release) -> None:
    try:
        env.kube.validate(rel.namespace, rel.manifest)
    except TillerError as err:
        raise TillerError(f"validation failed: {err}") from err


def _create(env: Env, req: tiller_pb2.InstallReleaseRequest, rel: Release, timeout: float) -> None:
    env.storage.create(rel)  # fails if the revision exists: never two of the same number
    try:
        env.kube.create(rel.namespace, rel.manifest, wait=req.wait, timeout=timeout)
    except TillerError as err:
        set_status(rel, Code.FAILED, f'Release "{rel.name}" failed: {err}')
        record(env, rel)
        raise TillerError(f"release {rel.name} failed: {err}") from err


def _replace(env: Env, req: tiller_pb2.InstallReleaseRequest, rel: Release, timeout: float) -> None:
    """``--replace``: a new revision on top of a DELETED or FAILED history."""
    old = latest(env, rel.name)
    if old is None:  # the history vanished meanwhile: a plain install then
        _create(env, req, rel, timeout)
        return
    set_status(old, Code.SUPERSEDED, old.info.Description)
    record(env, old)
    rel.version = old.version + 1
    env.storage.create(rel)
    options = UpdateOptions(wait=req.wait, timeout=timeout)
    try:
        env.kube.update(rel.namespace, old.manifest, rel.manifest, options)
    except TillerError as err:
        set_status(rel, Code.FAILED, f'Release replace "{rel.name}" failed: {err}')
        record(env, rel)
        raise
