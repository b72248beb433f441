"""RollbackRelease (spec §3.4): a new revision copied from an older one, no re-render."""

from __future__ import annotations

import logging

from hapi.release import info_pb2, release_pb2, status_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.hooks import Event, EventValue, run_hooks
from tiller.kube.client import UpdateOptions, effective_timeout
from tiller.kube.rest import is_transient
from tiller.releases.common import Code, hold, latest, now, record, set_status
from tiller.releases.env import Env, validate_release_name
from tiller.storage.errors import ReleaseNotFoundError, StorageError

log = logging.getLogger(__name__)

Release = release_pb2.Release


def _prepare(env: Env, req: tiller_pb2.RollbackReleaseRequest) -> tuple[Release, Release]:
    if req.version < 0:
        raise TillerError("invalid release revision")
    current = latest(env, req.name)
    if current is None:
        raise ReleaseNotFoundError(req.name)
    wanted = req.version or current.version - 1
    target = env.storage.get(req.name, wanted)
    rolled = Release(
        name=req.name,
        namespace=current.namespace,
        chart=target.chart,
        config=target.config,
        manifest=target.manifest,
        hooks=target.hooks,
        version=current.version + 1,
        info=info_pb2.Info(
            status=status_pb2.Status(code=Code.PENDING_ROLLBACK, notes=target.info.status.notes),
            first_deployed=current.info.first_deployed,
            last_deployed=now(),
            Description=req.description or f"Rollback to {wanted}",
        ),
    )
    return current, rolled


def rollback_release(
    env: Env, req: tiller_pb2.RollbackReleaseRequest
) -> tiller_pb2.RollbackReleaseResponse:
    """Answer RollbackRelease; works from any status, DELETED and FAILED included.

    Raises:
        TillerError: with Helm's texts.
    """
    validate_release_name(req.name)
    with hold(env, req.name):
        current, rolled = _prepare(env, req)
        if req.dry_run:
            return tiller_pb2.RollbackReleaseResponse(release=rolled)
        env.storage.create(rolled)
        return tiller_pb2.RollbackReleaseResponse(release=_perform(env, req, current, rolled))


def _perform(
    env: Env, req: tiller_pb2.RollbackReleaseRequest, current: Release, rolled: Release
) -> Release:
    timeout = effective_timeout(req.timeout)
    if not req.disable_hooks:
        _hooks(env, rolled, Event.PRE_ROLLBACK, timeout)
    options = UpdateOptions(
        force=req.force,
        recreate=req.recreate,
        wait=req.wait,
        timeout=timeout,
        cleanup_on_fail=req.cleanup_on_fail,
    )
    try:
        env.kube.update(rolled.namespace, current.manifest, rolled.manifest, options)
    except TillerError as err:
        set_status(current, Code.SUPERSEDED, current.info.Description)
        set_status(rolled, Code.FAILED, f'Rollback "{rolled.name}" failed: {err}')
        record(env, current)
        record(env, rolled)
        raise
    if not req.disable_hooks:
        _hooks(env, rolled, Event.POST_ROLLBACK, timeout)
    set_status(current, Code.SUPERSEDED, current.info.Description)
    record(env, current)
    _supersede_deployed(env, rolled.name)
    set_status(rolled, Code.DEPLOYED, rolled.info.Description)
    record(env, rolled)
    return rolled


def _hooks(env: Env, rel: Release, event: EventValue, timeout: float) -> None:
    try:
        run_hooks(env.kube, rel.hooks, event, rel.namespace, timeout)
    except TillerError as err:
        if is_transient(err):  # the API server went away: no verdict on the hook
            set_status(rel, Code.FAILED, f'Rollback "{rel.name}" failed: {err}')
            record(env, rel)
        else:
            env.locks.left_pending(rel.name, rel.version)  # left PENDING_ROLLBACK, as Helm
        raise


def _supersede_deployed(env: Env, name: str) -> None:
    """Every DEPLOYED revision becomes SUPERSEDED (Helm 2.16.7+: no two DEPLOYED)."""
    try:
        deployed = env.storage.deployed_all(name)
    except StorageError:
        return
    for rel in deployed:
        set_status(rel, Code.SUPERSEDED, rel.info.Description)
        record(env, rel)
