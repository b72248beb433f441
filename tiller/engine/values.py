"""Chart values and their coalescing, as Helm v2.17's ``pkg/chartutil/values.go`` does it.

Precedence, highest first: the user's values (``Config.raw``), then the chart's own
``values.yaml``, then for a subchart the parent's ``<subchart>:`` table before the
subchart's ``values.yaml``. Maps merge recursively, scalars and lists replace, a user
``null`` deletes the key, a type clash keeps the higher-precedence side (with a
warning) and the parent's ``global`` table is merged into each subchart's ``global``
with the parent winning.

The algorithm is a faithful port, including its in-place mutation and sharing of
nested maps: a few Helm results (e.g. a subchart default ``null`` vanishing once a
parent has a requirements.yaml) only come out right if the same maps are shared.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from tiller.engine.funcs.yamlin import load_yaml_like_helm
from tiller.engine.funcs.yamlout import to_yaml
from tiller.engine.gotemplate.gofmt import sprintf
from tiller.engine.gotemplate.gofunc import GoFuncError, gofunc

if TYPE_CHECKING:
    from tiller.engine.chartmodel import AnyChart

GLOBAL_KEY = "global"

Warn = Callable[[str], None]
"""Receives Helm's ``log.Printf`` warnings (type clashes, non-table globals ...)."""


def log_warning(message: str) -> None:
    """Default warning sink: the ``tiller.engine.values`` logger."""
    import logging  # not at import: helm-tui template passes its own sink

    logging.getLogger(__name__).warning("%s", message)


class ValuesError(ValueError):
    """Coalescing failed; ``str(err)`` is Helm's message (e.g. ``type mismatch on x: ...``)."""


class NoTableError(KeyError):
    """``Values.Table`` found no table (Go's ErrNoTable).

    The message may be given as a function: Helm's text prints the whole map searched,
    which costs more than the lookup and is mostly never read (a missing ``tags``
    table, a condition path). It is built when first read, from the map as it is then.
    """

    def __init__(self, message: str | Callable[[], str]) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        message = self.args[0]
        if callable(message):
            message = message()
            self.args = (message,)
        return str(message)


class NoValueError(KeyError):
    """``Values.PathValue`` found no scalar (Go's ErrNoValue)."""

    def __str__(self) -> str:
        return str(self.args[0])


def is_table(v: Any) -> bool:
    """Go's ``istable``: a plain ``map[string]interface{}`` (not Values, not a Go struct)."""
    return type(v) is dict


class Values(dict[str, Any]):
    """``chartutil.Values``: the type of ``.Values`` (and of the top-level template data).

    Its Go methods are callable from templates and, since methods win over map keys,
    they shadow top-level keys of the same name (``.Values.YAML`` calls the method).
    """

    _go_type: ClassVar[str] = "chartutil.Values"
    _go_underlying: ClassVar[str] = "map[string]interface {}"

    @gofunc("YAML", result="string", can_fail=True)
    def yaml(self) -> str:
        """Encode the values as YAML (ghodss/yaml)."""
        return to_yaml(dict(self))

    @gofunc("AsMap", result="map[string]interface {}")
    def as_map(self) -> dict[str, Any]:
        """Return the values as a plain map (never nil)."""
        return dict(self) if self else {}

    @gofunc("Table", params=("string",), result="chartutil.Values", can_fail=True)
    def go_table(self, name: str) -> Values:
        """Template-facing ``Table`` (errors become ``error calling Table: ...``)."""
        try:
            return self.table(name)
        except NoTableError as e:
            raise GoFuncError(str(e)) from None

    @gofunc("PathValue", params=("string",), can_fail=True)
    def go_path_value(self, path: str) -> Any:
        """Template-facing ``PathValue``."""
        try:
            return self.path_value(path)
        except (NoValueError, ValueError) as e:
            raise GoFuncError(str(e)) from None

    @gofunc("MergeInto", params=("chartutil.Values",), result="")
    def merge_into(self, src: dict[str, Any]) -> None:
        """Merge ``src`` into these values: maps merge, everything else is replaced."""
        for key, src_val in src.items():
            dest_val = self.get(key)
            if key in self and is_table(src_val) and is_table(dest_val):
                Values.merge_into(dest_val, src_val)
            else:
                self[key] = src_val

    def table(self, name: str) -> Values:
        """Return the table at a dotted path as Values (a copy of the map's top level).

        Raises:
            NoTableError: Helm's ``no table named "x"`` texts.
        """
        found = table(self, name)
        return found if isinstance(found, Values) else Values(found)

    def path_value(self, path: str) -> Any:
        """Return the non-table value at a dotted path (see :func:`path_value`)."""
        return path_value(self, path)


