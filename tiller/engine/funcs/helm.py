"""Helm v2.17 engine functions (pkg/engine/engine.go, pkg/chartutil).

``toYaml``, ``fromYaml``, ``toJson``, ``fromJson``, ``toToml`` and the per-render
closures ``include``, ``tpl`` and ``required``.  ``helm_funcs()`` must be called once
per render, like Helm's ``alterFuncMap``: the ``include`` recursion counters live in
that call.
"""

from __future__ import annotations

from typing import Any

import tiller.engine.gotemplate as gotemplate
from tiller.engine.gotemplate.gofunc import ExecContext
from tiller.engine.gotemplate.gostrconv import quote

from ._go import GoFunc, GoFuncError, sprintf
from .jsonin import JSONSyntaxError, go_json_decode
from .jsonout import to_json
from .tomlout import to_toml
from .yamlin import YAMLError, load_yaml_like_helm
from .yamlout import to_yaml

MAP = "map[string]interface {}"
RECURSION_MAX = 1000
"""Helm's ``recursionMaxNums``: nested ``include`` calls allowed per template name."""


def _template_errors() -> tuple[type[BaseException], ...]:
    # The engine's error classes (parse and execution); resolved lazily so this module
    # only depends on the names the engine exports.
    found = tuple(
        t
        for t in (
            getattr(gotemplate, n, None) for n in ("TemplateError", "ParseError", "ExecError")
        )
        if isinstance(t, type) and issubclass(t, BaseException)
    )
    return found or (Exception,)


def from_yaml(s: str) -> dict[str, Any]:
    """Helm ``fromYaml``: a map, or ``{"Error": message}`` when decoding fails."""
    try:
        return load_yaml_like_helm(s)
    except YAMLError as e:
        return {"Error": str(e)}


def from_json(s: str) -> dict[str, Any]:
    """Helm ``fromJson``: a map, or ``{"Error": message}`` when decoding fails."""
    try:
        value = go_json_decode(s)
    except JSONSyntaxError as e:
        return {"Error": str(e)}
    if value is None:
        return {}
    if not isinstance(value, dict):
        kind = {str: "string", bool: "bool", float: "number", list: "array"}[type(value)]
        return {"Error": f"json: cannot unmarshal {kind} into Go value of type {MAP}"}
    return value


class _NoValue(Exception):
    """chartutil ``ErrNoValue`` / ``ErrNoTable``."""


def path_value(vals: Any, table: str, key: str) -> Any:
    """``chartutil.Values.PathValue("table.key")`` for a one-level table path.

    Raises:
        _NoValue: ``KEY is not a value`` when the table or key is missing (or the key
            holds a table).
    """
    t = vals.get(table) if isinstance(vals, dict) else None
    if not isinstance(t, dict) or key not in t or isinstance(t[key], dict):
        raise _NoValue(f"{key} is not a value")
    return t[key]


def _required(lint_mode: bool) -> GoFunc:
    def required(warn: str, val: Any) -> Any:
        """Helm ``required``: fail with ``warn`` on nil or the empty string."""
        if val is None or val == "" and isinstance(val, str):
            if lint_mode:
                return ""
            # Helm passes the message to fmt.Errorf as the format string.
            raise GoFuncError(sprintf(warn))
        return val

    return GoFunc("required", required, ("string", "interface {}"), None, "interface {}", True)


def _include() -> GoFunc:
    depth: dict[str, int] = {}

    def include(ctx: ExecContext, name: str, data: Any) -> str:
        """Helm ``include``: execute a named template into a string."""
        if name in depth:
            if depth[name] > RECURSION_MAX:
                raise GoFuncError(
                    f"rendering template has a nested reference name: {name}: "
                    "unable to execute template"
                )
            depth[name] += 1
        else:
            depth[name] = 1
        try:
            out = ctx.execute(name, data)
        except _template_errors() as e:
            raise GoFuncError(str(e)) from None
        depth[name] -= 1
        return out

    return GoFunc(
        "include", include, ("string", "interface {}"), None, "string", True, takes_context=True
    )


def _tpl() -> GoFunc:
    def tpl(ctx: ExecContext, text: str, vals: Any) -> str:
        """Helm ``tpl``: render ``text`` as the current file's template with ``vals``."""
        try:
            base = path_value(vals, "Template", "BasePath")
        except _NoValue as e:
            raise GoFuncError(
                f"Cannot retrieve Template.Basepath from values inside tpl function: {text} ({e})"
            ) from None
        try:
            name = path_value(vals, "Template", "Name")
        except _NoValue as e:
            raise GoFuncError(
                f"Cannot retrieve Template.Name from values inside tpl function: {text} ({e})"
            ) from None
        prefix = f"Error during tpl function execution for {quote(text)}: "
        if not text.strip():
            # Go renders it in a fresh set; here an empty tree would not replace the
            # file's own template in the clone, so answer directly.
            return text
        tset = ctx.template_set.clone()
        try:
            tset.parse(name, text)
        except _template_errors() as e:
            raise GoFuncError(f"{prefix}parse error in {quote(str(name))}: {e}") from None
        vals["Template"] = {"Name": name, "BasePath": base}
        try:
            out = str(tset.execute(name, vals))
        except _template_errors() as e:
            raise GoFuncError(f"{prefix}render error in {quote(str(name))}: {e}") from None
        return out.replace("<no value>", "")

    return GoFunc(
        "tpl", tpl, ("string", "chartutil.Values"), None, "string", True, takes_context=True
    )


def helm_funcs(lint_mode: bool = False) -> dict[str, GoFunc]:
    """Helm's additions to the Sprig map, fresh for one render.

    Args:
        lint_mode: ``required`` only logs and returns "" (Helm's lint mode).

    Returns:
        ``toYaml fromYaml toJson fromJson toToml include tpl required``.
    """
    funcs = [
        GoFunc("toYaml", to_yaml, ("interface {}",), None, "string"),
        GoFunc("fromYaml", from_yaml, ("string",), None, MAP),
        GoFunc("toJson", to_json, ("interface {}",), None, "string"),
        GoFunc("fromJson", from_json, ("string",), None, MAP),
        GoFunc("toToml", to_toml, ("interface {}",), None, "string"),
        _include(),
        _tpl(),
        _required(lint_mode),
    ]
    return {f.name: f for f in funcs}
