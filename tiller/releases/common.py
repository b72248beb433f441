"""Helpers shared by the lifecycle use-cases: clocks, statuses, recording, recovery."""

from __future__ import annotations

import logging

from google.protobuf import timestamp_pb2
from hapi.release import release_pb2, status_pb2

from tiller.releases.env import Env
from tiller.storage.errors import NoRevisionError, ReleaseNotFoundError, StorageError

log = logging.getLogger(__name__)

Code = status_pb2.Status.Code
Release = release_pb2.Release
PENDING = (Code.PENDING_INSTALL, Code.PENDING_UPGRADE, Code.PENDING_ROLLBACK)


def now() -> timestamp_pb2.Timestamp:
    """The current time as a protobuf Timestamp (seconds + nanos, like Helm's timeconv)."""
    ts = timestamp_pb2.Timestamp()
    ts.GetCurrentTime()
    return ts


def set_status(rel: Release, code: int, description: str) -> None:
    """Set a release's status code and description."""
    rel.info.status.code = code  # type: ignore[assignment]
    rel.info.Description = description


def record(env: Env, rel: Release) -> None:
    """Store a status change; like Helm, a failure here is logged, not raised.

    The operation's outcome has already happened in the cluster; reporting a storage
    hiccup instead of it would hide what was done. An interrupted record is recovered
    by the next operation (see :func:`recover_interrupted`).
    """
    try:
        env.storage.update(rel)
    except StorageError as err:
        log.error("cannot record %s v%d as %s: %s", rel.name, rel.version, _name(rel), err)


def _name(rel: Release) -> str:
    return status_pb2.Status.Code.Name(rel.info.status.code)


def latest(env: Env, name: str) -> Release | None:
    """The highest revision, or None when the release has no history."""
    try:
        return env.storage.last(name)
    except (ReleaseNotFoundError, NoRevisionError):
        return None


def interrupted_description(rel: Release) -> str:
    """What an interrupted revision says once recovered."""
    return f"{rel.info.Description} (interrupted: Tiller stopped before the operation completed)"


def recover_interrupted(env: Env, name: str, *, force: bool = False) -> Release | None:
    """Mark the newest revision FAILED if it is PENDING_* but nothing works on it.

    Called with the release's lock held, so no operation of this Tiller is running on
    it. A pending record this process left on purpose (a failed hook, as Helm does) is
    recovered only with ``force``; any other one was left by a Tiller that stopped
    mid-operation.

    Returns:
        The newest revision (after recovery), or None without history.
    """
    rel = latest(env, name)
    if rel is None or rel.info.status.code not in PENDING:
        return rel
    own = env.locks.was_left_pending(name, rel.version)
    if own and not force:
        return rel
    description = (
        f"{rel.info.Description} (abandoned: superseded by upgrade --force)"
        if own
        else interrupted_description(rel)
    )
    log.warning("release %s v%d was left %s: marking it FAILED", name, rel.version, _name(rel))
    set_status(rel, Code.FAILED, description)
    env.storage.update(rel)
    env.locks.settled(name, rel.version)
    return rel
