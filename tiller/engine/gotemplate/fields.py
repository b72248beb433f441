"""Field and method access (Go's ``evalField``) and calls of template functions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .gofunc import GoFunc
from .govalues import NO_VALUE
from .runtime import (
    _CLASS_INFO,
    ClassInfo,
    DepthExceeded,
    Site,
    class_info,
    map_zero,
    nil_result,
    static_type,
    validate_type,
)

# An argument evaluator for a method whose signature is only known at run time:
# (state, dot, Go parameter type) -> converted value.
DynArg = Callable[[Any, Any, str], Any]


def call_error(site: Site, name: str, exc: BaseException) -> Exception:
    """Go's ``error calling NAME: MESSAGE`` for an exception raised by a function."""
    if isinstance(exc, (RecursionError, DepthExceeded)):
        return exc
    msg = str(exc) or type(exc).__name__
    return site_error(site, f"error calling {name}: {msg}")


def site_error(site: Site, msg: str) -> Exception:
    """Build (not raise) the execution error for a site."""
    from .errors import ExecError

    return ExecError(site.message(msg))


class FieldAccess:
    """Everything one field step needs besides the receiver (fixed at compile time)."""

    __slots__ = (
        "name",
        "site",
        "call_site",
        "missingkey",
        "arg_nodes_count",
        "dyn_args",
        "has_final",
        "final_site",
        "has_args",
        "plain_types",
    )

    def __init__(
        self,
        name: str,
        site: Site,
        call_site: Site,
        missingkey: str,
        dyn_args: Sequence[DynArg] = (),
        has_final: bool = False,
        final_site: Site | None = None,
    ) -> None:
        self.name = name
        self.site = site
        self.call_site = call_site
        self.missingkey = missingkey
        self.dyn_args = tuple(dyn_args)
        self.arg_nodes_count = len(self.dyn_args)
        self.has_final = has_final
        self.final_site = final_site or site
        self.has_args = self.arg_nodes_count > 0 or has_final
        self.plain_types: set[type] = set()

    def step(self, st: Any, dot: Any, recv: Any, iface: bool, final: Any) -> tuple[Any, bool]:
        """Evaluate ``recv.NAME`` (calling a method with the arguments if it is one).

        Returns:
            (value, whether its static type is ``interface {}``).
        """
        name = self.name
        info = _CLASS_INFO.get(type(recv)) or class_info(type(recv))
        kind = info.kind
        if kind == ClassInfo.NOVALUE:
            if self.missingkey == "error":
                self.site.fail(f"nil data; no entry for key {_q(name)}")
            return NO_VALUE, False
        if kind == ClassInfo.NIL:
            self.site.fail(f"nil pointer evaluating interface {{}}.{name}")
        if info.methods:
            method = info.methods.get(name)
            if method is not None:
                return self.invoke(st, dot, method, recv, final), method.result == "interface {}"
        if kind == ClassInfo.MAP:
            if info.map_iface and self.missingkey == "zero" and not self.has_args:
                self.plain_types.add(type(recv))  # later lookups go straight to dict.get
            if self.has_args:
                self.site.fail(f"{name} is not a method but has arguments")
            if name in recv:
                return recv[name], info.map_iface
            return map_zero(recv, self.missingkey, name, self.site), info.map_iface
        if kind == ClassInfo.STRUCT and name in info.fields:
            if self.has_args:
                self.site.fail(f"{name} has arguments but cannot be invoked as function")
            return getattr(recv, name, None), name in info.iface_fields
        self.site.fail(f"can't evaluate field {name} in type {static_type(recv, iface)}")

    def invoke(self, st: Any, dot: Any, fn: GoFunc, recv: Any, final: Any) -> Any:
        """Call a method (Go's ``evalCall`` with a signature known only now)."""
        name = self.name
        params = fn.params
        nargs = self.arg_nodes_count
        num_in = nargs + (1 if self.has_final else 0)
        if fn.variadic is not None:
            num_fixed = len(params)
            if num_in < num_fixed:
                self.site.fail(
                    f"wrong number of args for {name}: want at least {num_fixed} got {nargs}"
                )
        else:
            num_fixed = nargs
            if num_in != len(params):
                self.site.fail(f"wrong number of args for {name}: want {len(params)} got {num_in}")
        argv = []
        for i, dyn in enumerate(self.dyn_args):
            typ = params[i] if i < num_fixed else str(fn.variadic)
            argv.append(dyn(st, dot, typ))
        if self.has_final:
            if fn.variadic is not None:
                typ = params[num_in - 1] if num_in - 1 < num_fixed else fn.variadic
            else:
                typ = params[-1]
            argv.append(validate_type(final, typ, self.final_site))
        try:
            v = fn.fn(recv, st, *argv) if fn.takes_context else fn.fn(recv, *argv)
        except Exception as exc:
            raise call_error(self.call_site, name, exc) from None
        return nil_result(fn.result) if v is None else v


def _q(s: str) -> str:
    from .gostrconv import quote

    return quote(s)
