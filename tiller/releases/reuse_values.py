"""Which values an upgrade renders with: the reset/reuse table of spec §3.3."""

from __future__ import annotations

from hapi.chart import chart_pb2, config_pb2
from hapi.release import release_pb2

from tiller.engine.values import Values, coalesce_values, read_values
from tiller.errors import TillerError

EMPTY_VALUES = ("", "{}\n")


def select_values(
    chart: chart_pb2.Chart,
    values: config_pb2.Config | None,
    current: release_pb2.Release,
    *,
    reset_values: bool,
    reuse_values: bool,
) -> tuple[chart_pb2.Chart, config_pb2.Config | None]:
    """Return the chart and values an upgrade renders and stores.

    * ``reset_values``: the request's values as they are.
    * ``reuse_values``: the new chart's defaults are replaced by the old release's
      coalesced values, and the request's values are merged over the old config.
    * neither: empty request values reuse the old config verbatim.

    Raises:
        TillerError: the old values cannot be rebuilt (Helm's texts).
    """
    if reset_values:
        return chart, values
    old_config = current.config.raw if current.HasField("config") else ""
    if reuse_values:
        try:
            old = coalesce_values(current.chart, current.config.raw)
            defaults = old.yaml()
        except Exception as err:  # the engine's errors carry Helm's texts
            raise TillerError(f"failed to rebuild old values: {err}") from err
        new_chart = chart_pb2.Chart()
        new_chart.CopyFrom(chart)
        new_chart.values.raw = defaults
        try:
            merged = read_values(old_config) if old_config not in EMPTY_VALUES else Values()
            merged.merge_into(read_values(values.raw if values else ""))
            raw = merged.yaml()
        except Exception as err:
            raise TillerError(str(err)) from err
        return new_chart, config_pb2.Config(raw=raw)
    requested = values.raw if values is not None else ""
    if requested in EMPTY_VALUES and old_config not in EMPTY_VALUES:
        return chart, current.config
    return chart, values
