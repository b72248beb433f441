"""``upgrade --force`` when no upgrade can be prepared: delete, then install over the name.

This is the way out of ``"<n>" has no deployed releases`` (spec §3.3 "force path", §9):
the newest revision (FAILED or DELETED) is deleted like an uninstall and the new chart
is installed as the next revision.
"""

from __future__ import annotations

import logging

from hapi.release import release_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.hooks import Event, run_hooks
from tiller.kube.client import UpdateOptions, effective_timeout
from tiller.releases.common import Code, latest, now, record, set_status
from tiller.releases.deletion import delete_resources
from tiller.releases.env import Env
from tiller.releases.install import build_release, render_for
from tiller.releases.names import check_requested_name
from tiller.releases.rendering import ReleaseOptions
from tiller.storage.errors import ReleaseNotFoundError

log = logging.getLogger(__name__)

Release = release_pb2.Release


def _prepare(env: Env, req: tiller_pb2.UpdateReleaseRequest, old: Release) -> Release:
    if not req.HasField("chart"):
        raise TillerError("no chart provided")
    check_requested_name(env, req.name, reuse=True)
    options = ReleaseOptions(
        name=req.name,
        namespace=old.namespace,
        revision=1,
        is_install=True,
        is_upgrade=False,
        time=now(),
    )
    values = req.values if req.HasField("values") else None
    rendered = render_for(env, req.chart, values, options, req.subNotes)
    install = tiller_pb2.InstallReleaseRequest(chart=req.chart, values=req.values)
    rel = build_release(install, req.name, old.namespace, rendered)
    rel.version = old.version + 1
    return rel


def _delete_old(env: Env, old: Release, req: tiller_pb2.UpdateReleaseRequest, t: float) -> None:
    old.info.deleted.CopyFrom(now())
    set_status(old, Code.DELETING, "Deletion in progress (or silently failed)")
    record(env, old)
    if not req.disable_hooks:
        run_hooks(env.kube, old.hooks, Event.PRE_DELETE, old.namespace, t)
    result = delete_resources(env, old)
    set_status(old, Code.DELETED, "Deletion complete")
    record(env, old)
    if result.errors:
        raise TillerError(
            "Upgrade --force successfully deleted the previous release, but encountered "
            f"{len(result.errors)} error(s) and cannot continue: {'; '.join(result.errors)}"
        )
    if not req.disable_hooks:
        run_hooks(env.kube, old.hooks, Event.POST_DELETE, old.namespace, t)


def force_update(env: Env, req: tiller_pb2.UpdateReleaseRequest) -> Release:
    """Replace the release: delete its newest revision's resources, install the new chart.

    Raises:
        TillerError: Helm's texts (the name must be DELETED or FAILED to be replaced).
    """
    old = latest(env, req.name)
    if old is None:
        raise ReleaseNotFoundError(req.name)
    rel = _prepare(env, req, old)
    if req.dry_run:
        rel.info.Description = "Dry run complete"
        return rel
    timeout = effective_timeout(req.timeout)
    _delete_old(env, old, req, timeout)
    if not req.disable_hooks:
        run_hooks(env.kube, rel.hooks, Event.PRE_INSTALL, rel.namespace, timeout)
    env.storage.create(rel)
    options = UpdateOptions(force=True, wait=req.wait, timeout=timeout)
    try:
        env.kube.update(rel.namespace, old.manifest, rel.manifest, options)
    except TillerError as err:
        set_status(rel, Code.FAILED, f'Upgrade "{rel.name}" failed: {err}')
        record(env, rel)
        raise
    if not req.disable_hooks:
        try:
            run_hooks(env.kube, rel.hooks, Event.POST_INSTALL, rel.namespace, timeout)
        except TillerError as err:
            set_status(rel, Code.FAILED, f'Release "{rel.name}" failed post-install: {err}')
            record(env, rel)
            raise
    set_status(rel, Code.DEPLOYED, req.description or "Upgrade complete")
    record(env, rel)
    return rel
