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
:func:`.gofunc.gofunc`. Helm's ``include`` and ``tpl`` need the executing set: a
function declared with ``takes_context=True`` receives the execution state first
(an :class:`.gofunc.ExecContext` with ``template_name``, ``template_set`` and
``execute(name, data)``). ``tpl`` can ``clone()`` the set, ``parse()`` the text
into the clone and ``execute()`` it.

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
