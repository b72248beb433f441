"""The full-screen Textual interface (``helm-tui`` with no command).

Importing this package is cheap and Textual-free: ``app.cli`` imports ``app.tui.flags``
for every command, and ``helm-tui version`` must stay fast. Textual is imported by
``app.tui.launch`` only when the interface actually opens.

Boundaries: nothing here imports ``grpc`` or ``hapi``. The app talks to Tiller through an
object with ``TillerClient``'s methods (see ``app.tui.backend``), handed in by the caller,
and sees only ``app.client``'s dataclasses.
"""
