"""What every release use-case needs: storage, Kubernetes and Tiller's identity."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tiller.errors import InvalidReleaseNameError
from tiller.kube.client import KubeClient
from tiller.releases.locks import ReleaseLocks
from tiller.releases.rendering import Renderer, engine_renderer
from tiller.releases.unrecorded import UnrecordedOutcomes
from tiller.storage.storage import Storage
from tiller.version import TillerVersion

# Helm v2's release name rule (pkg/tiller: validateReleaseName).
_NAME_RULE = r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])+$"
_NAME_PATTERN = re.compile(_NAME_RULE)
MAX_NAME_LENGTH = 53


@dataclass(frozen=True)
class Env:
    """The collaborators of the release use-cases (no gRPC types here)."""

    storage: Storage
    kube: KubeClient
    version: TillerVersion
    renderer: Renderer = engine_renderer
    locks: ReleaseLocks = field(default_factory=ReleaseLocks)
    unrecorded: UnrecordedOutcomes = field(default_factory=UnrecordedOutcomes)


def validate_release_name(name: str) -> None:
    """Apply Helm's release-name check.

    Raises:
        InvalidReleaseNameError: with Helm's exact messages.
    """
    if not name:
        raise InvalidReleaseNameError("no release provided")
    if len(name) > MAX_NAME_LENGTH or not _NAME_PATTERN.match(name):
        raise InvalidReleaseNameError(
            f"invalid release name, must match regex {_NAME_RULE} and the length must not "
            f"be longer than {MAX_NAME_LENGTH}"
        )
