"""Regenerate ``_table.py`` from the ``@sprig`` registrations.

Usage: ``.venv/bin/python -m tiller.engine.funcs._tablegen && .venv/bin/ruff format
tiller/engine/funcs/_table.py``. A unit test fails while the table and the registrations
differ.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

import tiller.engine.funcs as package

from ._registry import SPRIG
from ._table import Row

_HEADER = '''"""Name, Go signature and implementing module of every Sprig function (generated).

Do not edit: ``python -m tiller.engine.funcs._tablegen`` writes it from the ``@sprig``
registrations, and a unit test fails when the two differ. Parsing and compiling need
every function's name and signature, running a template only the implementations it
calls: with this table the modules are imported on first call, not all at start-up.
"""

from __future__ import annotations

Row = tuple[str, str, tuple[str, ...], str | None, str, bool]
"""Module (in this package), attribute, params, variadic, result, can_fail."""

SPRIG_TABLE: dict[str, Row] = {
'''


def registered() -> dict[str, Row]:
    """Import every function module and return what their ``@sprig`` registered."""
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    prefix = package.__name__ + "."
    return {
        name: (
            spec.fn.__module__.removeprefix(prefix),
            spec.fn.__name__,
            spec.params,
            spec.variadic,
            spec.result,
            spec.can_fail,
        )
        for name, spec in SPRIG.items()
    }


def source() -> str:
    """The text of ``_table.py`` (before formatting)."""
    rows = "".join(f"    {name!r}: {row!r},\n" for name, row in registered().items())
    return _HEADER + rows + "}\n"


def main() -> None:
    """Write ``_table.py`` next to this module."""
    target = Path(__file__).with_name("_table.py")
    target.write_text(source())
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
