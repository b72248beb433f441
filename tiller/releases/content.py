"""GetReleaseContent: a stored release revision, whole."""

from __future__ import annotations

from hapi.services import tiller_pb2

from tiller.releases.env import Env, validate_release_name


def get_release_content(
    env: Env, req: tiller_pb2.GetReleaseContentRequest
) -> tiller_pb2.GetReleaseContentResponse:
    """Answer GetReleaseContent: the latest revision when ``version <= 0``, else that one."""
    validate_release_name(req.name)
    if req.version <= 0:
        release = env.storage.last(req.name)
    else:
        release = env.storage.get(req.name, req.version)
    return tiller_pb2.GetReleaseContentResponse(release=release)
