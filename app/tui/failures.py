"""The one place that turns exceptions into what the user reads.

Screens never format errors themselves: a failed worker ends up here (through
``HelmTuiApp.on_helm_screen_failed``), and the result says whether the failure is about the
connection (a full error screen with what to do next) or about one operation (a
notification, with the rest of the app still usable).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.client.errors import (
    IncompatibleVersionError,
    ReleaseNotFoundError,
    SettingsError,
    TillerError,
    TillerTimeoutError,
    TillerUnreachableError,
    TlsError,
)
from app.client.settings import DEFAULT_TILLER_NAMESPACE


@dataclass(frozen=True)
class UserError:
    """An error as shown to the user.

    Attributes:
        title: what went wrong, in a few words.
        message: the full explanation (the error's own text, which already names a fix).
        hints: what to do next, one step per entry.
        connection: the app cannot work until this is fixed (show the error screen).
        detail: low-level cause, for the "details" toggle.
    """

    title: str
    message: str
    hints: tuple[str, ...] = ()
    connection: bool = False
    detail: str = ""


def describe(
    error: BaseException, doing: str = "", tiller_namespace: str = DEFAULT_TILLER_NAMESPACE
) -> UserError:
    """Explain ``error``, which happened while ``doing`` (e.g. "loading releases").

    Args:
        error: what was raised.
        doing: the operation, for the title ("" when it is the connection itself).
        tiller_namespace: where Tiller runs (``--tiller-namespace``), for the hints.
    """
    where = f" while {doing}" if doing else ""
    detail = getattr(error, "detail", "") or repr(error)
    if isinstance(error, TillerUnreachableError):
        return UserError(
            "Tiller is unreachable",
            str(error),
            (
                f"Check that Tiller is running: kubectl -n {tiller_namespace} get pods "
                "-l name=tiller",
                "Point helm-tui at it with --host HOST:PORT or HELM_HOST",
                f"Or forward its port: kubectl -n {tiller_namespace} port-forward "
                "deploy/tiller-deploy 44134",
                "Press r to retry once it is up",
            ),
            connection=True,
            detail=detail,
        )
    if isinstance(error, IncompatibleVersionError):
        return UserError(
            "Incompatible Tiller version",
            str(error),
            (
                f"Tiller is {error.server_version or 'unknown'}, this client is "
                f"{error.client_version or 'unknown'}",
                "Upgrade Tiller (helm init --upgrade) to at least the client's major.minor",
            ),
            connection=True,
            detail=detail,
        )
    if isinstance(error, TlsError):
        return UserError(
            "TLS failure",
            str(error),
            (
                "Check --tls-ca-cert, --tls-cert and --tls-key (or HELM_TLS_* and $HELM_HOME)",
                "Use --tls-hostname if Tiller's certificate names another host",
                "Press r to retry",
            ),
            connection=True,
            detail=detail,
        )
    if isinstance(error, SettingsError):
        return UserError("Bad connection settings", str(error), connection=True, detail=detail)
    if isinstance(error, ReleaseNotFoundError):
        return UserError("Release not found", str(error), ("Press r to refresh the list",))
    if isinstance(error, TillerTimeoutError):
        return UserError(
            f"Tiller did not answer in time{where}",
            str(error),
            ("Retry, or raise --request-timeout",),
            detail=detail,
        )
    if isinstance(error, TillerError):
        return UserError(f"Tiller error{where}", str(error), detail=detail)
    return UserError(
        f"Unexpected error{where}",
        f"{type(error).__name__}: {error}",
        ("This is a bug in helm-tui; please report it with the details below",),
        detail=detail,
    )
