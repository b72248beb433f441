"""The production :data:`~tiller.releases.rendering.Renderer`: :mod:`tiller.engine`."""

from __future__ import annotations

import logging

from tiller.engine.capabilities import cluster_capabilities
from tiller.engine.context import ReleaseOptions, timestamp
from tiller.engine.render import render_chart
from tiller.releases.rendering import RenderInput

log = logging.getLogger(__name__)


def render(inp: RenderInput) -> dict[str, str]:
    """Coalesce values and render every template of ``inp.chart``.

    Raises:
        tiller.engine.render.RenderError: and the engine's values errors (Helm's texts).
    """
    opts = inp.options
    options = ReleaseOptions(
        name=opts.name,
        namespace=opts.namespace,
        revision=opts.revision,
        is_upgrade=opts.is_upgrade,
        is_install=opts.is_install,
        time=timestamp(opts.time.seconds, opts.time.nanos),
    )
    caps = cluster_capabilities(
        inp.cluster.api_versions,
        inp.cluster.version,
        inp.tiller_version.sem_ver,
        inp.tiller_version.git_commit,
        inp.tiller_version.git_tree_state,
    )
    config_raw = inp.values.raw if inp.values is not None else None
    return render_chart(
        inp.chart, config_raw, options, caps, warn=lambda m: log.warning("values: %s", m)
    )
