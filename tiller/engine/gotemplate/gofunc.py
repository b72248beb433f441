"""Go function and method declarations for template functions.

A template function is a Python callable plus its Go signature. The executor uses
the signature exactly as Go's reflect-based ``text/template`` does: it checks the
argument count, converts untyped constants to the parameter type, rejects values
that are not assignable (``wrong type for value; expected int; got float64``) and
reports failures as ``error calling NAME: MESSAGE``.

Parameter type strings are Go type names: ``"interface {}"``, ``"string"``,
``"int"``, ``"int64"``, ``"uint32"``, ``"float64"``, ``"bool"``,
``"[]interface {}"``, ``"map[string]interface {}"``, ``"[]string"``, or any declared
``_go_type`` such as ``"chartutil.Values"``.

Functions::

    @gofunc("upper", params=("string",), result="string")
    def upper(s: str) -> str:
        return s.upper()

Methods (the receiver is not listed in ``params``)::

    class Files(dict):
        _go_type = "chart.Files"

        @gofunc("Get", params=("string",), result="string")
        def get(self, name: str) -> str: ...

A function that needs the executing template set (Helm's ``include``/``tpl``)
declares ``takes_context=True`` and receives an :class:`ExecContext` as its first
Python argument (it is not part of the Go signature).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Protocol


class GoFuncError(Exception):
    """Error returned (or panic raised) by a Go template function.

    ``str(err)`` must be the Go error text; the executor reports it as
    ``error calling NAME: TEXT``.
    """


class ExecContext(Protocol):
    """What a ``takes_context`` function receives from the executor."""

    @property
    def template_name(self) -> str:
        """Name of the template being executed when the function was called."""
        ...

    def execute(self, name: str, data: Any) -> str:
        """Execute another template of the same set (Go ``ExecuteTemplate``).

        Raises:
            tiller.engine.gotemplate.TemplateError: Go's error for the execution.
        """
        ...

    @property
    def template_set(self) -> Any:
        """The executing ``TemplateSet`` (e.g. to ``clone()`` it for ``tpl``)."""
        ...

    @property
    def render_state(self) -> dict[str, Any]:
        """Scratch space shared by one top-level execution and its nested ones.

        Nested means started through :meth:`execute`; Helm's ``include`` recursion
        counts belong here when one function map serves several renders.
        """
        ...


class GoFunc:
    """A Python callable with a Go signature (immutable, compared by its fields).

    A plain class rather than a frozen dataclass: the ``dataclasses`` module and the
    class it generates cost a one-shot ``helm-tui template`` several ms to import.

    Attributes:
        name: Go name (what templates call, and what error messages show).
        fn: the implementation; called as ``fn(*args)`` (``fn(ctx, *args)`` when
            ``takes_context``; bound to the receiver for methods).
        params: Go types of the fixed parameters.
        variadic: element type of a trailing ``...T`` parameter, if any.
        result: Go type of the (first) result.
        can_fail: the Go function returns ``(T, error)``; errors are raised as
            :class:`GoFuncError` either way.
        takes_context: pass an :class:`ExecContext` as first Python argument.
    """

    __slots__ = ("can_fail", "fn", "name", "params", "result", "takes_context", "variadic")

    name: str
    fn: Callable[..., Any]
    params: tuple[str, ...]
    variadic: str | None
    result: str
    can_fail: bool
    takes_context: bool

    def __init__(
        self,
        name: str,
        fn: Callable[..., Any],
        params: tuple[str, ...] = (),
        variadic: str | None = None,
        result: str = "interface {}",
        can_fail: bool = False,
        takes_context: bool = False,
    ) -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "fn", fn)
        init(self, "params", params)
        init(self, "variadic", variadic)
        init(self, "result", result)
        init(self, "can_fail", can_fail)
        init(self, "takes_context", takes_context)

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.name,
            self.fn,
            self.params,
            self.variadic,
            self.result,
            self.can_fail,
            self.takes_context,
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: GoFunc is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: GoFunc is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not GoFunc:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"GoFunc(name={self.name!r}, fn={self.fn!r}, {self.signature()!r})"

    def __call__(self, *args: Any) -> Any:
        """Call the implementation directly (for Python callers and tests)."""
        return self.fn(*args)

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        """Bind like a Python method when used as a method decorator."""
        if obj is None:
            return self
        return types.MethodType(self.fn, obj)

    def signature(self) -> str:
        """Return the Go function type, as ``%T`` would print it."""
        params = list(self.params)
        if self.variadic is not None:
            params.append("..." + self.variadic)
        result = self.result
        if self.can_fail:
            result = f"({result}, error)"
        return f"func({', '.join(params)}) {result}"


def gofunc(
    name: str | None = None,
    *,
    params: tuple[str, ...] = (),
    variadic: str | None = None,
    result: str = "interface {}",
    can_fail: bool = False,
    takes_context: bool = False,
) -> Callable[[Callable[..., Any]], GoFunc]:
    """Declare a Go function or method.

    Args:
        name: the Go name; defaults to the Python function name.
        params: Go types of the fixed parameters (receiver excluded).
        variadic: element type of a trailing variadic parameter.
        result: Go result type.
        can_fail: whether the Go function also returns an error.
        takes_context: pass an :class:`ExecContext` first.

    Returns:
        A decorator producing a :class:`GoFunc` (which still binds as a method).
    """

    def wrap(fn: Callable[..., Any]) -> GoFunc:
        return GoFunc(
            name=name or fn.__name__,
            fn=fn,
            params=tuple(params),
            variadic=variadic,
            result=result,
            can_fail=can_fail,
            takes_context=takes_context,
        )

    return wrap


_METHOD_CACHE: dict[type, dict[str, GoFunc]] = {}


def go_methods(cls: type) -> dict[str, GoFunc]:
    """Return the Go methods declared on a class (and its bases), by Go name.

    Args:
        cls: any Python class.

    Returns:
        Mapping of Go method name to the unbound :class:`GoFunc`.
    """
    found = _METHOD_CACHE.get(cls)
    if found is None:
        found = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                if isinstance(attr, GoFunc):
                    found[attr.name] = attr
        _METHOD_CACHE[cls] = found
    return found
