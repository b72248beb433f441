"""GetReleaseStatus: a revision's Info with the live resources table."""

from __future__ import annotations

import logging

from hapi.release import status_pb2
from hapi.services import tiller_pb2

from tiller.errors import TillerError
from tiller.releases.env import Env, validate_release_name
from tiller.storage.errors import StorageError

log = logging.getLogger(__name__)

_LOOKUP_ERRORS_IGNORED = (status_pb2.Status.DELETED, status_pb2.Status.FAILED)


def get_release_status(
    env: Env, req: tiller_pb2.GetReleaseStatusRequest
) -> tiller_pb2.GetReleaseStatusResponse:
    """Answer GetReleaseStatus with Helm's error texts.

    The resources table is read from the cluster. For DELETED and FAILED releases lookup
    errors are ignored and the stored Info returned as it is, as Helm does.
    """
    validate_release_name(req.name)
    try:
        if req.version <= 0:
            release = env.storage.last(req.name)
        else:
            release = env.storage.get(req.name, req.version)
    except StorageError as err:
        if req.version <= 0:
            raise TillerError(f'getting deployed release "{req.name}": {err}') from err
        raise TillerError(f"getting release '{req.name}' (v{req.version}): {err}") from err
    if not release.HasField("info"):
        raise TillerError("release info is missing")
    if not release.HasField("chart"):
        raise TillerError("release chart is missing")

    response = tiller_pb2.GetReleaseStatusResponse(
        name=release.name, info=release.info, namespace=release.namespace
    )
    try:
        table = env.kube.resources_table(release.namespace, release.manifest)
    except TillerError as err:
        if release.info.status.code in _LOOKUP_ERRORS_IGNORED:
            return response
        log.warning("status lookup for %s failed: %s", release.name, err)
        raise
    response.info.status.resources = table
    return response
