"""Closures that call a template function with already-compiled argument evaluators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .fields import call_error
from .gofunc import GoFunc
from .govalues import NO_VALUE
from .runtime import Site

Expr = Callable[..., Any]
Cmd = Callable[..., Any]


def make_call(
    fn: GoFunc,
    name: str,
    convs: list[Expr],
    final_conv: Callable[[Any], Any] | None,
    call_site: Site,
) -> Cmd:
    """Build the closure calling function ``name`` (declared as ``fn``).

    The implementation is looked up in the executing set's function table on each
    call, so compiled templates can be shared by sets whose function maps have the
    same signatures but different implementations (e.g. Helm's per-render
    ``include``). Specialised for the common small arities.
    """
    if fn.takes_context:

        def with_ctx(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            f = st.impls[name]
            argv = [c(st, dot) for c in convs]
            if final_conv is not None:
                argv.append(final_conv(final))
            try:
                return f(st, *argv)
            except Exception as exc:
                raise call_error(call_site, name, exc) from None

        return with_ctx
    n = len(convs)
    if final_conv is None and n == 0:

        def call0(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            f = st.impls[name]
            try:
                return f()
            except Exception as exc:
                raise call_error(call_site, name, exc) from None

        return call0
    if final_conv is None and n == 1:
        c0 = convs[0]

        def call1(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            f = st.impls[name]
            a = c0(st, dot)
            try:
                return f(a)
            except Exception as exc:
                raise call_error(call_site, name, exc) from None

        return call1
    if final_conv is None and n == 2:
        c0, c1 = convs

        def call2(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            f = st.impls[name]
            a = c0(st, dot)
            b = c1(st, dot)
            try:
                return f(a, b)
            except Exception as exc:
                raise call_error(call_site, name, exc) from None

        return call2
    if final_conv is not None and n == 0:
        fc = final_conv

        def callf(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            f = st.impls[name]
            a = fc(final)
            try:
                return f(a)
            except Exception as exc:
                raise call_error(call_site, name, exc) from None

        return callf
    if final_conv is not None and n == 1:
        c0 = convs[0]
        fc = final_conv

        def call1f(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            f = st.impls[name]
            a = c0(st, dot)
            b = fc(final)
            try:
                return f(a, b)
            except Exception as exc:
                raise call_error(call_site, name, exc) from None

        return call1f

    def calln(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
        f = st.impls[name]
        argv = [c(st, dot) for c in convs]
        if final_conv is not None:
            argv.append(final_conv(final))
        try:
            return f(*argv)
        except Exception as exc:
            raise call_error(call_site, name, exc) from None

    return calln
