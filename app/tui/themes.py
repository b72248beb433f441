"""Themes as data: ``themes/*.toml`` (and the user's own) loaded into Textual ``Theme``s."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from textual.theme import Theme

# Repository checkout (and editable installs): <root>/themes next to <root>/app.
# A checkout keeps the palettes at the top level; an installed wheel carries them inside
# the package (pyproject's force-include).
_CHECKOUT_THEMES = Path(__file__).resolve().parents[2] / "themes"
BUNDLED_THEMES = (
    _CHECKOUT_THEMES if _CHECKOUT_THEMES.is_dir() else Path(__file__).resolve().parent / "_themes"
)

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "success",
    "warning",
    "error",
)


class ThemeFileError(Exception):
    """A theme file is malformed; the message names the file and the problem."""


def user_themes_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/helm-tui/themes``: the user's own theme files."""
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return Path(base) / "helm-tui" / "themes"


def theme_from_data(data: Mapping[str, object], origin: str) -> Theme:
    """Build a Theme from a parsed theme file.

    Raises:
        ThemeFileError: a required field is missing or a value has the wrong type.
    """
    name, primary = data.get("name"), data.get("primary")
    if not isinstance(name, str) or not isinstance(primary, str):
        raise ThemeFileError(f"{origin}: 'name' and 'primary' are required strings")
    colours: dict[str, str | None] = {}
    for key in _COLOUR_FIELDS[1:]:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ThemeFileError(f"{origin}: '{key}' must be a colour string")
        colours[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ThemeFileError(f"{origin}: [variables] must map names to strings")
    dark = data.get("dark", True)
    spread = data.get("luminosity_spread", 0.15)
    alpha = data.get("text_alpha", 0.95)
    if not isinstance(dark, bool) or not isinstance(spread, int | float):
        raise ThemeFileError(f"{origin}: 'dark' must be a boolean, spreads numbers")
    if not isinstance(alpha, int | float):
        raise ThemeFileError(f"{origin}: 'text_alpha' must be a number")
    return Theme(
        name=name,
        primary=primary,
        secondary=colours["secondary"],
        accent=colours["accent"],
        foreground=colours["foreground"],
        background=colours["background"],
        surface=colours["surface"],
        panel=colours["panel"],
        boost=colours["boost"],
        success=colours["success"],
        warning=colours["warning"],
        error=colours["error"],
        dark=dark,
        luminosity_spread=float(spread),
        text_alpha=float(alpha),
        variables=dict(variables),
    )


def load_theme_file(path: Path) -> Theme:
    """Parse one ``.toml`` theme file.

    Raises:
        ThemeFileError: unreadable or malformed.
    """
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ThemeFileError(f"{path}: {err}") from err
    return theme_from_data(data, str(path))


def load_themes(dirs: Iterable[Path]) -> tuple[list[Theme], list[str]]:
    """Load every ``*.toml`` in ``dirs`` (later directories override earlier names).

    Returns:
        The themes, and one message per file that could not be loaded (shown to the user
        as a notification rather than stopping the app over a colour file).
    """
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as err:
                problems.append(str(err))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems
