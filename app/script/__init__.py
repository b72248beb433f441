r"""Headless mode: ``helm-tui --script FILE`` (``-`` reads standard input).

A script holds Helm v2 command lines, one per line, run in order through exactly the
parsers and commands of one-shot mode (``helm-tui install ...``): any line of a script
can be pasted after ``helm-tui`` and does the same. Nothing in this package imports
Textual, and nothing prompts.

Syntax (``app.script.lexer``)
-----------------------------
One command per line, optionally starting with ``helm`` or ``helm-tui``; ``#`` comments;
a trailing ``\`` continues a line; ``'...'`` and ``"..."`` quoting as in the shell;
``${VAR}``, ``$VAR`` and ``${VAR:-default}`` expand from the environment (an unset
variable without a default is an error). Example::

    # deploy.txt
    upgrade --install web ./charts/web \
        --namespace ${NAMESPACE:-default} --set image.tag=${TAG} --wait --atomic
    test web --cleanup
    status web --output json

Options (given with ``--script``, applying to every line)
---------------------------------------------------------
``--keep-going``
    run the remaining lines after a failed one (the exit code still reports it).
``--detailed-exitcode``
    exit 3 when a ``diff`` found changes and nothing failed.
``--show-secrets``
    do not mask Secret data and sensitive values (masked by default everywhere).
``--output table|json|yaml``
    default output format of lines that have ``--output`` and do not set it.
Global flags (``--host``, ``--tiller-namespace``, ``--debug``, TLS env...) apply to all
lines; a line may override them.

Exit codes
----------
* ``0``: every line succeeded (and, with ``--detailed-exitcode``, no diff found changes);
* ``1``: a line failed (Tiller error, missing file, failed test...); the first failure
  stops the script unless ``--keep-going``;
* ``2``: usage error: the script cannot be read, a line has a syntax error, an unknown
  command, a bad flag or a missing argument. All lines are checked before the first one
  runs, so nothing has been changed when this is reported;
* ``3``: ``--detailed-exitcode`` and a diff found changes.
The same codes apply to one-shot commands (``helm-tui diff ... --detailed-exitcode``).

Errors go to standard error as ``FILE:LINE: Error: message`` (``<stdin>`` for ``-``);
progress of ``--wait``/``--atomic`` operations goes to standard error as
``==> install web: ...`` lines; command output goes to standard output unchanged.

JSON output (stable; keys are never renamed or removed, new keys may be added)
-------------------------------------------------------------------------------
``status``, ``install``, ``upgrade`` (``--output json``): Helm's encoding of
GetReleaseStatusResponse: ``{"name", "namespace", "info": {"status": {"code" (Status.Code
number), "resources", "notes", "last_test_suite_run"}, "first_deployed",
"last_deployed", "deleted" ({"seconds", "nanos"}), "Description"}}``; empty fields are
omitted, as Go does.

``history``: Helm's list ``[{"revision", "updated", "status", "chart", "appVersion",
"description"}]``, oldest first. ``list``: Helm's ``{"Next", "Releases": [...]}``.
``get values``: the values tree.

``rollback``: ``{"release", "revision", "status", "description"}`` (the new revision).
``delete``: ``{"releases": [{"name", "purged", "dryRun", "info"}]}``.
``test``: ``{"release", "failed", "results": [{"message", "status"}]}`` (status:
``UNKNOWN|SUCCESS|FAILURE|RUNNING``).
``diff``: ``{"release", "before", "after", "values": {"change"
("added"|"changed"|"removed"|"unchanged"), "diff" (unified diff text of the
user-supplied values, keys sorted, sensitive values masked unless ``--show-secrets``;
empty when unchanged)}, "summary": {"added", "changed", "removed", "unchanged"} (resources),
"changes": [{"kind", "apiVersion", "namespace", "name", "change"
("added"|"changed"|"removed"), "diff" (unified diff text)}]}``. The text form starts with
the values change (``Values (user-supplied) have changed:``) and its summary line ends
with ``; user-supplied values changed`` when they did. A values-only change counts as a
change for ``--detailed-exitcode``.
YAML output is the same documents in YAML.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.script.runner import ScriptOptions

# Top-level flags copied to every line: (dest, option string, takes a value).
GLOBAL_FLAGS = (
    ("debug", "--debug", False),
    ("home", "--home", True),
    ("host", "--host", True),
    ("kube_context", "--kube-context", True),
    ("kubeconfig", "--kubeconfig", True),
    ("tiller_connection_timeout", "--tiller-connection-timeout", True),
    ("tiller_namespace", "--tiller-namespace", True),
    ("request_timeout", "--request-timeout", True),
)


def script_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> ScriptOptions:
    """The script options and the global flags the top-level command line set."""
    from app.script.runner import ScriptOptions

    words: list[str] = []
    for dest, option, takes_value in GLOBAL_FLAGS:
        value = getattr(args, dest, None)
        if value is None or value == parser.get_default(dest):
            continue
        if takes_value:
            words += [option, str(value)]
        elif value:
            words.append(option)
    return ScriptOptions(
        source=args.script,
        keep_going=bool(args.keep_going),
        detailed_exitcode=bool(args.detailed_exitcode),
        show_secrets=bool(args.show_secrets),
        output=args.script_output or "",
        global_words=tuple(words),
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run the script ``args.script``; return the exit code."""
    from app.script.runner import run_script

    return run_script(parser, script_options(args, parser))
