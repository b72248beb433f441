"""``toYaml`` exactly as Helm v2 produces it: ghodss/yaml over yaml.v2 v2.2.4.

ghodss marshals the value to JSON, yaml.v2 re-reads that JSON as YAML (so JSON
numbers become YAML ints or floats) and marshals the result.  This module reproduces
that pipeline and yaml.v2's emitter (a Go port of libyaml): key order, the choice
between plain, single-quoted, double-quoted and literal styles, 80-column folding,
indentation and the trailing newline.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .goconv import INT64_MAX, INT64_MIN
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
    try:
        return _plain_roundtrip(v)
    except _NotPlain:
        pass
    text = marshal(v)
    tree = json.loads(text, parse_int=_JSONNumber, parse_float=_JSONNumber)
    return _resolve_numbers(tree)


class _NotPlain(Exception):
    """The value holds something only the full JSON round trip gets right."""


# Invalid UTF-8 (kept as surrogate escapes) comes back from JSON as U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain_roundtrip(v: Any) -> Any:
    # The round trip's result computed directly for the trees templates mostly hand
    # toYaml (maps, lists, strings, numbers, booleans, nil from YAML or dict/list):
    # JSON gives such strings back unchanged, and yaml.v2 reads a JSON number back as
    # an int when its text is integral (so 3.0 becomes 3) and as the same float
    # otherwise (Go writes the shortest text that reads back exactly).
    t = type(v)
    if t is str:
        if v.isascii() or _SURROGATE.search(v) is None:
            return v
        raise _NotPlain
    if t is dict or (isinstance(v, dict) and not hasattr(v, "go_json")):
        out = {}
        for key, item in v.items():
            if type(key) is not str or not (key.isascii() or _SURROGATE.search(key) is None):
                raise _NotPlain
            out[key] = _plain_roundtrip(item)
        return out
    if t is list:
        return [_plain_roundtrip(item) for item in v]
    if t is float:
        if v.is_integer() and -(2.0**53) < v < 2.0**53:  # its text is its exact digits
            return int(v)
        if not v.is_integer() and math.isfinite(v):
            return v
        raise _NotPlain  # NaN and infinities (JSON refuses them), huge integral floats
    if t is int:
        if INT64_MIN <= v <= INT64_MAX:
            return v
        raise _NotPlain
    if v is None or t is bool:
        return v
    raise _NotPlain


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
