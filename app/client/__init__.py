"""The only client code that talks to Tiller (gRPC, ``hapi``); the rest of the app uses this.

Every name below is loaded on first access (PEP 562), from the submodule that defines
it, so importing one submodule (``app.client.errors``, say) costs only that module:
one-shot commands such as ``helm-tui template`` never pay for the models' dataclasses,
and ``TillerClient`` (which pulls in gRPC) loads only when a command talks to Tiller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.client.client import TillerClient
    from app.client.errors import (
        IncompatibleVersionError,
        MessageTooLargeError,
        ReleaseNotFoundError,
        SettingsError,
        TillerError,
        TillerTimeoutError,
        TillerUnreachableError,
        TlsError,
    )
    from app.client.listing import ListQuery, latest_per_name, status_codes_for
    from app.client.models import (
        Chart,
        ChartFile,
        ChartMetadata,
        Hook,
        Release,
        ReleaseInfo,
        ReleasePage,
        ReleaseStatus,
        SortBy,
        SortOrder,
        StatusReport,
        TestRun,
        TestSuite,
        VersionInfo,
    )
    from app.client.requests import (
        InstallRequest,
        RollbackRequest,
        TestMessage,
        TestRequest,
        UninstallRequest,
        UninstallResult,
        UpgradeRequest,
    )
    from app.client.settings import ConnectionSettings, TlsSettings

# Exported name -> the submodule defining it (kept in step with the imports above).
_SOURCES = {
    "TillerClient": "client",
    **dict.fromkeys(
        (
            "IncompatibleVersionError",
            "MessageTooLargeError",
            "ReleaseNotFoundError",
            "SettingsError",
            "TillerError",
            "TillerTimeoutError",
            "TillerUnreachableError",
            "TlsError",
        ),
        "errors",
    ),
    **dict.fromkeys(("ListQuery", "latest_per_name", "status_codes_for"), "listing"),
    **dict.fromkeys(
        (
            "Chart",
            "ChartFile",
            "ChartMetadata",
            "Hook",
            "Release",
            "ReleaseInfo",
            "ReleasePage",
            "ReleaseStatus",
            "SortBy",
            "SortOrder",
            "StatusReport",
            "TestRun",
            "TestSuite",
            "VersionInfo",
        ),
        "models",
    ),
    **dict.fromkeys(
        (
            "InstallRequest",
            "RollbackRequest",
            "TestMessage",
            "TestRequest",
            "UninstallRequest",
            "UninstallResult",
            "UpgradeRequest",
        ),
        "requests",
    ),
    **dict.fromkeys(("ConnectionSettings", "TlsSettings"), "settings"),
}

__all__ = [
    "Chart",
    "ChartFile",
    "ChartMetadata",
    "ConnectionSettings",
    "Hook",
    "IncompatibleVersionError",
    "InstallRequest",
    "ListQuery",
    "MessageTooLargeError",
    "Release",
    "ReleaseInfo",
    "ReleaseNotFoundError",
    "ReleasePage",
    "ReleaseStatus",
    "RollbackRequest",
    "SettingsError",
    "SortBy",
    "SortOrder",
    "StatusReport",
    "TestMessage",
    "TestRequest",
    "TestRun",
    "TestSuite",
    "TillerClient",
    "TillerError",
    "TillerTimeoutError",
    "TillerUnreachableError",
    "TlsError",
    "TlsSettings",
    "UninstallRequest",
    "UninstallResult",
    "UpgradeRequest",
    "VersionInfo",
    "latest_per_name",
    "status_codes_for",
]


def __getattr__(name: str) -> Any:
    source = _SOURCES.get(name)
    if source is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{source}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_SOURCES})
