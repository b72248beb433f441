"""Helm v2.17's template engine (``pkg/engine/engine.go``) over the Go template port.

All templates of a chart and of its subcharts go into one template set, named
``<chart>/templates/x.yaml`` and ``<chart>/charts/<sub>/templates/x.yaml``; they are
parsed deepest path first, then in reverse lexicographic order (so the top chart's
``define``s win) and executed in that order, partials (``_*``) excepted. Each
subchart sees its own ``.Chart``/``.Files``, the parent's ``.Values.<sub>`` table as
``.Values`` and the same ``.Release``/``.Capabilities``. Every ``<no value>`` is
removed from the output. Errors read ``parse error in "<file>": ...`` and ``render
error in "<file>": ...``.

Parsed template sets are cached per chart digest (a hash of every template name and
text), so rendering the same chart again skips parsing and compilation. When enabled with
:func:`set_disk_cache`, a set not in memory is looked up in the persistent parse cache
(:mod:`tiller.engine.parse_cache`) before parsing, so a new process rendering a known
chart skips parsing too.
"""

from __future__ import annotations

import posixpath
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tiller.engine import parse_cache
from tiller.engine._blake2 import blake2b
from tiller.engine._gc import fewer_collections
from tiller.engine.capabilities import Capabilities
from tiller.engine.context import Metadata, ReleaseOptions, to_render_values
from tiller.engine.files import Files
from tiller.engine.gotemplate import TemplateError, TemplateSet
from tiller.engine.gotemplate.gostrconv import quote
from tiller.engine.values import Values, Warn, log_warning

if TYPE_CHECKING:
    from tiller.engine.chartmodel import AnyChart

CACHE_SIZE = 32
"""How many parsed template sets (one per distinct chart digest) are kept."""


class RenderError(Exception):
    """Rendering failed; ``str(err)`` is Helm's message (without the CLI's ``Error: ``)."""


class _Renderable:
    __slots__ = ("base_path", "text", "vals")

    def __init__(self, text: str, vals: Values, base_path: str) -> None:
        self.text = text
        self.vals = vals
        self.base_path = base_path


class _Parsed:
    __slots__ = ("order", "tset")

    def __init__(self, tset: TemplateSet, order: list[str]) -> None:
        self.tset = tset
        self.order = order


_cache: OrderedDict[str, _Parsed] = OrderedDict()
_cache_lock = threading.Lock()


def _debug(message: str, *args: Any) -> None:
    # For unexpected failures only (with the exception being handled): logging costs
    # a few ms to import, which a one-shot `helm-tui template` need not pay.
    import logging

    logging.getLogger(__name__).debug(message, *args, exc_info=True)


def _funcs(lint_mode: bool = False) -> dict[str, Any]:
    from tiller.engine.funcs import all_funcs

    return all_funcs(lint_mode)


def _sub_values(parent_vals: dict[str, Any], name: str) -> Values:
    """``.Values`` of a subchart: the parent's ``.Values.<name>`` table, shared."""
    pv = parent_vals.get("Values")
    if not isinstance(pv, dict) or not name:
        return Values()
    if "." not in name:
        found = pv.get(name)
        if isinstance(found, Values):
            return found
        if type(found) is dict:
            # Keep one object for both views, as Go shares the map between them.
            shared = Values(found)
            pv[name] = shared
            return shared
        return Values()
    try:
        return Values(Values(pv).table(name))
    except KeyError:
        return Values()


def _collect(
    chart: AnyChart, out: dict[str, _Renderable], parent_vals: Values, top: bool, parent_id: str
) -> None:
    # Port of recAllTpls: values scoped per chart, later duplicates overwrite earlier.
    cvals = Values()
    name = chart.metadata.name
    if top:
        cvals = parent_vals
    elif name:
        cvals = Values(
            Values=_sub_values(parent_vals, name),
            Release=parent_vals.get("Release"),
            Chart=Metadata.from_proto(chart.metadata),
            Files=Files.from_chart_files(chart.files),
            Capabilities=parent_vals.get("Capabilities"),
        )
    new_parent = posixpath.join(parent_id, "charts", name) if parent_id else name
    for child in chart.dependencies:
        _collect(child, out, cvals, False, new_parent)
    base = posixpath.normpath(posixpath.join(new_parent, "templates"))
    for t in chart.templates:
        key = posixpath.normpath(posixpath.join(new_parent, t.name))
        out[key] = _Renderable(t.data.decode("utf-8", "surrogateescape"), cvals, base)


def parse_order(names: list[str]) -> list[str]:
    """Helm's template order: most ``/`` first, then reverse lexicographic."""
    return sorted(names, key=lambda n: (n.count("/"), n), reverse=True)


def _digest(tpls: dict[str, _Renderable]) -> str:
    h = blake2b(digest_size=20)
    for name in sorted(tpls):
        data = tpls[name].text.encode("utf-8", "surrogateescape")
        h.update(b"%d:%s\0%d:" % (len(name), name.encode("utf-8", "surrogateescape"), len(data)))
        h.update(data)
    return h.hexdigest()


def _parse(tpls: dict[str, _Renderable], key: str, lint_mode: bool, strict: bool) -> _Parsed:
    # Helm v2's Engine: Strict selects missingkey=error, LintMode a forgiving `required`.
    tset = TemplateSet(_funcs(lint_mode), missingkey="error" if strict else "zero", name="gotpl")
    order = parse_order(list(tpls))
    disk = _disk_cache(tset)
    if disk is not None and _load_trees(disk, key, tset, tpls):
        return _Parsed(tset, order)
    for name in order:
        try:
            tset.parse(name, tpls[name].text)
        except TemplateError as e:
            raise RenderError(f"parse error in {quote(name)}: {e}") from None
    if disk is not None:
        disk.store(key, tset.dump_trees)
    return _Parsed(tset, order)


