"""ghodss/yaml's typed decoding: YAML scalars bound for Go ``string`` fields become strings.

When ghodss/yaml unmarshals into a struct it knows each field's Go type and turns an
int, float or bool YAML scalar into a string for a ``string`` field (so ``appVersion:
1.10`` in Chart.yaml reads as ``"1.1"``: floats are formatted as float32 ``%g``). Values
files go into ``map[string]interface{}`` and keep their numbers.
"""

from __future__ import annotations

from typing import Any

from tiller.engine.gotemplate.gostrconv import format_float


def scalar_to_string(value: Any) -> str | None:
    """The string ghodss produces for a YAML scalar bound to a Go string (None: not a scalar).

    Integral numbers are taken to have been YAML integers (the JSON-shaped tree no longer
    tells ``10`` from ``10.0``; both give ``"10"`` below 1e6, where float32 ``%g`` agrees).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return format_float(value, "g", -1, 32)
    if isinstance(value, int):
        return str(value)
    return None
