"""``toYaml`` exactly as Helm v2 produces it: ghodss/yaml over yaml.v2 v2.2.4.

ghodss marshals the value to JSON, yaml.v2 re-reads that JSON as YAML (so JSON
numbers become YAML ints or floats) and marshals the result.  This module reproduces
that pipeline and yaml.v2's emitter (a Go port of libyaml): key order, the choice
between plain, single-quoted, double-quoted and literal styles, 80-column folding,
indentation and the trailing newline.
"""

from __future__ import annotations

import json
from typing import Any

from .jsonout import JSONError, marshal
from .yamlemit import Emitter
from .yamlresolve import resolve_plain


class _JSONNumber(str):
    """A JSON number kept as its text until yaml.v2's resolver types it."""


def json_roundtrip(v: Any) -> Any:
    """Value tree yaml.v2 decodes from ``json.Marshal(v)`` (numbers resolved as YAML).

    Raises:
        JSONError: When encoding/json refuses the value.
    """
    text = marshal(v)
    tree = json.loads(text, parse_int=_JSONNumber, parse_float=_JSONNumber)
    return _resolve_numbers(tree)


def _resolve_numbers(v: Any) -> Any:
    if isinstance(v, _JSONNumber):
        return resolve_plain(str(v))[1]
    if isinstance(v, dict):
        return {k: _resolve_numbers(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_resolve_numbers(x) for x in v]
    return v


def to_yaml(v: Any) -> str:
    """Helm v2 ``toYaml``: the YAML document (with its trailing newline), "" on error."""
    try:
        tree = json_roundtrip(v)
    except JSONError:
        return ""
    return Emitter().document(tree)
