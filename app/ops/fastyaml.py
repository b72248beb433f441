"""YAML load/dump through libyaml when PyYAML was built with it (about 7x faster).

Manifests of 20,000 lines are parsed and dumped for every diff preview, so the pure-Python
loader is too slow there. Both paths produce the same Python objects and the same text for
the safe subset the ops use.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(text: str) -> Any:
    """``yaml.safe_load`` on libyaml when available."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader variant


def dump(obj: Any, **options: Any) -> str:
    """``yaml.safe_dump`` on libyaml when available."""
    return str(yaml.dump(obj, Dumper=_Dumper, **options))


def load_with_node(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (with line marks) and its value, from a single parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()
