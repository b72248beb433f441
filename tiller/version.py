"""Tiller's own version, as reported by GetVersion and used by the client version check."""

from __future__ import annotations

import os
from dataclasses import dataclass

# We speak Helm v2.17's protocol; clients up to v2.17.x accept a v2.17.0 server.
SEM_VER = "v2.17.0"


@dataclass(frozen=True)
class TillerVersion:
    """The three fields of ``hapi.version.Version``."""

    sem_ver: str
    git_commit: str
    git_tree_state: str


def current() -> TillerVersion:
    """Return this Tiller's version.

    The commit and tree state come from the build (``TILLER_GIT_COMMIT`` and
    ``TILLER_GIT_TREE_STATE``, set by the image build), since an installed package has no
    git checkout to ask.
    """
    return TillerVersion(
        sem_ver=SEM_VER,
        git_commit=os.environ.get("TILLER_GIT_COMMIT", ""),
        git_tree_state=os.environ.get("TILLER_GIT_TREE_STATE", ""),
    )
