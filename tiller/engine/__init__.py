"""Helm v2.17's chart rendering, in pure Python.

Entry points:

* :func:`tiller.engine.render.render_chart` - coalesce values and render a
  (requirements-processed) ``hapi.chart.Chart``: what Tiller does for install/upgrade.
* :func:`tiller.engine.requirements.process_requirements` - the client-side
  requirements.yaml pass (aliases, tags, conditions, import-values).
* :mod:`tiller.engine.values`, :mod:`tiller.engine.strvals` - values coalescing and
  Helm's ``--set`` parser.
* :mod:`tiller.engine.gotemplate` and :mod:`tiller.engine.funcs` - Go text/template,
  Sprig and Helm's template functions.
* :mod:`tiller.engine.chartmodel` - charts as plain Python objects shaped like the
  ``hapi.chart`` messages; the engine renders either, and these need no protobuf.
* :mod:`tiller.engine.parse_cache` - parse trees kept on disk per chart digest, for
  programs that render once per process (enabled with
  :func:`tiller.engine.render.set_disk_cache`).

This package module stays empty so importing a submodule costs nothing extra.
"""