def _load_trees(
    disk: parse_cache.ParseCache, key: str, tset: TemplateSet, tpls: dict[str, _Renderable]
) -> bool:
    data = disk.load(key)
    if data is None:
        return False
    try:
        tset.load_trees(data, {name: r.text for name, r in tpls.items()})
    except Exception:  # noqa: BLE001 - an unusable entry is a miss (and gets rewritten)
        _debug("ignoring unreadable parse cache entry %s", key)
        return False
    return True


# The engine does no I/O of its own accord: a program opts in (helm-tui template does).
_disk_dir: str | None = None


def set_disk_cache(directory: str | None) -> None:
    """Use ``directory`` for the persistent parse cache (None, the default: none).

    Typically ``set_disk_cache(parse_cache.default_directory())``, which honours the
    environment.
    """
    global _disk_dir
    _disk_dir = directory


def _disk_cache(tset: TemplateSet) -> parse_cache.ParseCache | None:
    if _disk_dir is None:
        return None
    try:
        return parse_cache.ParseCache(_disk_dir, parse_cache.fingerprint(tset.funcs))
    except OSError:
        _debug("parse cache disabled")
        return None


def _parsed_for(
    tpls: dict[str, _Renderable], lint_mode: bool = False, strict: bool = False
) -> tuple[str, _Parsed]:
    key = _digest(tpls)
    if lint_mode or strict:
        # Another function map or missingkey option, which the set binds when it
        # compiles: not cached (lint renders once), and "" so nothing is evicted.
        return "", _parse(tpls, key, lint_mode, strict)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return key, hit
    parsed = _parse(tpls, key, False, False)
    with _cache_lock:
        _cache[key] = parsed
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return key, parsed


def _evict(key: str) -> None:
    # A failed render may leave include() recursion counters raised; start afresh.
    with _cache_lock:
        _cache.pop(key, None)


def clear_cache() -> None:
    """Forget every parsed template set."""
    with _cache_lock:
        _cache.clear()


def render(
    chart: AnyChart, values: Values, *, lint_mode: bool = False, strict: bool = False
) -> dict[str, str]:
    """Render every template of ``chart`` and its subcharts (Helm's ``Engine.Render``).

    Args:
        chart: the requirements-processed chart (a ``hapi`` message or a plain one).
        values: the top-level template data (see :func:`render_chart` to build it).
        lint_mode: Helm's ``LintMode`` (what ``helm lint`` renders with): ``required``
            lets a missing value through as "".
        strict: Helm's ``Strict`` (``helm lint --strict``): a missing map key is an
            error (``missingkey=error``) instead of no value.

    Returns:
        Rendered text by template path, NOTES.txt files included, partials excluded.

    Raises:
        RenderError: ``parse error in "..."``, ``render error in "..."`` or
            ``rendering template failed: ...``.
    """
    tpls: dict[str, _Renderable] = {}
    _collect(chart, tpls, values, True, "")
    with fewer_collections():
        key, parsed = _parsed_for(tpls, lint_mode, strict)
        try:
            return _execute(parsed, tpls)
        except BaseException:
            _evict(key)
            raise


def _execute(parsed: _Parsed, tpls: dict[str, _Renderable]) -> dict[str, str]:
    rendered: dict[str, str] = {}
    for name in parsed.order:
        if posixpath.basename(name).startswith("_"):
            continue
        r = tpls[name]
        r.vals["Template"] = {"Name": name, "BasePath": r.base_path}
        try:
            out = parsed.tset.execute(name, r.vals)
        except TemplateError as e:
            raise RenderError(f"render error in {quote(name)}: {e}") from None
        except RecursionError as e:
            raise RenderError(f"rendering template failed: {e}") from None
        except Exception as e:  # noqa: BLE001 - Helm turns panics into this error too
            _debug("template engine failure in %s", name)
            raise RenderError(f"rendering template failed: {e}") from None
        rendered[name] = out.replace("<no value>", "")
    return rendered


def render_chart(
    chart: AnyChart,
    config_raw: str | None,
    options: ReleaseOptions,
    caps: Capabilities | None = None,
    warn: Warn = log_warning,
    build_values: Callable[..., Values] = to_render_values,
    *,
    lint_mode: bool = False,
    strict: bool = False,
) -> dict[str, str]:
    """Coalesce values and render: what Tiller does for install and upgrade.

    Args:
        chart: a chart whose requirements were already processed (the client does
            that; see :func:`tiller.engine.requirements.process_requirements`).
        config_raw: the request's ``values.raw`` (None when it carried no Config).
        options: release name, namespace, revision, install/upgrade, time.
        caps: capabilities (default: ``helm template``'s).
        warn: sink for coalescing warnings.
        build_values: builds the template data (tests may stub it).
        lint_mode: see :func:`render`.
        strict: see :func:`render`.

    Returns:
        Rendered text by template path (NOTES.txt included).

    Raises:
        RenderError: a template failed.
        tiller.engine.values.ValuesError, tiller.engine.funcs.yamlin.YAMLError: values.
    """
    with fewer_collections():  # render() does the same; coalescing allocates as much
        values = build_values(chart, config_raw, options, caps, warn)
        return render(chart, values, lint_mode=lint_mode, strict=strict)
