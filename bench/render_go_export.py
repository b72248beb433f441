"""Export corpus cases for the Go baseline (bench/go_render): templates plus their data.

Usage: .venv/bin/python bench/render_go_export.py OUT_DIR

One JSON file per case, ``OUT_DIR/<case-id>.json``, taken from our own engine while it
renders the case (``_execute`` is wrapped, so the data is exactly what our templates
receive, built by ``to_render_values`` and the engine's per-chart scoping)::

    {"id": "...",
     "templates": [{"name": ..., "text": ..., "scope": i, "base": ...}, ...],
     "scopes": [{"Values": ..., "Release": ..., "Chart": ..., "Capabilities": ...,
                 "Files": {path: base64}}, ...],
     "values": {"user": "<user values YAML>",
                "chart": {"name": ..., "raw": "<values.yaml>",
                          "requirements": "<requirements.yaml or empty>", "deps": [...]}}}

``templates`` are in the engine's parse order (which is also its execution order;
partials are parsed, not executed). A scope is the top-level data of one chart or
subchart, shared by its templates. Numbers stay as our engine has them (values are
floats, as Helm v2 reads YAML through JSON). The Go program decodes every number of
``.Values`` to float64, as Helm does. ``values`` holds the inputs of the values work
(parsing and merging every values file), which the Go program times apart.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _plain(value: Any) -> Any:
    """Our engine's Go value model as JSON-ready data (Go field names for structs)."""
    from tiller.engine.files import Files
    from tiller.engine.gotemplate.govalues import GoStruct

    if isinstance(value, Files):
        return {path: base64.b64encode(data).decode() for path, data in value.items()}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, GoStruct):
        return {name: _plain(getattr(value, name, None)) for name in value._go_fields}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)  # Int64 and friends: plain numbers
    if isinstance(value, float):
        return float(value)
    return str(value)  # nothing else is expected; keep the export going


def _scope(vals: Mapping[str, Any]) -> dict[str, Any]:
    # "Template" is set by the engine for each template as it executes; leave it out.
    return {k: _plain(v) for k, v in vals.items() if k != "Template"}


def case_document(case_id: str, order: list[str], tpls: Mapping[str, Any]) -> dict[str, Any]:
    """The export of one case from the engine's parse order and ``_Renderable`` map."""
    scopes: list[dict[str, Any]] = []
    scope_of: dict[int, int] = {}
    templates = []
    for name in order:
        r = tpls[name]
        index = scope_of.get(id(r.vals))
        if index is None:
            index = scope_of[id(r.vals)] = len(scopes)
            scopes.append(_scope(r.vals))
        templates.append({"name": name, "text": r.text, "scope": index, "base": r.base_path})
    return {"id": case_id, "templates": templates, "scopes": scopes}


def values_inputs(chart: Any, user_values: str) -> dict[str, Any]:
    """The values files of a case: the user's, and every chart's of the (loaded) tree."""
    from tiller.engine.requirements import REQUIREMENTS_NAME

    def tree(c: Any) -> dict[str, Any]:
        reqs = [bytes(f.value) for f in c.files if f.type_url == REQUIREMENTS_NAME]
        return {
            "name": c.metadata.name,
            "raw": c.values.raw,
            "requirements": reqs[-1].decode("utf-8", "surrogateescape") if reqs else "",
            "deps": [tree(d) for d in c.dependencies],
        }

    return {"user": user_values, "chart": tree(chart)}


Executed = tuple[Any, dict[str, Any]]
"""What the engine executed for a case: the parsed set and the ``_Renderable`` map."""


def export_case(
    case_id: str, render_once: Callable[[], object], values: dict[str, Any], out_dir: Path
) -> Executed:
    """Render a case once with our engine and write ``out_dir/<case-id>.json``.

    Args:
        case_id: the case.
        render_once: renders the case with our engine.
        values: the case's :func:`values_inputs`.
        out_dir: where to write.

    Returns:
        The parsed set and template map our engine executed (kept to time execution
        alone); the values are shared with the engine, not copied.
    """
    from tiller.engine import render

    captured: list[tuple[dict[str, Any], Executed]] = []
    execute = render._execute

    def spy(parsed: Any, tpls: dict[str, Any]) -> dict[str, str]:
        # Serialise before executing: templates may change their values.
        captured.append((case_document(case_id, list(parsed.order), tpls), (parsed, tpls)))
        return execute(parsed, tpls)

    with mock.patch.object(render, "_execute", spy):
        render_once()
    if len(captured) != 1:
        raise RuntimeError(f"{case_id}: expected one engine execution, saw {len(captured)}")
    document, executed = captured[0]
    document["values"] = values
    (out_dir / f"{case_id}.json").write_text(json.dumps(document, allow_nan=False))
    return executed


def main() -> None:
    from bench.render import _prepare, _render_case

    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out_dir = Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    prepared = _prepare()
    for case_id, chart, raw, args in prepared:
        render_once = partial(_render_case, chart, raw, args)
        export_case(case_id, render_once, values_inputs(chart, raw), out_dir)
    print(f"{len(prepared)} cases written to {out_dir}")


if __name__ == "__main__":
    main()
