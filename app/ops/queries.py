"""Reading releases for display: status, history, full content and values.

Every text that may carry secrets comes out masked unless ``show_secrets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.client.models import Release
from app.ops.redact import redact_manifest, redact_values_yaml
from app.ops.tiller_api import TillerAPI
from app.ops.values import computed_values, read_values, values_yaml


@dataclass(frozen=True)
class ReleaseDetails:
    """A release revision with its values worked out, as ``helm get`` shows it.

    Attributes:
        release: the revision (manifest and hooks masked unless ``show_secrets``).
        user_values: the user-supplied values text.
        computed_values: the coalesced values (chart defaults + user values) as YAML.
    """

    release: Release
    user_values: str
    computed_values: str


def shown_release(release: Release, show_secrets: bool) -> Release:
    """``release`` with Secret data masked in its manifest and hooks (unless shown)."""
    if show_secrets:
        return release
    from dataclasses import replace

    hooks = tuple(replace(h, manifest=redact_manifest(h.manifest)) for h in release.hooks)
    return replace(release, manifest=redact_manifest(release.manifest), hooks=hooks)


async def release_details(
    tiller: TillerAPI, name: str, revision: int = 0, *, show_secrets: bool = False
) -> ReleaseDetails:
    """Fetch a revision (GetReleaseContent) and compute its values.

    Raises:
        TillerError: the release or revision does not exist.
        OpsError: its values cannot be coalesced.
    """
    release = await tiller.release_content(name, revision)
    computed = values_yaml(
        computed_values(release.chart, release.config), show_secrets=show_secrets
    )
    user = release.config if show_secrets else redact_values_yaml(release.config)
    return ReleaseDetails(shown_release(release, show_secrets), user, computed)


async def release_values(
    tiller: TillerAPI, name: str, revision: int = 0, *, all_values: bool = False
) -> dict[str, Any]:
    """A revision's user-supplied values, or all computed values (``get values --all``).

    The tree is not masked; ``values_yaml``/``values_json`` mask when rendering.

    Raises:
        TillerError: the release or revision does not exist.
        OpsError: the values do not parse or coalesce.
    """
    release = await tiller.release_content(name, revision)
    if all_values:
        return computed_values(release.chart, release.config)
    return read_values(release.config)
