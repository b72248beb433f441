"""Helpers shared by the lifecycle use-cases: clocks, statuses, recording, recovery."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from google.protobuf import timestamp_pb2
from hapi.release import release_pb2, status_pb2

from tiller.kube.rest import RETRYABLE_STATUSES
from tiller.releases.env import Env
from tiller.releases.locks import OperationInProgressError
from tiller.storage.errors import (
    NoRevisionError,
    ReleaseNotFoundError,
    StorageApiError,
    StorageError,
    StorageUnavailableError,
)

log = logging.getLogger(__name__)

Code = status_pb2.Status.Code
Release = release_pb2.Release
PENDING = (Code.PENDING_INSTALL, Code.PENDING_UPGRADE, Code.PENDING_ROLLBACK)
# How long an operation keeps trying to store its outcome before it answers and leaves
# the write to the background (see tiller.releases.unrecorded): long enough for a quick
# API server restart, short enough not to hold the reply back much.
RECORD_RETRY_S = 5.0


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
    hiccup instead of it would hide what was done. When the API server is unreachable
    the write is tried again for :data:`RECORD_RETRY_S`, then kept and written later
    (:mod:`tiller.releases.unrecorded`), so the revision does not stay PENDING_*.
    """
    if env.unrecorded.holds(rel.name):  # an earlier record waits: keep the order
        _keep(env, rel, "an earlier record of the release is not stored yet")
        return
    deadline = time.monotonic() + RECORD_RETRY_S
    delay = 0.25
    while True:
        try:
            env.storage.update(rel)
            return
        except StorageError as err:
            if not is_transient_storage_error(err):
                log.error("cannot record %s v%d as %s: %s", rel.name, rel.version, _name(rel), err)
                return
            if time.monotonic() + delay > deadline:
                _keep(env, rel, str(err))
                return
            time.sleep(delay)
            delay *= 2


def is_transient_storage_error(err: StorageError) -> bool:
    """Whether the storage's API server was unreachable or unavailable (not a refusal)."""
    if isinstance(err, StorageUnavailableError):
        return True
    return isinstance(err, StorageApiError) and err.status in RETRYABLE_STATUSES


def _keep(env: Env, rel: Release, why: str) -> None:
    log.error(
        "cannot record %s v%d as %s yet (%s): it will be written when the API server answers",
        rel.name,
        rel.version,
        _name(rel),
        why,
    )
    env.unrecorded.keep(rel)
    env.unrecorded.retry_in_background(lambda name: _write_when_idle(env, name))


def write_unrecorded(env: Env, name: str) -> None:
    """Store what earlier operations on ``name`` could not (call with its lock held).

    Raises:
        StorageUnavailableError: the storage is still unreachable (nothing may proceed
            on a history that is not what Tiller knows it to be).
    """
    for rel in env.unrecorded.waiting(name):
        try:
            env.storage.update(rel)
            log.info(
                "recorded %s v%d as %s (kept while the API server was away)",
                name,
                rel.version,
                _name(rel),
            )
        except StorageError as err:
            if is_transient_storage_error(err):
                raise
            # Refused (or purged meanwhile): as record() does, log it and go on.
            log.error("cannot record %s v%d as %s: %s", name, rel.version, _name(rel), err)
        env.unrecorded.written(rel)


def _write_when_idle(env: Env, name: str) -> bool:
    """The background writer: True once nothing is left for ``name``."""
    try:
        with env.locks.hold(name):
            write_unrecorded(env, name)
    except OperationInProgressError:
        return False  # its operation writes them first thing, or we retry later
    except StorageError as err:
        log.debug("kept records of %s not written yet: %s", name, err)
        return False
    return True


@contextmanager
def hold(env: Env, name: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the release's lock and make its stored history current first.

    Every operation on a release runs in this block, so it never starts from, or
    overwrites, a history that misses a kept record (see :func:`record`).

    Raises:
        OperationInProgressError: another operation on ``name`` is running.
        StorageError: kept records cannot be written yet.
    """
    with env.locks.hold(name, wait=wait):
        write_unrecorded(env, name)
        yield


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
