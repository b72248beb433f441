"""Command-line flags that only the full-screen interface reads.

Kept free of Textual so that ``app.cli`` can register them on every run cheaply.
"""

from __future__ import annotations

import argparse

from app.commands._common import add_tls_flags


def add_tui_flags(parser: argparse.ArgumentParser) -> None:
    """Add the interface's flags (and Helm's TLS flags) to the top-level parser."""
    group = parser.add_argument_group("interface flags (no COMMAND)")
    group.add_argument(
        "--read-only",
        action="store_const",
        const=True,
        default=None,
        help="hide every action that changes a release [HELM_TUI_READ_ONLY]",
    )
    group.add_argument(
        "--theme", metavar="NAME", default=None, help="colour theme (see themes/) [HELM_TUI_THEME]"
    )
    group.add_argument(
        "--tui-config",
        metavar="FILE",
        default=None,
        help="interface config file (default $XDG_CONFIG_HOME/helm-tui/config.toml) "
        "[HELM_TUI_CONFIG]",
    )
    add_tls_flags(parser)
