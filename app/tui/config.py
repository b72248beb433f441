"""The interface's own settings: theme, read-only mode, key remapping.

Layered as elsewhere in helm-tui: defaults < config file < environment < flags. The file
is TOML (read with the standard library)::

    [tui]
    theme = "helm-light"
    read_only = true
    page_size = 256

    [keys]            # action id = key(s), comma-separated; ids are listed in `?` help
    "releases.filter" = "slash,f"
    "app.quit" = "ctrl+q"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.client.settings import parse_go_bool

DEFAULT_THEME = "helm-dark"
DEFAULT_PAGE_SIZE = 256  # helm list's --max default; pages stay well under gRPC's 20 MiB cap


class ConfigError(Exception):
    """The config file exists but cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class TuiConfig:
    """Resolved interface settings.

    Attributes:
        theme: name of the theme to start with.
        read_only: hide and refuse every action that changes a release.
        keymap: action id -> key string overrides (Textual's keymap format).
        page_size: releases per ListReleases page.
        source: the file the settings came from, if any (shown in the help screen).
    """

    theme: str = DEFAULT_THEME
    read_only: bool = False
    keymap: Mapping[str, str] = field(default_factory=dict)
    page_size: int = DEFAULT_PAGE_SIZE
    source: Path | None = None


def default_config_path(env: Mapping[str, str]) -> Path:
    """``$HELM_TUI_CONFIG``, else ``$XDG_CONFIG_HOME/helm-tui/config.toml``."""
    if explicit := env.get("HELM_TUI_CONFIG"):
        return Path(os.path.expanduser(explicit))
    base = env.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return Path(base) / "helm-tui" / "config.toml"


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read {path}: {err}. Fix or remove the file.") from err


def load_config(
    path: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    theme: str | None = None,
    read_only: bool | None = None,
) -> TuiConfig:
    """Resolve the settings from the file, the environment and flags (``None`` = not given).

    Raises:
        ConfigError: the file is unreadable or has values of the wrong type.
    """
    env = os.environ if env is None else env
    path = path or default_config_path(env)
    data = _read(path)
    tui = data.get("tui", {})
    keys = data.get("keys", {})
    if not isinstance(tui, dict) or not isinstance(keys, dict):
        raise ConfigError(f"{path}: [tui] and [keys] must be tables.")
    bad = [k for k, v in keys.items() if not isinstance(v, str)]
    if bad:
        raise ConfigError(f'{path}: [keys] values must be strings like "ctrl+r": {bad}')

    chosen_theme = theme or env.get("HELM_TUI_THEME") or tui.get("theme", DEFAULT_THEME)
    env_read_only = parse_go_bool(env.get("HELM_TUI_READ_ONLY", ""))
    file_read_only = tui.get("read_only", False)
    page_size = tui.get("page_size", DEFAULT_PAGE_SIZE)
    if not isinstance(chosen_theme, str) or not isinstance(file_read_only, bool):
        raise ConfigError(f"{path}: [tui] theme must be a string and read_only a boolean.")
    if not isinstance(page_size, int) or page_size < 1:
        raise ConfigError(f"{path}: [tui] page_size must be a positive integer.")
    resolved_read_only = (
        read_only
        if read_only is not None
        else env_read_only
        if env_read_only is not None
        else file_read_only
    )
    return TuiConfig(
        theme=chosen_theme,
        read_only=resolved_read_only,
        keymap=dict(keys),
        page_size=page_size,
        source=path if data else None,
    )