def table(values: dict[str, Any], name: str) -> dict[str, Any]:
    """Return the table at a dotted path (``foo.bar``) itself, not a copy.

    Raises:
        NoTableError: Helm's ``no table named "x"`` texts.
    """
    found: dict[str, Any] = values
    for part in name.split("."):
        found = _table_lookup(found, part)
    return found


def path_value(values: dict[str, Any], path: str) -> Any:
    """Return the non-table value at a dotted path (``chapter.one.title``).

    Raises:
        ValueError: for an empty path.
        NoValueError: when there is no such non-table value.
    """
    if not path:
        raise ValueError("YAML path string cannot be zero length")
    parts = path.split(".")
    if len(parts) == 1:
        k = parts[0]
        if k in values and not is_table(values[k]):
            return values[k]
        raise NoValueError(f"{k} is not a value")
    key = parts[-1]
    try:
        t = table(values, ".".join(parts[:-1]))
    except NoTableError:
        raise NoValueError(f"{key} is not a value") from None
    if key in t and not is_table(t[key]):
        return t[key]
    raise NoValueError(f"key not found: {key}")


def _table_lookup(v: dict[str, Any], simple: str) -> dict[str, Any]:
    if simple not in v:
        raise NoTableError(lambda: sprintf("no table named %q (%v)", simple, dict(v)))
    found = v[simple]
    if isinstance(found, dict) and (is_table(found) or isinstance(found, Values)):
        return found
    raise NoTableError(sprintf("no table named %q", simple))


def deep_copy(v: Any) -> Any:
    """Copy a values tree (dicts and lists; scalars are immutable)."""
    t = type(v)
    if t is dict:
        return {k: deep_copy(x) for k, x in v.items()}
    if t is list:
        return [deep_copy(x) for x in v]
    return v


@functools.lru_cache(maxsize=256)
def _parsed(raw: str) -> dict[str, Any]:
    return load_yaml_like_helm(raw)


def read_values(raw: str) -> Values:
    """Parse YAML values as Helm's ``ReadValues`` does (numbers become float64).

    Parsed trees are cached by text (a chart's values.yaml is read several times per
    render); callers always get a private copy they may mutate.

    Raises:
        tiller.engine.funcs.yamlin.YAMLError: Go's YAML error text.
    """
    return Values(deep_copy(_parsed(raw)))


def coalesce_values(
    chart: AnyChart, config_raw: str | Mapping[str, Any] | None, warn: Warn = log_warning
) -> Values:
    """``chartutil.CoalesceValues``: the values tree for a chart and all its subcharts.

    Args:
        chart: the (already requirements-processed) chart.
        config_raw: the user's values YAML (``Config.raw``), or None when the request
            carried no Config at all - then, as in Helm, the top chart's own
            values.yaml is skipped while the subcharts' still apply. An already parsed
            tree is accepted too (it is copied, not modified).
        warn: sink for Helm's warnings.

    Raises:
        ValuesError: ``type mismatch on <sub>: ...`` when a subchart's key is not a map.
        tiller.engine.funcs.yamlin.YAMLError: unparsable user values.
    """
    cvals: dict[str, Any] = {}
    if isinstance(config_raw, str):
        cvals = _coalesce(chart, read_values(config_raw), warn)
    elif config_raw is not None:
        cvals = _coalesce(chart, deep_copy(dict(config_raw)), warn)
    return Values(_coalesce_deps(chart, cvals, warn))


