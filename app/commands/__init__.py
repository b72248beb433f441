"""``helm-tui`` subcommands, one module each, found by ``app.cli`` at start-up.

Contract for a command module ``app/commands/<name>.py`` (modules starting with ``_`` are
helpers and are skipped):

* it defines ``register(subparsers: app.commands._common.Subparsers) -> None``, which adds
  its parser with ``subparsers.add_parser(...)`` and calls
  ``parser.set_defaults(run=<function(args: argparse.Namespace) -> int>)``;
* the command's name is the module's name (aliases may be added): a command line naming
  it imports this module alone, so a one-shot command never loads the others;
* a module may set ``SHORT_LIVED = True`` when its command does bounded work and returns
  (no server, no stream, no prompt): run as the process's command, it then runs without
  the cyclic garbage collector (``app.cli._run_command``);
* the run function returns the exit code; it may raise ``app.client.TillerError`` (and
  subclasses), which ``app.cli`` prints as ``Error: <message>`` with exit code 1;
* at import it uses only the standard library and pure ``app`` modules: anything heavy
  (gRPC, YAML, Textual) is imported inside the run function, so start-up stays fast;
* commands that talk to Tiller add Helm's TLS flags with ``_common.add_tls_flags`` and
  connect with ``_common.call_tiller``.

Global flags (``--host``, ``--home``, ``--debug``, ...) are added to every command's parser
by ``app.cli``; they are in ``args`` already.
"""
