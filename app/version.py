"""The client's version: what ``helm-tui version`` prints and every call to Tiller announces."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# We speak Helm v2.17's protocol. Tiller compares this against its own version
# (``x-helm-api-client`` header, spec §2.2), so it must stay a Helm release number.
CLIENT_VERSION = "v2.17.0"

_SOURCE_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuildInfo:
    """The three fields Helm prints for a version (``hapi.version.Version``)."""

    sem_ver: str
    git_commit: str
    git_tree_state: str


def client_build_info() -> BuildInfo:
    """Return this client's version, commit and tree state.

    The commit comes from ``HELM_TUI_GIT_COMMIT`` (set by a packaged build), else from the
    git checkout the code runs from, else it is empty, like a Go build without ``-ldflags``.
    The tree state comes only from ``HELM_TUI_GIT_TREE_STATE``: finding out whether a
    checkout is dirty costs a ``git status``, which ``version`` must not pay at start-up.
    """
    commit = os.environ.get("HELM_TUI_GIT_COMMIT") or _checkout_commit(_SOURCE_ROOT / ".git")
    return BuildInfo(
        sem_ver=CLIENT_VERSION,
        git_commit=commit,
        git_tree_state=os.environ.get("HELM_TUI_GIT_TREE_STATE", ""),
    )


def _checkout_commit(git_dir: Path) -> str:
    """Read HEAD's commit straight from a ``.git`` directory (no subprocess), or ``""``."""
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head  # detached HEAD holds the commit itself
        ref = head.removeprefix("ref: ")
        loose = git_dir / ref
        if loose.is_file():
            return loose.read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            commit, _, name = line.partition(" ")
            if name == ref:
                return commit
    except OSError:
        pass
    return ""