def _coalesce(chart: AnyChart, dest: dict[str, Any], warn: Warn) -> dict[str, Any]:
    dest = _coalesce_chart_values(chart, dest, warn)
    # Helm ignores the error here (the top-level pass reports it).
    with contextlib.suppress(ValuesError):
        _coalesce_deps(chart, dest, warn)
    return dest


def _coalesce_deps(chart: AnyChart, dest: dict[str, Any], warn: Warn) -> dict[str, Any]:
    parent_name = chart.metadata.name
    for sub in chart.dependencies:
        name = sub.metadata.name
        if name not in dest:
            dest[name] = {}
        elif not is_table(dest[name]):
            raise ValuesError(sprintf("type mismatch on %s: %t", name, dest[name]))
        dvmap = dest[name]
        coalesce_globals(dvmap, dest, parent_name, warn)
        dest[name] = _coalesce(sub, dvmap, warn)
    return dest


def coalesce_globals(
    dest: dict[str, Any], src: dict[str, Any], chart_name: str, warn: Warn = log_warning
) -> None:
    """Merge ``src``'s ``global`` table into ``dest``'s, ``src`` (the parent) winning."""
    if GLOBAL_KEY not in dest:
        dg: dict[str, Any] = {}
    elif is_table(dest[GLOBAL_KEY]):
        dg = dest[GLOBAL_KEY]
    else:
        warn(
            f"Warning: Skipping globals for chart '{chart_name}' because destination "
            f"'{GLOBAL_KEY}' is not a table."
        )
        return
    if GLOBAL_KEY not in src:
        sg: dict[str, Any] = {}
    elif is_table(src[GLOBAL_KEY]):
        sg = src[GLOBAL_KEY]
    else:
        warn(
            f"Warning: skipping globals for chart '{chart_name}' because source "
            f"'{GLOBAL_KEY}' is not a table."
        )
        return
    for key, val in sg.items():
        if is_table(val):
            vv = dict(val)  # Helm's copyMap: shallow, nested tables stay shared
            if key not in dg:
                dg[key] = vv
            elif is_table(dg[key]):
                # Reverse order of coalescing: the parent's (copied) table is authoritative.
                coalesce_tables(vv, dg[key], chart_name, warn)
                dg[key] = vv
                continue
            else:
                warn(
                    f"Warning: For chart '{chart_name}', cannot merge map onto non-map "
                    f"for key '{sprintf('%q', key)}'. Skipping."
                )
        elif key in dg and is_table(dg[key]):
            warn(f"Warning: For chart '{chart_name}', key '{key}' is a table. Skipping.")
            continue
        dg[key] = val
    dest[GLOBAL_KEY] = dg


def _coalesce_chart_values(chart: AnyChart, v: dict[str, Any], warn: Warn) -> dict[str, Any]:
    if not chart.HasField("values") or not chart.values.raw:
        return v
    try:
        nv = read_values(chart.values.raw)
    except ValueError as e:
        raise ValuesError(
            f"Error: Reading chart '{chart.metadata.name}' default values ({chart.values.raw}): {e}"
        ) from None
    return coalesce_tables(v, nv, chart.metadata.name, warn)


def coalesce_tables(
    dst: dict[str, Any], src: dict[str, Any], chart_name: str, warn: Warn = log_warning
) -> dict[str, Any]:
    """Merge ``src`` into ``dst`` in place, ``dst`` being authoritative; returns ``dst``.

    A key whose ``dst`` value is nil is deleted (that is how ``null`` removes a default).
    """
    for key, val in src.items():
        if key not in dst:
            dst[key] = val
            continue
        dv = dst[key]
        if dv is None:
            del dst[key]
        elif is_table(val):
            if is_table(dv):
                coalesce_tables(dv, val, chart_name, warn)
            else:
                warn(
                    f"Warning: Merging destination map for chart '{chart_name}'. Cannot "
                    f"overwrite table item '{key}', with non table value: " + sprintf("%v", dv)
                )
        elif is_table(dv):
            warn(
                f"Warning: Merging destination map for chart '{chart_name}'. The destination "
                f"item '{key}' is a table and ignoring the source '{key}' as it has a "
                "non-table value of: " + sprintf("%v", val)
            )
    return dst
