"""Failures of headless operations, carrying the message Helm would print and an exit code.

``TillerError`` (from ``app.client``) passes through operations unchanged; these cover
what happens on the client's side: charts, values files, arguments.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_CHANGES = 3  # --detailed-exitcode: a diff found changes


class OpsError(Exception):
    """An operation failed; ``str(err)`` is the message (printed as ``Error: ...``).

    Attributes:
        message: what went wrong, in Helm's words where Helm has them.
        exit_code: the process exit code this failure maps to.
    """

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(OpsError):
    """The command line itself is wrong (missing argument, bad flag value)."""

    exit_code = EXIT_USAGE
