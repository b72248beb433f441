"""requirements.yaml processing as Helm v2.17 does it (``pkg/chartutil/requirements.go``).

In Helm this runs in the client before a chart is sent to Tiller (and in ``helm
template``); it lives in the engine so the Python client, ``template`` and Tiller share it.

Two passes over a chart, both mutating it in place like Helm:

1. :func:`process_requirements_enabled` - aliases (a copy of the subchart renamed,
   only when its version satisfies the requirement's range), then ``tags`` and
   ``condition`` evaluation against the coalesced values and removal of disabled
   subcharts, recursively (a subchart's conditions are looked up under its path).
2. :func:`process_requirements_import_values` - from the deepest parents upwards,
   ``import-values`` copy child tables into the parent; the merged tree replaces the
   parent's ``values.raw`` (imported values win, the parent's fill the gaps; earlier
   imports win over later ones).

:func:`process_requirements` runs both on a copy of the chart.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tiller.engine._gc import fewer_collections
from tiller.engine.funcs.semver import semver_compare
from tiller.engine.funcs.yamlout import to_yaml
from tiller.engine.gotemplate.gofunc import GoFuncError
from tiller.engine.reqfile import Dependency, RequirementsError, parse_requirements
from tiller.engine.values import (
    NoTableError,
    NoValueError,
    Warn,
    coalesce_tables,
    coalesce_values,
    log_warning,
    path_value,
    table,
)

if TYPE_CHECKING:
    from tiller.engine.chartmodel import AnyChart

__all__ = [
    "REQUIREMENTS_NAME",
    "Dependency",
    "RequirementsError",
    "check_dependencies",
    "is_compatible_range",
    "load_requirements",
    "parse_requirements",
    "process_conditions",
    "process_requirements",
    "process_requirements_enabled",
    "process_requirements_import_values",
    "process_tags",
]

REQUIREMENTS_NAME = "requirements.yaml"


def load_requirements(chart: AnyChart) -> list[Dependency] | None:
    """Read ``requirements.yaml`` from the chart's files (None when absent or empty).

    Raises:
        RequirementsError: unparsable requirements.yaml.
    """
    data = b""
    for f in chart.files:
        if f.type_url == REQUIREMENTS_NAME:
            data = f.value  # Helm keeps the last one
    if not data:
        return None
    return parse_requirements(data)


def check_dependencies(chart: AnyChart, reqs: list[Dependency]) -> None:
    """Fail when a requirement has no chart of that name in ``charts/``.

    Raises:
        RequirementsError: ``found in requirements.yaml, but missing in charts/ directory: a, b``.
    """
    present = {d.metadata.name for d in chart.dependencies}
    missing = [r.name for r in reqs if r.name not in present]
    if missing:
        raise RequirementsError(
            "found in requirements.yaml, but missing in charts/ directory: " + ", ".join(missing)
        )


def is_compatible_range(constraint: str, version: str) -> bool:
    """Helm v2's ``version.IsCompatibleRange``: false if either side does not parse."""
    try:
        return bool(semver_compare(constraint, version))
    except GoFuncError:
        return False


def _alias_dependency(charts: list[AnyChart], req: Dependency) -> AnyChart | None:
    for existing in charts:
        if not existing.HasField("metadata") or existing.metadata.name != req.name:
            continue
        if not is_compatible_range(req.version, existing.metadata.version):
            continue
        out = type(existing)()
        out.CopyFrom(existing)
        if req.alias:
            out.metadata.name = req.alias
        return out
    return None


def _set_dependencies(chart: AnyChart, deps: list[AnyChart]) -> None:
    del chart.dependencies[:]
    chart.dependencies.extend(deps)


def process_tags(reqs: list[Dependency], cvals: dict[str, Any], warn: Warn = log_warning) -> None:
    """Enable/disable requirements from the top-level ``tags`` table."""
    try:
        vt = table(cvals, "tags")
    except NoTableError:
        return
    for r in reqs:
        if not r.tags:
            continue
        has_true = has_false = False
        for k in r.tags:
            if k not in vt:
                continue
            b = vt[k]
            if isinstance(b, bool):
                has_true, has_false = has_true or b, has_false or not b
            else:
                warn(f"Warning: Tag '{k}' for chart {r.name} returned non-bool value")
        if not has_true and has_false:
            r.enabled = False
        else:
            r.enabled = True


