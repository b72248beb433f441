"""The user's values as the helm v2 client assembles them (``vals()`` in cmd/helm/install.go).

``-f`` files are merged in order (a later file's key replaces an earlier one, maps
merge), then every ``--set``, ``--set-string`` and ``--set-file`` line is applied, and
the result is serialised to YAML - the ``Config.raw`` sent to Tiller (``{}`` when empty).
Tiller parses it again, so ``--set`` integers end up float64 like every YAML number.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from tiller.engine import strvals
from tiller.engine.funcs.yamlin import YAMLError, load_yaml_like_helm
from tiller.engine.funcs.yamlout import to_yaml


class UserValuesError(Exception):
    """The user's values could not be assembled; ``str(err)`` is Helm's message."""


def read_file(path: str) -> bytes:
    """Read a values source: a local path, ``-`` (stdin) or an http(s) URL.

    Raises:
        UserValuesError: Go's error text (``open x: no such file or directory``).
    """
    if path.strip() == "-":
        return sys.stdin.buffer.read()
    scheme = ""
    if ":" in path:  # without one there is no scheme; urllib costs start-up time
        import urllib.parse

        scheme = urllib.parse.urlparse(path).scheme
    if scheme in ("http", "https"):
        from urllib.request import urlopen

        try:
            with urlopen(path, timeout=60) as resp:  # noqa: S310 - http(s) only
                data: bytes = resp.read()
                return data
        except OSError as e:
            raise UserValuesError(f"Get {path}: {e}") from None
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise UserValuesError(f"open {path}: {(e.strerror or str(e)).lower()}") from None


def merge_values(dest: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    """Merge ``src`` into ``dest``, ``src`` winning; maps present on both sides merge."""
    for k, v in src.items():
        if k not in dest or not isinstance(v, dict) or not isinstance(dest[k], dict):
            dest[k] = v
            continue
        dest[k] = merge_values(dest[k], v)
    return dest


def user_values(
    value_files: Sequence[str] = (),
    set_values: Sequence[str] = (),
    set_string_values: Sequence[str] = (),
    set_file_values: Sequence[str] = (),
) -> str:
    """Build the user's values YAML from ``-f``, ``--set``, ``--set-string``, ``--set-file``.

    Raises:
        UserValuesError: Helm's message (``failed to parse f.yaml: ...``, ``failed parsing
            --set data: ...``).
    """
    base: dict[str, Any] = {}
    for path in value_files:
        data = read_file(path)
        try:
            current = load_yaml_like_helm(data.decode("utf-8", "surrogateescape"))
        except YAMLError as e:
            raise UserValuesError(f"failed to parse {path}: {e}") from None
        base = merge_values(base, current)
    for line in set_values:
        try:
            strvals.parse_into(line, base)
        except strvals.StrvalsError as e:
            raise UserValuesError(f"failed parsing --set data: {e}") from None
    for line in set_string_values:
        try:
            strvals.parse_into(line, base, force_string=True)
        except strvals.StrvalsError as e:
            raise UserValuesError(f"failed parsing --set-string data: {e}") from None

    def reader(raw: str) -> str:
        return read_file(raw).decode("utf-8", "surrogateescape")

    for line in set_file_values:
        try:
            strvals.parse_into_file(line, base, reader)
        except (strvals.StrvalsError, UserValuesError) as e:
            raise UserValuesError(f"failed parsing --set-file data: {e}") from None
    return to_yaml(base)
