"""``TemplateSet``: a Go template with its associated (named) templates."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .builtins import BUILTINS
from .compile_stmt import Compiled, Compiler, State
from .errors import ExecError
from .gofunc import GoFunc, GoFuncError
from .gostrconv import quote
from .govalues import NO_VALUE
from .nodes import Tree, is_empty_tree
from .runtime import MAX_EXEC_DEPTH, UNSET, DepthExceeded

_SIGNATURES: dict[tuple[Any, ...], int] = {}

_MISSINGKEY = {"default": "default", "invalid": "default", "zero": "zero", "error": "error"}

# Python frames per nested template call are few (the compiled closures call each
# other directly), so Go's depth limit of 100000 fits in this many frames.
_RECURSION_LIMIT = 600_000


def _without_gc(build: Callable[[], Any]) -> Any:
    """Run ``build`` with the cyclic GC paused.

    Parsing and compiling allocate many small acyclic objects (nodes, closures);
    with a large heap of cached templates, the collections they trigger cost more
    than the work itself.
    """
    if not gc.isenabled():
        return build()
    gc.disable()
    try:
        return build()
    finally:
        gc.enable()


def _undefined(name: str) -> Callable[..., Any]:
    def undefined(*_: Any) -> Any:
        raise GoFuncError(f"{quote(name)} is not a defined function")

    return undefined


def _ensure_recursion_limit() -> None:
    if sys.getrecursionlimit() < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)


class TemplateSet:
    """A set of named templates sharing one function map (Go's ``*template.Template``).

    Args:
        funcs: template functions; they take precedence over Go's builtins.
        missingkey: Go's ``missingkey`` option: ``"zero"`` (Helm), ``"default"``
            (alias ``"invalid"``) or ``"error"``.
        name: the name of the root template, shown in ``no template`` errors
            (Helm v2 calls it ``gotpl``).
    """

    def __init__(
        self,
        funcs: Mapping[str, GoFunc] | None = None,
        *,
        missingkey: str = "zero",
        name: str = "gotpl",
    ) -> None:
        if missingkey not in _MISSINGKEY:
            raise ValueError(f"unrecognized missingkey option: {missingkey}")
        merged = dict(BUILTINS)
        if funcs:
            merged.update(funcs)
        self.name = name
        self.missingkey = _MISSINGKEY[missingkey]
        self._trees: dict[str, Tree] = {}
        self._set_funcs(merged)

    def _set_funcs(self, merged: dict[str, GoFunc]) -> None:
        self._funcs = merged
        self.impls: dict[str, Any] = {n: f.fn for n, f in merged.items()}
        # Compiled code depends on the functions' signatures only; sets with equal
        # signatures (and missingkey) share it.
        sig = tuple(
            sorted((n, f.params, f.variadic, f.result, f.takes_context) for n, f in merged.items())
        ) + (self.missingkey,)
        self._sig_id = _SIGNATURES.setdefault(sig, len(_SIGNATURES))

    @property
    def funcs(self) -> Mapping[str, GoFunc]:
        """The effective function map (builtins overridden by user functions)."""
        return self._funcs

    def parse(self, name: str, text: str) -> None:
        """Parse ``text`` as template ``name``; register it and the templates it defines.

        A later parse replaces earlier definitions of the same name, except that
        an empty (whitespace-only) body never replaces an existing template.

        Raises:
            ParseError: Go's parse error (``template: NAME:LINE: MESSAGE``).
        """
        from .parse import parse  # not imported when trees come from a parse cache

        trees: dict[str, Tree] = _without_gc(lambda: parse(name, text, self._funcs.__contains__))
        for tname, tree in trees.items():
            old = self._trees.get(tname)
            if old is not None and is_empty_tree(tree.root):
                continue
            self._trees[tname] = tree

    def dump_trees(self) -> bytes:
        """Encode the parse trees of every template, for a persistent parse cache.

        Source texts and compiled code are not included (see :mod:`.treecodec`).
        """
        from . import treecodec  # only a persistent cache needs pickle

        return treecodec.dump_trees(self._trees)

    def load_trees(self, data: bytes, texts: Mapping[str, str]) -> None:
        """Replace this set's templates with trees encoded by :meth:`dump_trees`.

        The result is the set as it was when dumped, as if its files had been parsed
        again (the function map must define the same names for that to hold).

        Args:
            data: the encoded trees.
            texts: the source text of each parsed file, by the name it was parsed as.

        Raises:
            Exception: ``data`` is not a valid encoding (a cache treats it as a miss).
        """
        from . import treecodec

        # Decoding allocates as many objects as parsing does; same reason to pause GC.
        self._trees = _without_gc(lambda: treecodec.load_trees(data, texts))

    def has(self, name: str) -> bool:
        """Whether a template of that name is defined."""
        return name in self._trees

    def names(self) -> Iterator[str]:
        """Names of all defined templates."""
        return iter(list(self._trees))

    def clone(self) -> TemplateSet:
        """A copy that can be extended without affecting this set (shares parse trees)."""
        other = TemplateSet.__new__(TemplateSet)
        other.name = self.name
        other.missingkey = self.missingkey
        other._funcs = self._funcs
        other.impls = self.impls
        other._sig_id = self._sig_id
        other._trees = dict(self._trees)
        return other

    def with_funcs(self, funcs: Mapping[str, GoFunc]) -> TemplateSet:
        """A clone executing with another function map (e.g. fresh per-render state).

        Parse trees are shared and so is compiled code when the new functions have
        the same Go signatures, so this is cheap. Functions the templates use must
        still exist (a missing one fails at execution, as Go's ``not a defined
        function``).
        """
        other = self.clone()
        merged = dict(BUILTINS)
        merged.update(funcs)
        for fname, old in self._funcs.items():
            if fname not in merged:  # parsed templates may still call it
                merged[fname] = GoFunc(fname, _undefined(fname), old.params, old.variadic)
        other._set_funcs(merged)
        return other

    def compiled_template(self, name: str) -> Compiled | None:
        """The compiled body of a template (compiled on first use), or None."""
        tree = self._trees.get(name)
        if tree is None:
            return None
        by_sig = tree.compiled
        if by_sig is None:
            by_sig = tree.compiled = {}
        compiled = by_sig.get(self._sig_id)
        if compiled is None:
            compiler = Compiler(tree, self._funcs, self.missingkey)
            compiled = by_sig[self._sig_id] = _without_gc(compiler.compile)
        return compiled  # type: ignore[no-any-return]

    def execute(self, name: str, data: Any, *, render_state: dict[str, Any] | None = None) -> str:
        """Execute the named template with ``data`` as dot (Go's ``ExecuteTemplate``).

        Args:
            name: the template to run.
            data: dot (and ``$``).
            render_state: scratch space shared with functions through
                ``ExecContext.render_state`` by this execution and every execution it
                starts through ``ExecContext.execute`` (fresh when omitted).

        Raises:
            ExecError: Go's execution error text.
        """
        compiled = self.compiled_template(name)
        if compiled is None:
            raise ExecError(
                f"template: no template {quote(name)} associated with template {quote(self.name)}"
            )
        _ensure_recursion_limit()
        dot = NO_VALUE if data is None else data
        variables: list[Any] = [UNSET] * compiled.nslots
        variables[0] = dot
        out: list[str] = []
        try:
            state = State(self, variables, 0, name, {} if render_state is None else render_state)
            compiled.body(state, dot, out.append)
        except DepthExceeded as exc:
            raise ExecError(
                exc.site.message(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
            ) from None
        except RecursionError:
            raise ExecError(
                f"template: {name}: exceeded maximum template depth ({MAX_EXEC_DEPTH})"
            ) from None
        return "".join(out)