def process_conditions(
    reqs: list[Dependency], cvals: dict[str, Any], path: str, warn: Warn = log_warning
) -> None:
    """Enable/disable requirements from their ``condition`` paths (first resolvable wins)."""
    for r in reqs:
        cond = r.condition
        if not cond:
            continue
        has_true = has_false = False
        conds = cond.strip().split(",") if "," in cond else [cond.strip()]
        for c in conds:
            if not c:
                continue
            vv: Any = None
            try:
                vv = path_value(cvals, path + c)
            except NoValueError:
                pass
            else:
                if isinstance(vv, bool):
                    has_true, has_false = has_true or vv, has_false or not vv
                else:
                    warn(
                        f"Warning: Condition path '{c}' for chart {r.name} returned non-bool value"
                    )
            if vv is not None:
                break
        if not has_true and has_false:
            r.enabled = False
        elif has_true:
            r.enabled = True


def process_requirements_enabled(
    chart: AnyChart,
    config_raw: str | Mapping[str, Any] | None,
    warn: Warn = log_warning,
    path: str = "",
) -> None:
    """Apply aliases, tags and conditions to ``chart`` in place (Helm's ProcessRequirementsEnabled).

    Raises:
        ValuesError: coalescing the top chart's values failed (errors below the top
            are ignored, as in Helm).
        tiller.engine.funcs.yamlin.YAMLError: unparsable user values.
    """
    try:
        reqs = load_requirements(chart)
    except RequirementsError:
        return  # Helm treats any requirements error here as "nothing to process"
    if reqs is None:
        return
    originals = list(chart.dependencies)
    kept = [
        d
        for d in originals
        if not any(
            d.metadata.name == r.name and is_compatible_range(r.version, d.metadata.version)
            for r in reqs
        )
    ]
    for r in reqs:
        aliased = _alias_dependency(originals, r)
        if aliased is not None:
            kept.append(aliased)
        if r.alias:
            r.name = r.alias
    _set_dependencies(chart, kept)
    for r in reqs:
        r.enabled = True
    cvals = coalesce_values(chart, config_raw, warn)
    # Helm hands the subcharts this tree as YAML and parses it again; a YAML round trip
    # of a JSON-shaped tree is the identity, so the tree itself serves (coalesce_values
    # copies a tree it is given, and nothing here modifies it).
    sub_config = cvals
    process_tags(reqs, cvals, warn)
    process_conditions(reqs, cvals, path, warn)
    disabled = {r.name for r in reqs if not r.enabled}
    enabled = [d for d in chart.dependencies if d.metadata.name not in disabled]
    _set_dependencies(chart, enabled)
    for sub in chart.dependencies:
        # Helm drops errors from the recursive calls.
        with contextlib.suppress(ValueError):
            process_requirements_enabled(sub, sub_config, warn, path + sub.metadata.name + ".")


def _path_to_map(path: str, data: dict[str, Any]) -> dict[str, Any]:
    if path == ".":
        return data
    out: dict[str, Any] = data
    for part in reversed(path.split(".")):
        out = {part: out}
    return out


# The import pass reads no user values: what it does to a parent (its new values.raw,
# and the warnings on the way) follows from the chart tree's values and the parent's
# requirements alone. Charts are rendered again and again with other values (the TUI's
# values editor re-renders on every change) and this pass, its YAML output above all,
# is most of the requirements processing, so its outcomes are remembered.
IMPORTS_MEMO_SIZE = 64
"""How many parents' import outcomes are remembered (least recently used go first)."""
_imports_memo: OrderedDict[tuple[Any, ...], tuple[str, tuple[str, ...]]] = OrderedDict()
_imports_lock = threading.Lock()


def clear_import_memo() -> None:
    """Forget every remembered import outcome."""
    with _imports_lock:
        _imports_memo.clear()


def _values_tree(chart: AnyChart) -> tuple[Any, ...]:
    # Everything coalesce_values reads of a chart tree.
    raw = chart.values.raw if chart.HasField("values") else ""
    return (chart.metadata.name, raw, tuple(_values_tree(d) for d in chart.dependencies))


