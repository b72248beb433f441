"""GetHistory: a release's revisions, newest first."""

from __future__ import annotations

import logging

from hapi.services import tiller_pb2

from tiller.releases.env import Env, validate_release_name
from tiller.storage.driver import decode_records

log = logging.getLogger(__name__)


def get_history(env: Env, req: tiller_pb2.GetHistoryRequest) -> tiller_pb2.GetHistoryResponse:
    """Answer GetHistory: at most ``req.max`` revisions (0 gives none), newest first.

    Unknown names fail with ``release: "<n>" not found`` on the cluster drivers, which the
    Helm CLI's ``upgrade --install`` matches to choose the install path. Only the returned
    revisions are decoded (the CLI's ``upgrade`` asks for one); a corrupt one is skipped.
    """
    validate_release_name(req.name)
    records = sorted(env.storage.history_records(req.name), key=lambda r: r.version, reverse=True)
    wanted = records[: max(req.max, 0)]
    releases = decode_records(wanted, on_error=lambda err: log.warning("history: %s", err))
    return tiller_pb2.GetHistoryResponse(releases=releases)
