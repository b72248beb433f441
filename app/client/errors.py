"""Typed errors raised by ``TillerClient``; each message says what happened and what to do.

Errors Tiller itself reports start with Tiller's own text (Helm prints that text and users
search for it), followed by a hint. ``detail`` keeps the raw text for logs and ``--debug``.
"""

from __future__ import annotations

import re


class TillerError(Exception):
    """Any failure talking to Tiller.

    Attributes:
        message: what happened and, where we know, what to do about it.
        detail: the raw gRPC status text (or other low-level cause), for ``--debug``.
        code: the gRPC status code name (e.g. ``"UNAVAILABLE"``), if the failure had one.
    """

    def __init__(self, message: str, *, detail: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or message
        self.code = code

    def __str__(self) -> str:
        return self.message


class SettingsError(TillerError):
    """The connection settings themselves are unusable (e.g. a malformed ``--host``)."""


class TillerUnreachableError(TillerError):
    """No connection to Tiller could be made (refused, unresolvable, timed out)."""


class TlsError(TillerError):
    """TLS could not be set up: unreadable files, a failed handshake, a rejected certificate."""


class TillerTimeoutError(TillerError):
    """Tiller accepted the call but did not answer before its deadline."""


class MessageTooLargeError(TillerError):
    """A message exceeded the 20 MiB gRPC limit Helm and Tiller share (spec §2.3)."""


class IncompatibleVersionError(TillerError):
    """Tiller refused this client's version (``incompatible versions client[..] server[..]``).

    Attributes:
        client_version: the client version Tiller saw.
        server_version: Tiller's own version.
    """

    PATTERN = re.compile(
        r"incompatible versions client\[(?P<client>[^\]]*)\] server\[(?P<server>[^\]]*)\]"
    )

    def __init__(self, client_version: str, server_version: str, *, detail: str) -> None:
        super().__init__(
            f"{detail}. Tiller {server_version or '(unknown)'} cannot serve a "
            f"{client_version or '(unknown)'} client: Tiller must be at least the client's "
            "major.minor version. Upgrade Tiller, or use a client no newer than Tiller.",
            detail=detail,
            code="UNKNOWN",
        )
        self.client_version = client_version
        self.server_version = server_version

    @classmethod
    def parse(cls, text: str) -> IncompatibleVersionError | None:
        """Return the error ``text`` describes, or ``None`` if it is not a version refusal."""
        found = cls.PATTERN.search(text)
        if found is None:
            return None
        return cls(found["client"], found["server"], detail=text)


class ReleaseNotFoundError(TillerError):
    """Tiller has no such release (or no such revision of it).

    Attributes:
        name: the release name.
        revision: the revision asked for, when the error names one.
    """

    # Storage drivers: ``release: "<name>" not found`` or ``release: "<name>.v<k>" not found``;
    # the memory driver: ``no revision for release "<name>"``.
    _STORAGE = re.compile(r'release: "(?P<key>[^"]*)" not found')
    _MEMORY = re.compile(r'no revision for release "(?P<name>[^"]*)"')
    _KEY = re.compile(r"(?P<name>.*)\.v(?P<revision>\d+)")

    def __init__(self, name: str, revision: int | None, *, detail: str) -> None:
        which = f'"{name}"' if revision is None else f'"{name}" revision {revision}'
        super().__init__(
            f"{detail}. No release {which} exists in this Tiller; check the name with "
            "'helm-tui list --all' (and revisions with 'helm-tui history NAME').",
            detail=detail,
            code="UNKNOWN",
        )
        self.name = name
        self.revision = revision

    @classmethod
    def parse(cls, text: str, requested: str | None = None) -> ReleaseNotFoundError | None:
        """Return the error ``text`` describes, or ``None`` if it is not a not-found error.

        Args:
            text: Tiller's error text.
            requested: the release name the call asked for. Release names may contain
                ``.v1`` themselves, so knowing it tells a name from a ``<name>.v<k>`` key.
        """
        if found := cls._STORAGE.search(text):
            key = found["key"]
            if key == requested:
                return cls(key, None, detail=text)
            if versioned := cls._KEY.fullmatch(key):
                return cls(versioned["name"], int(versioned["revision"]), detail=text)
            return cls(key, None, detail=text)
        if found := cls._MEMORY.search(text):
            return cls(found["name"], None, detail=text)
        return None


class ReleaseExistsError(TillerError):
    """Install refused: a release of that name exists (and ``--replace`` cannot reuse it)."""

    PATTERN = re.compile(
        r"a release named (?P<name>\S+?)\.? (?:already exists|is in use, cannot re-use)"
    )

    def __init__(self, name: str, *, detail: str) -> None:
        super().__init__(detail, detail=detail, code="UNKNOWN")
        self.name = name

    @classmethod
    def parse(cls, text: str) -> ReleaseExistsError | None:
        """Return the error ``text`` describes, or ``None``."""
        found = cls.PATTERN.search(text)
        return cls(found["name"], detail=text) if found else None


class NoDeployedReleasesError(TillerError):
    """Upgrade refused: the release has no DEPLOYED revision to upgrade from."""

    PATTERN = re.compile(r'"(?P<name>[^"]*)" has no deployed releases')

    def __init__(self, name: str, *, detail: str) -> None:
        super().__init__(
            f"{detail}. Upgrade needs a DEPLOYED revision: roll back to a good revision "
            "('helm-tui rollback NAME REVISION'), or replace the release with --force.",
            detail=detail,
            code="UNKNOWN",
        )
        self.name = name

    @classmethod
    def parse(cls, text: str) -> NoDeployedReleasesError | None:
        """Return the error ``text`` describes, or ``None``."""
        found = cls.PATTERN.search(text)
        return cls(found["name"], detail=text) if found else None


class OperationInProgressError(TillerError):
    """Tiller refused: another install/upgrade/rollback of the release is pending."""

    TEXT = "another operation (install/upgrade/rollback) is in progress"

    def __init__(self, *, detail: str) -> None:
        super().__init__(
            f"{detail}. Wait for it to finish; if it was interrupted, the latest revision is "
            "stuck in a PENDING state ('helm-tui history NAME') and must be rolled back.",
            detail=detail,
            code="UNKNOWN",
        )

    @classmethod
    def parse(cls, text: str) -> OperationInProgressError | None:
        """Return the error ``text`` describes, or ``None``."""
        return cls(detail=text) if cls.TEXT in text else None
