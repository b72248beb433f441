"""UpdateRelease (spec §3.3): a new revision rendered from a new chart and values."""

from __future__ import annotations

import logging

from hapi.release import info_pb2, release_pb2, status_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.hooks import Event, EventValue, run_hooks
from tiller.kube.client import UpdateOptions, effective_timeout
from tiller.kube.rest import is_transient
from tiller.releases import update_force
from tiller.releases.common import (
    PENDING,
    Code,
    hold,
    latest,
    now,
    record,
    recover_interrupted,
    set_status,
)
from tiller.releases.env import Env, validate_release_name
from tiller.releases.install import render_for
from tiller.releases.locks import OperationInProgressError
from tiller.releases.rendering import ReleaseOptions
from tiller.releases.reuse_values import select_values
from tiller.storage.errors import StorageError

log = logging.getLogger(__name__)

Release = release_pb2.Release


def update_release(
    env: Env, req: tiller_pb2.UpdateReleaseRequest
) -> tiller_pb2.UpdateReleaseResponse:
    """Answer UpdateRelease.

    Raises:
        TillerError: with Helm's texts (``"<n>" has no deployed releases``, ...).
    """
    validate_release_name(req.name)
    with hold(env, req.name):
        recover_interrupted(env, req.name, force=req.force)
        try:
            current, updated = _prepare(env, req)
        except (TillerError, StorageError) as err:
            if not req.force:
                raise
            log.info("upgrade of %s cannot be prepared (%s): --force replaces it", req.name, err)
            return tiller_pb2.UpdateReleaseResponse(release=update_force.force_update(env, req))
        if not req.dry_run:
            env.storage.create(updated)  # prunes history; fails if the revision exists
        return tiller_pb2.UpdateReleaseResponse(release=_perform(env, req, current, updated))


def _prepare(env: Env, req: tiller_pb2.UpdateReleaseRequest) -> tuple[Release, Release]:
    if not req.HasField("chart"):
        raise TillerError("no chart provided")
    current = env.storage.deployed(req.name)
    chart, values = select_values(
        req.chart,
        req.values if req.HasField("values") else None,
        current,
        reset_values=req.reset_values,
        reuse_values=req.reuse_values,
    )
    last = latest(env, req.name) or current
    if last.info.status.code in PENDING:
        raise OperationInProgressError()
    revision = last.version + 1
    options = ReleaseOptions(
        name=req.name,
        namespace=current.namespace,
        revision=revision,
        is_install=False,
        is_upgrade=True,
        time=now(),
    )
    rendered = render_for(env, chart, values, options, req.subNotes)
    ts = now()
    updated = Release(
        name=req.name,
        namespace=current.namespace,
        chart=chart,
        config=values,
        manifest=rendered.manifest,
        hooks=rendered.hooks,
        version=revision,
        info=info_pb2.Info(
            status=status_pb2.Status(code=Code.PENDING_UPGRADE, notes=rendered.notes),
            first_deployed=current.info.first_deployed,
            last_deployed=ts,
            Description="Preparing upgrade",
        ),
    )
    try:
        env.kube.validate(updated.namespace, updated.manifest)
    except TillerError as err:
        raise TillerError(f"validation failed: {err}") from err
    return current, updated


def original_manifest(env: Env, current: Release) -> str:
    """What the cluster may hold for a release, as the base of the upgrade's patches.

    That is its DEPLOYED manifest plus objects of newer FAILED revisions (a failed or
    interrupted upgrade may have created them).

    Helm only diffs against the DEPLOYED manifest, so objects created by a failed upgrade
    block the next one ("already exists ... wasn't defined in the previous release").
    The current manifest comes last so that its objects win for the patch base.
    """
    extra = []
    try:
        for rec in env.storage.history_records(current.name):
            if rec.version > current.version and rec.status_code == Code.FAILED:
                extra.append(rec.release().manifest)
    except StorageError as err:
        log.info("history of %s unavailable for the patch base: %s", current.name, err)
    return "".join(extra) + current.manifest


def _perform(
    env: Env, req: tiller_pb2.UpdateReleaseRequest, current: Release, updated: Release
) -> Release:
    if req.dry_run:
        updated.info.Description = "Dry run complete"
        return updated
    timeout = effective_timeout(req.timeout)
    if not req.disable_hooks:
        _hooks_or_leave_pending(env, updated, Event.PRE_UPGRADE, timeout)
    options = UpdateOptions(
        force=req.force,
        recreate=req.recreate,
        wait=req.wait,
        timeout=timeout,
        cleanup_on_fail=req.cleanup_on_fail,
    )
    try:
        env.kube.update(
            updated.namespace, original_manifest(env, current), updated.manifest, options
        )
    except TillerError as err:
        set_status(updated, Code.FAILED, f'Upgrade "{updated.name}" failed: {err}')
        record(env, current)
        record(env, updated)
        raise
    if not req.disable_hooks:
        _hooks_or_leave_pending(env, updated, Event.POST_UPGRADE, timeout)
    set_status(current, Code.SUPERSEDED, current.info.Description)
    record(env, current)
    set_status(updated, Code.DEPLOYED, req.description or "Upgrade complete")
    record(env, updated)
    return updated


def _hooks_or_leave_pending(env: Env, rel: Release, event: EventValue, timeout: float) -> None:
    """Run hooks; on failure the revision stays PENDING_* as in Helm (see locks.py).

    Except when the API server went away: that says nothing about the hook, and a
    pending revision would block the next upgrade (without ``--force``) once it is
    back, so the revision is FAILED with the connection error like a failed update.
    """
    try:
        run_hooks(env.kube, rel.hooks, event, rel.namespace, timeout)
    except TillerError as err:
        if is_transient(err):
            set_status(rel, Code.FAILED, f'Upgrade "{rel.name}" failed: {err}')
            record(env, rel)
        else:
            env.locks.left_pending(rel.name, rel.version)
        raise
