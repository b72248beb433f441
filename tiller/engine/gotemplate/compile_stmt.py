"""Compilation of statements (text, actions, if/with/range, template calls).

A compiled template is a closure ``body(state, dot, write)``. Variables live in
numbered slots of ``state.vars`` resolved at compile time (Go's variable scoping is
lexical); a slot whose declaration did not run holds ``UNSET``, so Go's runtime
``undefined variable`` cases are still detected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .compile_expr import ExprCompiler
from .gofmt import print_action_value, sort_map_keys
from .gofunc import GoFunc
from .gostrconv import format_float_v, quote
from .govalues import NO_VALUE, GoStruct, Uint8, is_pointer, is_true
from .nodes import ActionNode, BranchNode, ListNode, Node, TemplateNode, TextNode, Tree
from .runtime import MAX_EXEC_DEPTH, UNSET, DepthExceeded, map_elem_is_iface

Write = Callable[[str], Any]
Stmt = Callable[[Any, Any, Write], None]


class State:
    """Execution state of one template invocation; also the functions' ExecContext."""

    __slots__ = ("ts", "impls", "vars", "depth", "dot_iface", "viface", "tname", "render_state")

    def __init__(
        self,
        ts: Any,
        vars: list[Any],
        depth: int,
        tname: str,
        render_state: dict[str, Any],
    ) -> None:
        self.ts = ts
        self.impls: dict[str, Any] = ts.impls
        self.vars = vars
        self.depth = depth
        self.dot_iface = False
        self.viface: dict[int, bool] | None = None
        self.tname = tname
        self.render_state = render_state

    @property
    def template_name(self) -> str:
        """Name of the template being executed."""
        return self.tname

    @property
    def template_set(self) -> Any:
        """The executing TemplateSet."""
        return self.ts

    def execute(self, name: str, data: Any) -> str:
        """Execute another template of the set (Go's ``ExecuteTemplate``)."""
        return str(self.ts.execute(name, data, render_state=self.render_state))


class Compiled:
    """A compiled template body and the number of variable slots it needs."""

    __slots__ = ("body", "nslots")

    def __init__(self, body: Stmt, nslots: int) -> None:
        self.body = body
        self.nslots = nslots


def _noop(st: Any, dot: Any, w: Write) -> None:
    return None


def _to_text(v: Any) -> str:
    t = type(v)
    if t is str:
        return v  # type: ignore[no-any-return]
    if t is int:
        return str(v)
    if t is float:
        return format_float_v(v)
    return print_action_value(v)


