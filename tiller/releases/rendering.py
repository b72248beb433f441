"""Chart + values → hooks, manifest and notes: Tiller's side of rendering (spec §3.1).

The template engine itself lives in :mod:`tiller.engine`; this module is the seam to it.
A :data:`Renderer` turns a :class:`RenderInput` into rendered files (path → text); the
rest (compatibility checks, NOTES, hooks, kind ordering, the ``# Source:`` layout) is
Tiller's and happens here. Tests inject a fake renderer through ``Env.renderer``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from google.protobuf import timestamp_pb2
from hapi.chart import chart_pb2, config_pb2
from hapi.release import hook_pb2

from tiller.engine.funcs.semver import semver_compare
from tiller.engine.gotemplate.gofunc import GoFuncError
from tiller.errors import TillerError
from tiller.kube.client import ClusterInfo
from tiller.releases.sorting import ManifestParseError, raw_dump, sort_manifests
from tiller.version import TillerVersion

NOTES_SUFFIX = "NOTES.txt"


@dataclass(frozen=True)
class ReleaseOptions:
    """What templates see as ``.Release``."""

    name: str
    namespace: str
    revision: int
    is_install: bool
    is_upgrade: bool
    time: timestamp_pb2.Timestamp


@dataclass(frozen=True)
class RenderInput:
    """Everything a renderer needs.

    Attributes:
        chart: The chart with its subcharts.
        values: The request's values (``None`` when the request had no Config at all,
            which Helm treats differently from an empty one).
        options: ``.Release``.
        cluster: ``.Capabilities.KubeVersion`` and ``.APIVersions``.
        tiller_version: ``.Capabilities.TillerVersion``.
    """

    chart: chart_pb2.Chart
    values: config_pb2.Config | None
    options: ReleaseOptions
    cluster: ClusterInfo
    tiller_version: TillerVersion


Renderer = Callable[[RenderInput], dict[str, str]]
"""Renders every template of a chart: ``<chart>/templates/x.yaml`` → text."""


class RenderError(TillerError):
    """Rendering failed; ``manifest`` holds whatever was rendered (for dry-run debugging)."""

    def __init__(self, message: str, manifest: str = "") -> None:
        super().__init__(message)
        self.manifest = manifest


@dataclass
class Rendered:
    """A rendered release: hooks, the ordered manifest and the notes."""

    hooks: list[hook_pb2.Hook]
    manifest: str
    notes: str


def is_compatible_range(constraint: str, version: str) -> bool:
    """Helm's ``version.IsCompatibleRange``: false when either side does not parse."""
    try:
        return bool(semver_compare(constraint, version))
    except GoFuncError:
        return False


def check_compatibility(
    chart: chart_pb2.Chart, tiller_version: TillerVersion, cluster: ClusterInfo
) -> None:
    """Apply the chart's ``tillerVersion`` and ``kubeVersion`` constraints.

    Raises:
        TillerError: with Helm's texts.
    """
    meta = chart.metadata
    if meta.tillerVersion and not is_compatible_range(meta.tillerVersion, tiller_version.sem_ver):
        raise TillerError(f"Chart incompatible with Tiller {tiller_version.sem_ver}")
    if meta.kubeVersion:
        kube = cluster.version.get("gitVersion", "").split("+")[0]
        if not is_compatible_range(meta.kubeVersion, kube):
            raise TillerError(
                f"Chart requires kubernetesVersion: {meta.kubeVersion} which is "
                f"incompatible with Kubernetes {kube}"
            )


def _take_notes(files: dict[str, str], top_chart: str, sub_notes: bool) -> str:
    """Remove every NOTES.txt from ``files``; return the kept ones joined by newlines."""
    top_notes = posixpath.join(top_chart, "templates", NOTES_SUFFIX)
    paths = [p for p in files if p.endswith(NOTES_SUFFIX)]
    # The top chart's notes come first, then subcharts' by path (Helm's order is random).
    paths.sort(key=lambda p: (p != top_notes, p))
    kept = [files[p] for p in paths if sub_notes or p == top_notes]
    for path in paths:
        del files[path]
    return "\n".join(kept)


def render_release(renderer: Renderer, inp: RenderInput, *, sub_notes: bool) -> Rendered:
    """Render a chart into a release's hooks, manifest and notes.

    Raises:
        TillerError: incompatible chart.
        RenderError: the templates failed, or a rendered document is not YAML.
    """
    check_compatibility(inp.chart, inp.tiller_version, inp.cluster)
    try:
        files = dict(renderer(inp))
    except TillerError:
        raise
    except Exception as err:  # the engine's own error types carry Helm's texts
        raise RenderError(str(err)) from err
    notes = _take_notes(files, inp.chart.metadata.name, sub_notes)
    try:
        result = sort_manifests(files)
    except ManifestParseError as err:
        raise RenderError(str(err), raw_dump(files)) from err
    return Rendered(hooks=result.hooks, manifest=result.manifest, notes=notes)


def engine_renderer(inp: RenderInput) -> dict[str, str]:
    """The production renderer: :mod:`tiller.engine` (imported on first use: it is big)."""
    from tiller.releases import engine_adapter

    return engine_adapter.render(inp)
