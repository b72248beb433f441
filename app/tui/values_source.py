"""Computed values (chart defaults coalesced with the user's) for the Values tab.

TODO(app.ops): the values merge lives in ``app.ops`` (shared with script mode); this module
only adapts it. Until it lands, computed values are reported as unavailable rather than
computed a second, possibly different, way.
"""

from __future__ import annotations

import importlib

from app.client.models import Release


def computed_values(release: Release) -> str | None:
    """YAML of the computed values, or ``None`` when ``app.ops`` cannot provide them."""
    try:
        values = importlib.import_module("app.ops.values")
    except ModuleNotFoundError:
        return None
    compute = getattr(values, "computed_values_yaml", None)
    if compute is None:
        return None
    return str(compute(release))
