"""The namespace Helm installs into by default: the kubeconfig context's, else ``default``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

DEFAULT_NAMESPACE = "default"


def _first_path(env: Mapping[str, str]) -> Path:
    listed = [p for p in env.get("KUBECONFIG", "").split(os.pathsep) if p]
    return Path(listed[0]) if listed else Path.home() / ".kube" / "config"


def default_namespace(
    kubeconfig: str | None = None,
    context: str | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """Helm's ``defaultNamespace()``: the namespace of the (current) kubeconfig context.

    Args:
        kubeconfig: ``--kubeconfig``; default ``$KUBECONFIG`` (first entry) or ``~/.kube/config``.
        context: ``--kube-context``; default the file's ``current-context``.
        env: the environment (default ``os.environ``).

    An unreadable or odd kubeconfig is not an error here: Helm falls back to ``default``.
    """
    environ = os.environ if env is None else env
    path = Path(kubeconfig) if kubeconfig else _first_path(environ)
    try:
        loaded: Any = yaml.safe_load(path.read_text())
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return DEFAULT_NAMESPACE
    if not isinstance(loaded, dict):
        return DEFAULT_NAMESPACE
    wanted = context or loaded.get("current-context")
    for entry in loaded.get("contexts") or []:
        if isinstance(entry, dict) and entry.get("name") == wanted:
            ctx = entry.get("context")
            if isinstance(ctx, dict) and ctx.get("namespace"):
                return str(ctx["namespace"])
    return DEFAULT_NAMESPACE
