"""Which kubeconfig context is in use, for the status bar (read-only, best effort)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def current_context(
    flag: str | None = None, kubeconfig: str | None = None, env: Mapping[str, str] | None = None
) -> str:
    """``--kube-context``, else ``current-context`` of the kubeconfig; "" when unknown.

    Like kubectl, ``--kubeconfig`` wins over ``$KUBECONFIG`` (whose first file that sets a
    current context wins), which wins over ``~/.kube/config``.
    """
    if flag:
        return flag
    env = os.environ if env is None else env
    if kubeconfig:
        paths = [kubeconfig]
    elif env.get("KUBECONFIG"):
        paths = [p for p in env["KUBECONFIG"].split(os.pathsep) if p]
    else:
        paths = [os.path.expanduser("~/.kube/config")]
    import yaml  # deferred: only the interface needs it, and only once

    for raw in paths:
        try:
            data = yaml.safe_load(Path(raw).read_text())
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("current-context"), str):
            return str(data["current-context"])
    return ""
