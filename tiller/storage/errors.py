"""Storage errors whose ``str()`` matches the texts Helm v2's Tiller produces.

The helm CLI and third-party clients string-match some of these messages (for
example ``release: "<n>" not found`` drives ``helm upgrade --install``), so the
wording is part of the wire contract and must not be changed.
"""

from __future__ import annotations

import json


def go_quote(value: str) -> str:
    """Quote a string the way Go's ``%q`` verb does for printable text.

    Args:
        value: The text to quote.

    Returns:
        The text in double quotes, with quotes and backslashes escaped.
    """
    # json.dumps escapes exactly the characters %q escapes for the printable
    # strings that can appear in keys and release names.
    return json.dumps(value, ensure_ascii=False)


class StorageError(Exception):
    """Base class of every error raised by ``tiller.storage``."""


class ReleaseNotFoundError(StorageError):
    """A record (or, for queries, a release name) does not exist."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"release: {go_quote(key)} not found")


class ReleaseExistsError(StorageError):
    """Create was called for a key that is already stored."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"release: {go_quote(key)} already exists")


class InvalidKeyError(StorageError):
    """A key is not of the form ``<name>.v<revision>``."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"release: {go_quote(key)} invalid key")


class NoDeployedReleasesError(StorageError):
    """No revision of a release is labelled DEPLOYED."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{go_quote(name)} has no deployed releases")


class NoRevisionError(StorageError):
    """A release has an empty history (memory driver only; see spec §5.4)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no revision for release {go_quote(name)}")


class CorruptRecordError(StorageError):
    """A stored payload could not be decoded into a Release."""

    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"release: {go_quote(key)}: corrupt record: {reason}")


class InvalidLabelValueError(StorageError):
    """A query used a value that Kubernetes would reject in a label selector."""

    def __init__(self, value: str, problems: list[str]) -> None:
        self.value = value
        self.problems = problems
        super().__init__(f"invalid label value: {go_quote(value)}: {'; '.join(problems)}")


class StorageApiError(StorageError):
    """The Kubernetes API rejected a storage request.

    ``str()`` is the API's own message (as Go's ``StatusError`` prints it), for
    example ``ConfigMap "x.v1" is invalid: data: Too long: ...``.
    """

    def __init__(self, status: int, reason: str, message: str) -> None:
        self.status = status
        self.reason = reason
        self.message = message
        super().__init__(message)


class StorageUnavailableError(StorageError):
    """The storage backend could not be reached at all."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"storage unavailable: {detail}")
