"""Helm v2's text formats, reproduced byte for byte.

Go's ANSIC time, ``%#v`` of a version, gosuri/uitable tables, and Go's JSON and (ghodss)
YAML encoders. Pure functions over the client's models; the CLI prints them and the TUI
may reuse them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from app.client.models import VersionInfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def ansic(moment: datetime, tz: tzinfo | None = None) -> str:
    """Format like Go's ``time.ANSIC`` (``Mon Jan _2 15:04:05 2006``) in local time.

    Helm's ``timeconv.String`` prints release times this way. Names are English whatever
    the locale, as in Go, so ``strftime`` is not used.

    Args:
        moment: an aware datetime.
        tz: the zone to show it in; default the local zone (``TZ``), as Go does.
    """
    local = moment.astimezone(tz)
    return (
        f"{_DAYS[local.weekday()]} {_MONTHS[local.month - 1]} {local.day:2d} "
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d} {local.year:04d}"
    )


def go_quote(text: str) -> str:
    """Quote like Go's ``strconv.Quote`` (what ``%#v`` does to a string)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char in _GO_ESCAPES:
            out.append(_GO_ESCAPES[char])
        elif char.isprintable() and code != 0xFFFD:
            out.append(char)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def go_version(version: VersionInfo) -> str:
    """``%#v`` of Helm's ``*version.Version``, as ``helm version`` prints it."""
    return (
        f"&version.Version{{SemVer:{go_quote(version.sem_ver)}, "
        f"GitCommit:{go_quote(version.git_commit)}, "
        f"GitTreeState:{go_quote(version.git_tree_state)}}}"
    )


def format_version(version: VersionInfo, short: bool) -> str:
    """One side of ``helm version``.

    ``v2.17.0+ga690bad`` with ``--short`` when the commit is known, else the ``%#v`` form.
    """
    if short and version.git_commit:
        return f"{version.sem_ver}+g{version.git_commit[:7]}"
    return go_version(version)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes, like go-runewidth.

    Wide East Asian characters count two, combining marks none.
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _fit(text: str, width: int) -> str:
    """Uitable's cell resize: pad with spaces, or cut and end with ``...``."""
    current = display_width(text)
    if current <= width:
        return text + " " * (width - current)
    kept, used = [], 0
    for char in text:
        char_width = display_width(char)
        if used + char_width > width - 3:
            break
        kept.append(char)
        used += char_width
    return "".join(kept) + "..."


def uitable(rows: Sequence[Sequence[object]], max_col_width: int = 0) -> str:
    """Render rows like gosuri/uitable with Helm's settings (tab separator, no wrapping).

    Every cell, the last column's included, is padded to its column's width, which is the
    widest cell capped at ``max_col_width`` (0: no cap); longer cells are cut. Rows are
    joined by newlines, without a trailing one.
    """
    cells = [[str(cell) for cell in row] for row in rows]
    widths: list[int] = []
    for row in cells:
        for index, cell in enumerate(row):
            width = display_width(cell)
            if max_col_width:
                width = min(width, max_col_width)
            if index == len(widths):
                widths.append(width)
            else:
                widths[index] = max(widths[index], width)
    return "\n".join(
        "\t".join(_fit(cell, widths[index]) for index, cell in enumerate(row)) for row in cells
    )


def go_json(value: Any) -> str:
    """Encode like Go's ``json.Marshal``: compact, HTML characters escaped, UTF-8 kept.

    Handles what Helm's outputs contain: dicts (in insertion order, like struct fields),
    lists, strings, ints, bools and ``None``.
    """
    if isinstance(value, dict):
        items = (f"{_go_json_string(str(k))}:{go_json(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(item) for item in value) + "]"
    if isinstance(value, str):
        return _go_json_string(value)
    return json.dumps(value)  # bool, int, None: same spelling in Go


def _go_json_string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in _GO_JSON_ESCAPES:
            out.append(_GO_JSON_ESCAPES[char])
        elif ord(char) < 0x20 or char in "<>&\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


_GO_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


_GO_YAML_NOT_STRINGS = frozenset({"y", "Y", "n", "N"})
_GO_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def go_yaml(value: Any) -> str:
    """Encode like ghodss/yaml (go-yaml v2 under the hood), as Helm's ``--output yaml``.

    Mapping keys come out sorted; strings that YAML would read back as another type are
    double-quoted, as go-yaml does (PyYAML would use single quotes).
    """
    import yaml  # deferred: only --output yaml needs it

    class GoDumper(yaml.SafeDumper):
        def represent_str(self, data: str) -> yaml.ScalarNode:
            node = super().represent_str(data)
            tag = self.resolve(yaml.ScalarNode, data, (True, False))  # type: ignore[no-untyped-call]
            # go-yaml also reads y/n as booleans and 1e3 (no dot needed) as a float.
            if (
                tag != "tag:yaml.org,2002:str"
                or data in _GO_YAML_NOT_STRINGS
                or (_GO_YAML_FLOAT.fullmatch(data))
            ):
                node.style = '"'
            return node

    GoDumper.add_representer(str, GoDumper.represent_str)
    return yaml.dump(value, Dumper=GoDumper, default_flow_style=False, allow_unicode=True)
