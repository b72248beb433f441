"""GetVersion: Tiller's version. Never subject to the client version check."""

from __future__ import annotations

from hapi.services import tiller_pb2
from hapi.version import version_pb2

from tiller.releases.env import Env


def get_version(env: Env) -> tiller_pb2.GetVersionResponse:
    """Answer GetVersion."""
    v = env.version
    return tiller_pb2.GetVersionResponse(
        Version=version_pb2.Version(
            sem_ver=v.sem_ver, git_commit=v.git_commit, git_tree_state=v.git_tree_state
        )
    )
