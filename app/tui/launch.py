"""Open the interface from parsed command-line arguments (called by ``app.cli``)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from app.client.errors import TillerError
from app.client.settings import ConnectionSettings
from app.commands._common import connection_settings
from app.tui.backend import ConnectionInfo, TillerBackend
from app.tui.config import ConfigError, load_config
from app.tui.kubecontext import current_context


class _NoBackend:
    """Stands in when settings are unusable: the app shows the error and never calls it."""

    async def close(self) -> None:
        """Nothing to close."""


def run(
    args: argparse.Namespace, make_backend: Callable[[ConnectionSettings], TillerBackend]
) -> int:
    """Resolve settings from ``args``, open the app, return the exit code.

    Args:
        args: the parsed ``helm-tui`` arguments (global, TLS and interface flags).
        make_backend: builds the Tiller client; ``app.cli`` passes ``TillerClient`` so that
            this package never imports gRPC itself.
    """
    from app.tui.app import HelmTuiApp  # Textual is imported here, not at start-up

    try:
        config = load_config(
            _path(getattr(args, "tui_config", None)),
            theme=getattr(args, "theme", None),
            read_only=getattr(args, "read_only", None),
        )
    except ConfigError as err:
        print(f"Error: {err}")
        return 1
    startup_error: TillerError | None = None
    try:
        settings = connection_settings(args)
        backend: TillerBackend = make_backend(settings)
        host = settings.host
        tls = "" if settings.tls is None else ("TLS ✓" if settings.tls.verify else "TLS")
    except TillerError as err:  # e.g. a malformed --host: say so on the error screen
        startup_error, host, tls = err, str(getattr(args, "host", "") or "?"), ""
        backend = _NoBackend()  # type: ignore[assignment]
    connection = ConnectionInfo(
        host=host,
        kube_context=current_context(args.kube_context, args.kubeconfig),
        tls=tls,
        tiller_namespace=args.tiller_namespace,
        helm_home=args.home or "",
    )
    app = HelmTuiApp(backend, connection, config, startup_error=startup_error)
    return app.run() or 0


def _path(raw: str | None) -> Path | None:
    return Path(os.path.expanduser(raw)) if raw else None
