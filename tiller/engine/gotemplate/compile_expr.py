"""Compilation of pipelines, commands, arguments and field chains into closures.

Go's executor records the node being evaluated (``state.at``) and reports errors
there. Evaluation inside a pipeline is straight-line, so the node Go would have
recorded at any error point is known statically: the compiler tracks it in
``self.at`` while emitting closures, and each closure captures its error ``Site``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .calls import make_call
from .fields import DynArg, FieldAccess
from .gofunc import GoFunc
from .govalues import NO_VALUE
from .literals_exec import literal_value
from .nodes import (
    BoolNode,
    ChainNode,
    CommandNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    StringNode,
    VariableNode,
)
from .runtime import UNSET, Site, can_be_nil, nil_result, validate_type

# (state, dot) -> value
Expr = Callable[..., Any]
# (state, dot, final piped value = NO_VALUE) -> value; also usable as an Expr
Cmd = Callable[..., Any]


def _raiser(site: Site, msg: str) -> Callable[..., Any]:
    def fail(*_: Any) -> Any:
        site.fail(msg)

    return fail


def _const(value: Any) -> Expr:
    def const(st: Any, dot: Any) -> Any:
        return value

    return const


class ExprCompiler:
    """Compiles the expression level; subclassed by the statement compiler."""

    def __init__(self, tmpl_name: str, funcs: Mapping[str, GoFunc], missingkey: str) -> None:
        self.tname = tmpl_name
        self.funcs = funcs
        self.missingkey = missingkey
        self.at: Node | None = None
        self.scope: list[tuple[str, int]] = [("$", 0)]
        self.nslots = 1
        self.last_decl: list[int] = []

    def site(self, node: Node | None = None) -> Site:
        """Error site at ``node`` (default: the node Go would be at now)."""
        return Site(self.tname, node if node is not None else self.at)

    # -- variables ------------------------------------------------------------

    def declare(self, name: str) -> int:
        """Allocate a slot for a newly declared variable."""
        slot = self.nslots
        self.nslots += 1
        self.scope.append((name, slot))
        return slot

    def candidates(self, name: str) -> list[int]:
        """Visible slots for a name, innermost first (the first one set wins)."""
        return [slot for n, slot in reversed(self.scope) if n == name]

    def var_source(self, name: str, site: Site) -> Callable[[Any], tuple[Any, int]]:
        """Reader of a variable: state -> (value, slot)."""
        cands = self.candidates(name)
        msg = f"undefined variable: {name}"
        if len(cands) == 1:
            slot = cands[0]

            def read1(st: Any) -> tuple[Any, int]:
                v = st.vars[slot]
                if v is UNSET:
                    site.fail(msg)
                return v, slot

            return read1

        def read(st: Any) -> tuple[Any, int]:
            for s in cands:
                v = st.vars[s]
                if v is not UNSET:
                    return v, s
            site.fail(msg)

        return read

    def var_setter(self, name: str, site: Site) -> Callable[[Any, Any], None]:
        """Assignment ``$x = ...`` to the innermost declaration that is set."""
        cands = self.candidates(name)
        msg = f"undefined variable: {name}"

        def assign(st: Any, value: Any) -> None:
            for s in cands:
                if st.vars[s] is not UNSET:
                    st.vars[s] = value
                    return
            site.fail(msg)

        return assign

    # -- pipelines ------------------------------------------------------------

    def pipeline(self, pipe: PipeNode) -> Expr:
        """Go's ``evalPipeline``: commands, interface unwrapping, declarations."""
        self.at = pipe
        # Commands unwrap their own result (nil interface -> no value), and take the
        # piped value as an optional third argument, so a one-command pipeline is
        # just its command.
        cmds = [self.command(c, i > 0) for i, c in enumerate(pipe.cmds)]
        body: Callable[..., Any]
        if len(cmds) == 1:
            body = cmds[0]
        else:

            def body(st: Any, dot: Any) -> Any:
                v = NO_VALUE
                for c in cmds:
                    v = c(st, dot, v)
                return v

        self.last_decl = []
        if not pipe.decl:
            return body
        if pipe.is_assign:
            setters = [self.var_setter(v.ident[0], self.site()) for v in pipe.decl]

            def assigned(st: Any, dot: Any) -> Any:
                v = body(st, dot)
                for s in setters:
                    s(st, v)
                return v

            return assigned
        slots = [self.declare(v.ident[0]) for v in pipe.decl]
        self.last_decl = slots
        if len(slots) == 1:
            slot = slots[0]

            def declared1(st: Any, dot: Any) -> Any:
                v = body(st, dot)
                st.vars[slot] = v
                return v

            return declared1

        def declared(st: Any, dot: Any) -> Any:
            v = body(st, dot)
            for s in slots:
                st.vars[s] = v
            return v

        return declared

    def command(self, cmd: CommandNode, has_final: bool) -> Cmd:
        """Go's ``evalCommand`` plus the pipeline's unwrapping of its result.

        ``has_final`` says whether a value is piped in; the closure returned takes
        it as an optional third argument.
        """
        first = cmd.args[0]
        extra = len(cmd.args) > 1 or has_final
        if isinstance(first, FieldNode):
            self.at = first
            return self.field_chain(None, first.ident, first, cmd, has_final, unwrap=True)
        if isinstance(first, ChainNode):
            return self.chain_node(first, cmd, has_final, unwrap=True)
        if isinstance(first, IdentifierNode):
            self.at = first
            return self.function(first, cmd, cmd.args[1:], has_final, unwrap=True)
        if isinstance(first, PipeNode):
            if extra:
                return _raiser(self.site(), f"can't give argument to non-function {first}")
            inner = self.pipeline(first)
            return lambda st, dot, final=NO_VALUE: inner(st, dot)
        if isinstance(first, VariableNode):
            self.at = first
            src = self.var_source(first.ident[0], self.site(first))
            if len(first.ident) == 1:
                if extra:
                    return _raiser(self.site(), f"can't give argument to non-function {first}")

                def variable(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
                    v = src(st)[0]
                    return NO_VALUE if v is None else v

                return variable
            return self.field_chain(
                self.var_chain_source(src), first.ident[1:], first, cmd, has_final, unwrap=True
            )
        self.at = first
        if extra:
            return _raiser(self.site(), f"can't give argument to non-function {first}")
        if isinstance(first, DotNode):
            return lambda st, dot, final=NO_VALUE: NO_VALUE if dot is None else dot
        if isinstance(first, NilNode):
            return _raiser(self.site(), "nil is not a command")
        if isinstance(first, (BoolNode, NumberNode, StringNode)):
            value, err = literal_value(first, None)
            if err is not None:
                return _raiser(self.site(), err)
            return lambda st, dot, final=NO_VALUE: value
        return _raiser(self.site(), f"can't evaluate command {first}")

    # -- receivers for field chains -----------------------------------------------

    @staticmethod
    def dot_source() -> Callable[[Any, Any], tuple[Any, bool]]:
        """Receiver source for a field chain on dot."""
        return lambda st, dot: (dot, st.dot_iface)

    @staticmethod
    def var_chain_source(
        src: Callable[[Any], tuple[Any, int]],
    ) -> Callable[[Any, Any], tuple[Any, bool]]:
        """Receiver source for a field chain on a variable."""

        def source(st: Any, dot: Any) -> tuple[Any, bool]:
            v, slot = src(st)
            return v, bool(st.viface and st.viface.get(slot))

        return source

    def chain_node(
        self, node: ChainNode, cmd: CommandNode | None, has_final: bool, unwrap: bool = False
    ) -> Cmd:
        """Go's ``evalChainNode``: ``(pipeline).a.b`` or ``fn.a``."""
        self.at = node
        if isinstance(node.node, NilNode):
            return _raiser(self.site(), f"indirection through explicit nil in {node}")
        recv = self.arg(node.node, None)
        iface = False
        if isinstance(node.node, IdentifierNode):
            fn = self.funcs.get(node.node.ident)
            iface = fn is not None and fn.result == "interface {}"
        return self.field_chain(
            lambda st, dot: (recv(st, dot), iface), node.fields, node, cmd, has_final, unwrap
        )

    def field_chain(
        self,
        source: Callable[[Any, Any], tuple[Any, bool]] | None,
        names: list[str],
        node: Node,
        cmd: CommandNode | None,
        has_final: bool,
        unwrap: bool = False,
    ) -> Cmd:
        """Go's ``evalFieldChain``: all but the last name take no arguments.

        With ``unwrap`` (a pipeline command) a nil interface result becomes no value.
        """
        site = self.site()
        call_site = self.site(node)
        mk = self.missingkey
        inter = [FieldAccess(n, site, call_site, mk) for n in names[:-1]]
        arg_nodes = cmd.args[1:] if cmd is not None else []
        dyn = [self.dyn_arg(a) for a in arg_nodes]
        last = FieldAccess(names[-1], site, call_site, mk, dyn, has_final, self.site())
        last_name = names[-1]
        last_plain = last.plain_types
        # Under missingkey=zero a key lookup in a plain map is dict.get: no step needed.
        plain = not dyn and not has_final and mk == "zero"
        fast = mk == "zero"

        def chain(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            if source is None:
                v = dot
                iface = st.dot_iface
            else:
                v, iface = source(st, dot)
            for acc in inter:
                t = type(v)
                if (fast and t is dict) or t in acc.plain_types:
                    v = v.get(acc.name)
                    iface = True
                else:
                    v, iface = acc.step(st, dot, v, iface, NO_VALUE)
            t = type(v)
            if (plain and t is dict) or t in last_plain:
                v = v.get(last_name)
            else:
                v = last.step(st, dot, v, iface, final)[0]
            if v is None and unwrap:
                return NO_VALUE
            return v

        return chain

    # -- arguments ------------------------------------------------------------

    def arg(self, n: Node, typ: str | None) -> Expr:
        """Go's ``evalArg``: evaluate an argument and convert it to ``typ``."""
        self.at = n
        if isinstance(n, (BoolNode, NumberNode, StringNode)):
            value, err = literal_value(n, typ)
            if err is not None:
                return _raiser(self.site(n), err)
            return _const(value)
        if isinstance(n, NilNode):
            if typ is None or can_be_nil(typ):
                return _const(NO_VALUE if typ in (None, "reflect.Value") else None)
            return _raiser(self.site(n), f"cannot assign nil to {typ}")
        raw = self.raw_arg(n)
        if typ is None or typ == "reflect.Value":
            return raw
        site = self.site()
        if typ == "interface {}":

            def to_iface(st: Any, dot: Any) -> Any:
                v = raw(st, dot)
                return None if v is NO_VALUE else v

            return to_iface

        def converted(st: Any, dot: Any) -> Any:
            return validate_type(raw(st, dot), typ, site)

        return converted

    def raw_arg(self, n: Node) -> Expr:
        """Evaluate a non-literal argument without conversion."""
        if isinstance(n, DotNode):
            return lambda st, dot: dot
        if isinstance(n, FieldNode):
            chain = self.field_chain(None, n.ident, n, None, False)
            return lambda st, dot: chain(st, dot, NO_VALUE)
        if isinstance(n, VariableNode):
            src = self.var_source(n.ident[0], self.site(n))
            if len(n.ident) == 1:
                return lambda st, dot: src(st)[0]
            vchain = self.field_chain(self.var_chain_source(src), n.ident[1:], n, None, False)
            return lambda st, dot: vchain(st, dot, NO_VALUE)
        if isinstance(n, PipeNode):
            return self.pipeline(n)
        if isinstance(n, IdentifierNode):
            call = self.function(n, n, [], False)
            return lambda st, dot: call(st, dot, NO_VALUE)
        if isinstance(n, ChainNode):
            cchain = self.chain_node(n, None, False)
            return lambda st, dot: cchain(st, dot, NO_VALUE)
        return _raiser(self.site(n), f"can't handle {n} for arg")

    def dyn_arg(self, n: Node) -> DynArg:
        """An argument of a method, converted once the method's signature is known."""
        self.at = n
        if isinstance(n, (BoolNode, NumberNode, StringNode)):
            site = self.site(n)
            cache: dict[str, Any] = {}

            def literal(st: Any, dot: Any, typ: str) -> Any:
                if typ not in cache:
                    cache[typ] = literal_value(n, typ)
                value, err = cache[typ]
                if err is not None:
                    site.fail(err)
                return value

            return literal
        if isinstance(n, NilNode):
            site = self.site(n)

            def nil(st: Any, dot: Any, typ: str) -> Any:
                if can_be_nil(typ):
                    return NO_VALUE if typ == "reflect.Value" else None
                site.fail(f"cannot assign nil to {typ}")

            return nil
        raw = self.raw_arg(n)
        vsite = self.site()
        return lambda st, dot, typ: validate_type(raw(st, dot), typ, vsite)

    # -- function calls -------------------------------------------------------------

    def function(
        self,
        ident: IdentifierNode,
        node: Node,
        args: list[Node],
        has_final: bool,
        unwrap: bool = False,
    ) -> Cmd:
        """Go's ``evalFunction`` + ``evalCall`` for a function known at compile time."""
        name = ident.ident
        fn = self.funcs.get(name)
        if fn is None:
            return _raiser(self.site(), f'"{name}" is not a defined function')
        params = fn.params
        nargs = len(args)
        num_in = nargs + (1 if has_final else 0)
        if fn.variadic is not None:
            num_fixed = len(params)
            if num_in < num_fixed:
                return _raiser(
                    self.site(),
                    f"wrong number of args for {name}: want at least {num_fixed} got {nargs}",
                )
        else:
            num_fixed = nargs
            if num_in != len(params):
                return _raiser(
                    self.site(), f"wrong number of args for {name}: want {len(params)} got {num_in}"
                )
        convs = [
            self.arg(a, params[i] if i < num_fixed else str(fn.variadic))
            for i, a in enumerate(args)
        ]
        final_conv: Callable[[Any], Any] | None = None
        if has_final:
            if fn.variadic is not None:
                ftyp = params[num_in - 1] if num_in - 1 < num_fixed else fn.variadic
            else:
                ftyp = params[-1]
            final_conv = self._final_converter(ftyp, self.site())
        call = make_call(fn, name, convs, final_conv, self.site(node))
        if nil_result(fn.result) is not None:
            result = fn.result
            typed = call

            def call(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
                v = typed(st, dot, final)
                return nil_result(result) if v is None else v

        if not unwrap or fn.result != "interface {}":
            return call

        def unwrapped(st: Any, dot: Any, final: Any = NO_VALUE) -> Any:
            v = call(st, dot, final)
            return NO_VALUE if v is None else v

        return unwrapped

    @staticmethod
    def _final_converter(typ: str, site: Site) -> Callable[[Any], Any]:
        if typ == "reflect.Value":
            return lambda v: v
        if typ == "interface {}":
            return lambda v: None if v is NO_VALUE else v
        return lambda v: validate_type(v, typ, site)
