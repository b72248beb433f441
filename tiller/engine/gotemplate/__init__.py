"""Go 1.14 ``text/template``, reimplemented in pure Python (as Helm v2.17 uses it).

Usage::

    from tiller.engine.gotemplate import TemplateSet

    ts = TemplateSet(funcs, missingkey="zero")   # funcs: Mapping[str, GoFunc]
    ts.parse("mychart/templates/a.yaml", text)   # registers the file and its defines
    out = ts.execute("mychart/templates/a.yaml", data)

Errors are :class:`ParseError` / :class:`ExecError` (both :class:`TemplateError`);
``str(err)`` is exactly Go's message, e.g.
``template: a.yaml:3:7: executing "a.yaml" at <.Values.x.y>: nil pointer evaluating
interface {}.y``.

Values follow the Go value model of :mod:`.govalues`; functions are declared with
:func:`.gofunc.gofunc`. Two "nothing" values exist inside the executor: ``None`` is a
nil ``interface{}`` (a missing key under missingkey=zero, a YAML null), ``NO_VALUE``
is Go's invalid value (what a pipeline yields for nil); functions only ever receive
``None``. A function returning ``None`` returns a nil ``interface{}``, or for a
declared slice/map result type an empty value of that type.

Helm's ``include`` and ``tpl`` need the executing set: a function declared with
``takes_context=True`` receives the execution state first (an
:class:`.gofunc.ExecContext` with ``template_name``, ``template_set``,
``execute(name, data)`` and ``render_state``, a dict shared by one top-level
execution and the executions it starts). ``tpl`` can ``clone()`` the set,
``parse()`` the text into the clone and ``execute()`` it.

Caching: parse once per chart and keep the set; ``with_funcs(funcs)`` gives a cheap
clone running another function map (e.g. per-render closures) that reuses the
compiled code as long as the Go signatures are the same. Executing raises Python's
recursion limit (once) so that Go's template depth limit of 100000 is reachable.

Design: templates are parsed into Go-shaped trees (:mod:`.parse`) and compiled on
first execution into nested Python closures (:mod:`.compile_stmt`,
:mod:`.compile_expr`), so executing does not re-dispatch on node types.
"""

from .errors import ExecError, ParseError, TemplateError
from .gofunc import ExecContext, GoFunc, GoFuncError, gofunc
from .template import TemplateSet

__all__ = [
    "ExecContext",
    "ExecError",
    "GoFunc",
    "GoFuncError",
    "ParseError",
    "TemplateError",
    "TemplateSet",
    "gofunc",
]
