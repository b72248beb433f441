"""A minimal Helm v2 ``pkg/engine`` stand-in for engine tests.

Renders one chart file (plus partials) the way Helm v2.17 does: parse order
(deepest first, then reverse lexicographic), ``missingkey=zero``, the
``<no value>`` scrub, and Helm's ``parse error in`` / ``render error in`` wrapping.
It uses the project's Sprig/Helm functions and values loader when they are
importable, so the same runner grows with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tiller.engine.gotemplate import GoFunc, ParseError, TemplateError, TemplateSet
from tiller.engine.gotemplate.lex import ITEM_IDENTIFIER, lex

CHART = "mychart"
TEMPLATE = f"{CHART}/templates/test.yaml"
BASE_PATH = f"{CHART}/templates"


def available_funcs() -> dict[str, GoFunc]:
    """Sprig + Helm functions when the funcs package is importable, else none."""
    try:
        from tiller.engine.funcs import all_funcs
    except ImportError:
        return {}
    return dict(all_funcs())


def load_values(text: str) -> dict[str, Any]:
    """Values parsed the Helm v2 way (ghodss/yaml: YAML 1.1, numbers as float64)."""
    try:
        from tiller.engine.funcs import load_yaml_like_helm
    except ImportError:
        return _fallback_values(text)
    return load_yaml_like_helm(text)


def _fallback_values(text: str) -> dict[str, Any]:
    import yaml

    def norm(v: Any) -> Any:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, (int, float)):
            return float(v)
        if isinstance(v, dict):
            return {_key(k): norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        return str(v)

    def _key(k: Any) -> str:
        if isinstance(k, bool):
            return "true" if k else "false"
        return str(k)

    loaded = yaml.safe_load(text) if text.strip() else None
    return norm(loaded) if isinstance(loaded, dict) else {}


def _values_type(v: dict[str, Any]) -> dict[str, Any]:
    try:
        from tiller.engine.values import Values
    except ImportError:
        return v
    return Values(v)


def identifiers(text: str) -> set[str]:
    """Function names a template text uses (identifier tokens)."""
    return {item.val for item in lex(text) if item.typ == ITEM_IDENTIFIER}


def helm_order(names: list[str]) -> list[str]:
    """Helm v2 ``sortTemplates``: most path segments first, then reverse lexicographic."""
    return sorted(names, key=lambda n: (n.count("/"), n), reverse=True)


def render(
    template: str,
    values: str,
    partials: Mapping[str, str] | None = None,
    funcs: Mapping[str, GoFunc] | None = None,
) -> str:
    """Render ``mychart/templates/test.yaml`` like Helm v2.17.

    Returns:
        The rendered text.

    Raises:
        RuntimeError: Helm's error text (``parse error in "F": ...`` or
            ``render error in "F": ...``).
    """
    files = {TEMPLATE: template}
    for name, text in (partials or {}).items():
        files[f"{BASE_PATH}/{name}"] = text
    ts = TemplateSet(funcs if funcs is not None else available_funcs(), missingkey="zero")
    order = helm_order(list(files))
    for name in order:
        try:
            ts.parse(name, files[name])
        except ParseError as e:
            raise RuntimeError(f'parse error in "{name}": {e}') from None
    vals = _values_type(load_values(values))
    data = _values_type(
        {
            "Values": vals,
            "Chart": {"Name": CHART, "Version": "0.1.0"},
            "Release": {
                "Name": "rel",
                "Namespace": "default",
                "Service": "Tiller",
                "IsInstall": True,
                "IsUpgrade": False,
                "Revision": 1,
            },
            "Template": {"Name": TEMPLATE, "BasePath": BASE_PATH},
        }
    )
    try:
        out = ts.execute(TEMPLATE, data)
    except TemplateError as e:
        raise RuntimeError(f'render error in "{TEMPLATE}": {e}') from None
    return out.replace("<no value>", "")
