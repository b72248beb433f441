"""Writing helm-tui's own JSON/YAML documents (schemas documented in ``app.script``)."""

from __future__ import annotations

from typing import Any


def document(value: Any, output: str) -> str:
    """``value`` as one line of JSON or as YAML, with a trailing newline."""
    if output == "json":
        from app.client.helmfmt import go_json

        return go_json(value) + "\n"
    from tiller.engine.funcs.yamlout import to_yaml

    return to_yaml(value)
