"""The only client code that talks to Tiller (gRPC, ``hapi``); the rest of the app uses this.

Importing this package is cheap: models, errors, settings and listing rules are pure
Python. ``TillerClient`` (which pulls in gRPC) is loaded on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from app.client.settings import ConnectionSettings, TlsSettings

if TYPE_CHECKING:
    from app.client.client import TillerClient
    from app.client.requests import (
        InstallRequest,
        RollbackRequest,
        TestMessage,
        TestRequest,
        UninstallRequest,
        UninstallResult,
        UpgradeRequest,
    )

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


_REQUEST_TYPES = frozenset(
    {
        "InstallRequest",
        "RollbackRequest",
        "TestMessage",
        "TestRequest",
        "UninstallRequest",
        "UninstallResult",
        "UpgradeRequest",
    }
)


def __getattr__(name: str) -> Any:
    # Deferred so that `import app.client` does not import gRPC (~0.1 s at start-up).
    if name == "TillerClient":
        from app.client.client import TillerClient

        return TillerClient
    if name in _REQUEST_TYPES:
        from app.client import requests

        return getattr(requests, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
