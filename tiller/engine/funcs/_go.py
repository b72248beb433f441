"""Single import point for the Go value model, Go errors and Go fmt of the template engine.

Every funcs module imports Go-model names from here so that the dependency on
``tiller.engine.gotemplate`` is in one place.
"""

from __future__ import annotations

from tiller.engine.gotemplate.gofmt import format_value, sprint, sprintf
from tiller.engine.gotemplate.gofunc import GoFunc, GoFuncError, gofunc
from tiller.engine.gotemplate.govalues import (
    GoStruct,
    Int32,
    Int64,
    IntSlice,
    StringMap,
    StringSlice,
    Uint32,
    Uint64,
    go_kind,
    go_type_name,
    is_true,
)

__all__ = [
    "GoFunc",
    "GoFuncError",
    "GoStruct",
    "Int32",
    "Int64",
    "IntSlice",
    "StringMap",
    "StringSlice",
    "Uint32",
    "Uint64",
    "format_value",
    "go_kind",
    "go_type_name",
    "gofunc",
    "is_true",
    "panic",
    "sprint",
    "sprintf",
]


def panic(message: str) -> GoFuncError:
    """Build the error a Go panic inside a template function turns into.

    text/template recovers panics in called functions and reports them exactly like a
    returned error (``error calling F: MESSAGE``), so one exception type serves both.

    Args:
        message: The panic value's text (e.g. ``runtime error: integer divide by zero``).

    Returns:
        The exception to raise.
    """
    return GoFuncError(message)
