"""GetHistory: a release's revisions, newest first."""

from __future__ import annotations

from hapi.services import tiller_pb2

from tiller.releases.env import Env, validate_release_name


def get_history(env: Env, req: tiller_pb2.GetHistoryRequest) -> tiller_pb2.GetHistoryResponse:
    """Answer GetHistory: at most ``req.max`` revisions (0 gives none), newest first.

    Unknown names fail with ``release: "<n>" not found`` on the cluster drivers, which the
    Helm CLI's ``upgrade --install`` matches to choose the install path.
    """
    validate_release_name(req.name)
    revisions = sorted(env.storage.history(req.name), key=lambda r: r.version, reverse=True)
    return tiller_pb2.GetHistoryResponse(releases=revisions[: max(req.max, 0)])
