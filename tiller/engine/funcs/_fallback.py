"""TEMPORARY stand-ins until tiller.engine.gotemplate lands (not committed)."""

from __future__ import annotations

from typing import Any

from tiller.engine.gotemplate.govalues import *  # noqa

from .goconv import format_float_g


def format_value(v: Any) -> str:
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return format_float_g(v)
    if isinstance(v, bytes):
        return "[" + " ".join(str(b) for b in v) + "]"
    if isinstance(v, list):
        return "[" + " ".join(format_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{format_value(v[k])}" for k in sorted(v)) + "]"
    if hasattr(v, "String"):
        return str(v.String())
    return str(v)


def sprint(*args: Any) -> str:
    return "".join(format_value(a) for a in args)


def sprintf(fmt: str, *args: Any) -> str:
    if fmt == "%q":
        from tiller.engine.gotemplate.gostrconv import quote

        return quote(args[0])
    if fmt == "%v":
        return format_value(args[0])
    raise NotImplementedError(fmt)