def _process_import_values(chart: AnyChart, warn: Warn) -> None:
    requirements = tuple(f.value for f in chart.files if f.type_url == REQUIREMENTS_NAME)
    key = (requirements, _values_tree(chart))
    with _imports_lock:
        found = _imports_memo.get(key)
        if found is not None:
            _imports_memo.move_to_end(key)
    if found is None:
        heard: list[str] = []
        try:
            raw = _imported_values(chart, heard.append)
        except RequirementsError:
            for message in heard:  # what was said before the failure
                warn(message)
            raise
        found = (raw, tuple(heard))
        with _imports_lock:
            _imports_memo[key] = found
            while len(_imports_memo) > IMPORTS_MEMO_SIZE:
                _imports_memo.popitem(last=False)
    raw, warnings = found
    for message in warnings:
        warn(message)
    if raw:
        chart.values.raw = raw


def _imported_values(chart: AnyChart, warn: Warn) -> str:
    """The parent's values.raw after its imports ("": left as it is)."""
    try:
        reqs = load_requirements(chart)
        if reqs is None:
            return ""
        cvals = coalesce_values(chart, "", warn)
    except ValueError:
        return ""  # Helm ignores every error of this pass
    b: dict[str, Any] = {}
    name_of = {d.metadata.name for d in chart.dependencies}
    for r in reqs:
        if r.name not in name_of and r.alias not in name_of:
            continue
        name = r.alias if r.alias in name_of else r.name
        for riv in r.import_values:
            if isinstance(riv, dict):
                child, parent = _import_pair(riv)
                try:
                    vv = table(cvals, f"{name}.{child}")
                except NoTableError as e:
                    warn(f"Warning: ImportValues missing table: {e}")
                    continue
                vm = _path_to_map(parent, vv)
                b = coalesce_tables(b, vm, chart.metadata.name, warn)
            elif isinstance(riv, str):
                try:
                    vm = table(cvals, f"{name}.exports.{riv}")
                except NoTableError as e:
                    warn(f"Warning: ImportValues missing table: {e}")
                    continue
                b = coalesce_tables(b, vm, chart.metadata.name, warn)
    # Imported values have a higher priority than the parent's own values (v2.16.7+).
    b = coalesce_tables(b, cvals, chart.metadata.name, warn)
    return to_yaml(b)


def _import_pair(item: dict[str, Any]) -> tuple[str, str]:
    child, parent = item.get("child"), item.get("parent")
    for v in (child, parent):
        if not isinstance(v, str):
            from tiller.engine.gotemplate.govalues import go_type_name

            got = "nil" if v is None else go_type_name(v)
            raise RequirementsError(f"interface conversion: interface {{}} is {got}, not string")
    return str(child), str(parent)


def _parents(chart: AnyChart, out: list[AnyChart]) -> list[AnyChart]:
    if not out:
        out = [chart]
    for ch in chart.dependencies:
        if len(ch.dependencies) > 0:
            out.append(ch)
            out = _parents(ch, out)
    return out


def process_requirements_import_values(chart: AnyChart, warn: Warn = log_warning) -> None:
    """Apply ``import-values`` in place, deepest parents first (ProcessRequirementsImportValues).

    Raises:
        RequirementsError: an ``import-values`` map entry without string child/parent
            (a panic in Helm).
    """
    for parent in reversed(_parents(chart, [])):
        _process_import_values(parent, warn)


def process_requirements(
    chart: AnyChart, config_raw: str | None, warn: Warn = log_warning
) -> AnyChart:
    """Run both requirements passes on a copy of ``chart`` and return the copy.

    This is what Helm's client does to a chart before installing it (and what ``helm
    template`` does before rendering); Tiller receives charts already processed.

    Raises:
        RequirementsError, ValuesError: as the passes do.
    """
    with fewer_collections():  # coalescing allocates as rendering does
        out = type(chart)()
        out.CopyFrom(chart)
        process_requirements_enabled(out, config_raw, warn)
        process_requirements_import_values(out, warn)
    return out
