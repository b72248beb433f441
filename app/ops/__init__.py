"""Headless operations shared by the TUI, one-shot commands and script mode.

Each use-case is an async function taking a ``TillerAPI`` (``app.client.TillerClient``
or a fake) and returning frozen dataclasses; none prints. Long calls accept a
``progress`` callback (``app.ops.progress``). Failures are ``app.client.TillerError``
(from Tiller) or ``app.ops.errors.OpsError`` (charts, values, arguments).

Modules:

* ``install``, ``upgrade`` (with ``--install``/``--atomic``), ``lifecycle`` (rollback,
  delete, test), ``queries`` (status, history, get), ``preview`` (diffs via dry runs);
* ``values`` (merging ``-f``/``--set``), ``charts`` (finding and loading charts);
* ``manifests`` (split into resources), ``diff`` (with ``diff_sides`` and ``noise``),
  ``redact`` (masking secrets);
* ``helmtext`` and ``tabwriter``: Helm v2's exact text formats.

Importing this package is cheap: gRPC, protobuf and the template engine load only when
an operation runs.
"""