class Compiler(ExprCompiler):
    """Compiles one parse tree."""

    def __init__(self, tree: Tree, funcs: Mapping[str, GoFunc], missingkey: str) -> None:
        super().__init__(tree.name, funcs, missingkey)
        self.tree = tree

    def compile(self) -> Compiled:
        """Compile the whole tree."""
        body = self.list(self.tree.root)
        return Compiled(body, self.nslots)

    def list(self, lst: ListNode | None) -> Stmt:
        """Compile a list of statements."""
        if lst is None:
            return _noop
        fns = [self.node(n) for n in lst.nodes]
        if not fns:
            return _noop
        if len(fns) == 1:
            return fns[0]
        if len(fns) == 2:
            f0, f1 = fns

            def run2(st: Any, dot: Any, w: Write) -> None:
                f0(st, dot, w)
                f1(st, dot, w)

            return run2

        def run(st: Any, dot: Any, w: Write) -> None:
            for f in fns:
                f(st, dot, w)

        return run

    def node(self, n: Node) -> Stmt:
        """Compile one statement node (Go's ``walk``)."""
        self.at = n
        if isinstance(n, TextNode):
            text = n.text

            def emit(st: Any, dot: Any, w: Write) -> None:
                w(text)

            return emit
        if isinstance(n, ActionNode):
            return self.action(n)
        if isinstance(n, BranchNode):
            if n.kind == "range":
                return self.range(n)
            return self.if_with(n)
        if isinstance(n, TemplateNode):
            return self.template(n)
        if isinstance(n, ListNode):
            return self.list(n)
        raise AssertionError(f"unknown node: {n}")

    def action(self, n: ActionNode) -> Stmt:
        """``{{pipeline}}``: print the value unless it declares variables."""
        pipe = self.pipeline(n.pipe)
        if n.pipe.decl:

            def declare(st: Any, dot: Any, w: Write) -> None:
                pipe(st, dot)

            return declare

        def act(st: Any, dot: Any, w: Write) -> None:
            v = pipe(st, dot)
            if type(v) is str:
                w(v)
            else:
                w(_to_text(v))

        return act

    def if_with(self, n: BranchNode) -> Stmt:
        """``if``/``with`` (Go's ``walkIfOrWith``)."""
        mark = len(self.scope)
        pipe = self.pipeline(n.pipe)
        body = self.list(n.list)
        else_body = self.list(n.else_list) if n.else_list is not None else None
        del self.scope[mark:]
        if n.kind == "if":

            def run_if(st: Any, dot: Any, w: Write) -> None:
                v = pipe(st, dot)
                if v is True or (v is not False and is_true(v)):
                    body(st, dot, w)
                elif else_body is not None:
                    else_body(st, dot, w)

            return run_if

        def run_with(st: Any, dot: Any, w: Write) -> None:
            v = pipe(st, dot)
            if is_true(v):
                saved = st.dot_iface
                st.dot_iface = False
                body(st, v, w)
                st.dot_iface = saved
            elif else_body is not None:
                else_body(st, dot, w)

        return run_with

    def range(self, n: BranchNode) -> Stmt:
        """``range`` over slices and maps (keys sorted), else ``else``."""
        mark = len(self.scope)
        pipe = self.pipeline(n.pipe)
        decl = self.last_decl
        site = self.site()
        val_slot = decl[-1] if decl else None
        idx_slot = decl[0] if len(decl) > 1 else None
        lo = self.nslots
        body = self.list(n.list)
        hi = self.nslots
        reset = [UNSET] * (hi - lo)
        else_body = self.list(n.else_list) if n.else_list is not None else None
        del self.scope[mark:]

        def iterate(st: Any, items: Any, elem_iface: bool, w: Write) -> None:
            vars = st.vars
            saved = st.dot_iface
            st.dot_iface = elem_iface
            if val_slot is not None:
                if st.viface is None:
                    st.viface = {}
                st.viface[val_slot] = elem_iface
            for i, elem in items:
                if val_slot is not None:
                    vars[val_slot] = elem
                if idx_slot is not None:
                    vars[idx_slot] = i
                body(st, elem, w)
                if reset:
                    vars[lo:hi] = reset
            st.dot_iface = saved

        def run(st: Any, dot: Any, w: Write) -> None:
            val = pipe(st, dot)
            if isinstance(val, (list, tuple)):
                if val:
                    iterate(st, enumerate(val), _elems_iface(val), w)
                    return
            elif isinstance(val, dict):
                if val:
                    keys = sort_map_keys(list(val))
                    iterate(st, ((k, val[k]) for k in keys), map_elem_is_iface(val), w)
                    return
            elif isinstance(val, (bytes, bytearray)):
                if val:
                    iterate(st, ((i, Uint8(b)) for i, b in enumerate(val)), False, w)
                    return
            elif val is not NO_VALUE:
                shown = val
                if isinstance(val, GoStruct) and is_pointer(val):
                    shown = print_action_value(val)
                site.fail(f"range can't iterate over {_fmt_v(shown)}")
            if else_body is not None:
                else_body(st, dot, w)

        return run

    def template(self, n: TemplateNode) -> Stmt:
        """``{{template "name" pipeline}}`` with Go's depth limit."""
        site = self.site(n)
        pipe = self.pipeline(n.pipe) if n.pipe is not None else None
        name = n.name
        not_defined = f"template {quote(name)} not defined"
        too_deep = f"exceeded maximum template depth ({MAX_EXEC_DEPTH})"

        def call(st: Any, dot: Any, w: Write) -> None:
            compiled = st.ts.compiled_template(name)
            if compiled is None:
                site.fail(not_defined)
            if st.depth >= MAX_EXEC_DEPTH:
                site.fail(too_deep)
            newdot = pipe(st, dot) if pipe is not None else NO_VALUE
            vars: list[Any] = [UNSET] * compiled.nslots
            vars[0] = newdot
            try:
                compiled.body(State(st.ts, vars, st.depth + 1, name, st.render_state), newdot, w)
            except RecursionError:
                raise DepthExceeded(site) from None

        return call


def _elems_iface(v: Any) -> bool:
    from .govalues import go_type_name

    return go_type_name(v) == "[]interface {}"


def _fmt_v(v: Any) -> str:
    from .gofmt import format_value

    return format_value(v)
