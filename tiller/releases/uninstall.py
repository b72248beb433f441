"""UninstallRelease (spec §3.5): delete the resources, keep (or purge) the history."""

from __future__ import annotations

import logging

from hapi.release import release_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.hooks import Event, run_hooks
from tiller.kube.client import effective_timeout
from tiller.releases.common import Code, hold, now, record, set_status
from tiller.releases.deletion import delete_resources
from tiller.releases.env import Env, validate_release_name
from tiller.storage.errors import ReleaseNotFoundError, StorageError

log = logging.getLogger(__name__)

Release = release_pb2.Release


def _purge(env: Env, name: str) -> None:
    for rec in env.storage.history_records(name):
        try:
            env.storage.delete(name, rec.version)
        except StorageError as err:
            log.warning("purge of %s v%d failed: %s", name, rec.version, err)
    env.locks.forget(name)


def uninstall_release(
    env: Env, req: tiller_pb2.UninstallReleaseRequest
) -> tiller_pb2.UninstallReleaseResponse:
    """Answer UninstallRelease.

    Raises:
        TillerError: Helm's texts, e.g. ``the release named "<n>" is already deleted`` or
            ``deletion completed with N error(s): ...``.
    """
    validate_release_name(req.name)
    with hold(env, req.name):
        records = env.storage.history_records(req.name)
        if not records:
            # Helm's memory driver answers "no release provided" here; the cluster drivers
            # (and so every real Tiller) say the release is not found: we always do.
            raise ReleaseNotFoundError(req.name)
        rel = records[-1].release()
        if rel.info.status.code == Code.DELETED:
            if req.purge:
                _purge(env, req.name)
                return tiller_pb2.UninstallReleaseResponse(release=rel)
            raise TillerError(f'the release named "{req.name}" is already deleted')
        return _perform(env, req, rel)


def _perform(
    env: Env, req: tiller_pb2.UninstallReleaseRequest, rel: Release
) -> tiller_pb2.UninstallReleaseResponse:
    timeout = effective_timeout(req.timeout)
    rel.info.deleted.CopyFrom(now())
    set_status(rel, Code.DELETING, "Deletion in progress (or silently failed)")
    if not req.disable_hooks:
        run_hooks(env.kube, rel.hooks, Event.PRE_DELETE, rel.namespace, timeout)
    env.storage.update(rel)
    result = delete_resources(env, rel)
    if not req.disable_hooks:
        try:
            run_hooks(env.kube, rel.hooks, Event.POST_DELETE, rel.namespace, timeout)
        except TillerError as err:
            result.errors.append(str(err))
    set_status(rel, Code.DELETED, req.description or "Deletion complete")
    response = tiller_pb2.UninstallReleaseResponse(release=rel, info=result.kept)
    if req.purge:
        _purge(env, req.name)
        return response
    record(env, rel)
    if result.errors:
        raise TillerError(
            f"deletion completed with {len(result.errors)} error(s): {'; '.join(result.errors)}"
        )
    return response
