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

This package module stays empty so importing a submodule costs nothing extra.
"""
