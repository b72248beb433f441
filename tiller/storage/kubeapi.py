"""Kubernetes API plumbing shared by the cluster drivers: raw JSON and errors.

Responses are requested with ``_preload_content=False`` and parsed with
``json.loads``; client exceptions are mapped to :mod:`tiller.storage.errors`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import urllib3.exceptions
from kubernetes.client.exceptions import ApiException

from tiller.storage.errors import (
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageApiError,
    StorageError,
    StorageUnavailableError,
)

log = logging.getLogger("tiller.storage")

JsonObj = dict[str, Any]
Timeout = float | tuple[float, float]

DEFAULT_PAGE_SIZE = 500
# (connect, read): fail fast when the API server is gone, but let a large
# list page take its time.
DEFAULT_TIMEOUT: Timeout = (10.0, 120.0)


def read_json(resp: Any) -> JsonObj:
    """Read a raw (``_preload_content=False``) response body as JSON.

    Args:
        resp: A urllib3 response (or any object with ``.data`` bytes).

    Returns:
        The parsed object.

    Raises:
        StorageError: The body is not a JSON object.
    """
    try:
        body = resp.data
    finally:
        release = getattr(resp, "release_conn", None)
        if release is not None:
            release()
    try:
        obj = json.loads(body)
    except ValueError as exc:
        raise StorageError(f"storage: malformed response from the Kubernetes API: {exc}") from None
    if not isinstance(obj, dict):
        raise StorageError("storage: malformed response from the Kubernetes API: not an object")
    return obj


def api_error(exc: ApiException) -> StorageApiError:
    """Convert an ``ApiException`` into a :class:`StorageApiError`.

    Args:
        exc: The client exception.

    Returns:
        An error whose message is the API ``Status.message`` when available.
    """
    status = int(exc.status or 0)
    reason = str(exc.reason or "")
    message = ""
    try:
        body = json.loads(exc.body) if exc.body else None
    except (TypeError, ValueError):
        body = None
    if isinstance(body, dict):
        message = str(body.get("message") or "")
        reason = str(body.get("reason") or reason)
    if not message:
        message = f"kubernetes API error {status} {reason}".rstrip()
    return StorageApiError(status, reason, message)


@contextmanager
def translate_errors(*, not_found: str | None = None, exists: str | None = None) -> Iterator[None]:
    """Map client exceptions to storage errors.

    Args:
        not_found: Key to report as ``ReleaseNotFoundError`` on HTTP 404.
        exists: Key to report as ``ReleaseExistsError`` on HTTP 409.

    Yields:
        Nothing; wraps the block.

    Raises:
        ReleaseNotFoundError: 404 with ``not_found`` set.
        ReleaseExistsError: 409 with ``exists`` set.
        StorageApiError: Any other API error status.
        StorageUnavailableError: The API server could not be reached.
    """
    try:
        yield
    except ApiException as exc:
        if exc.status == 404 and not_found is not None:
            raise ReleaseNotFoundError(not_found) from None
        if exc.status == 409 and exists is not None:
            raise ReleaseExistsError(exists) from None
        raise api_error(exc) from None
    except urllib3.exceptions.MaxRetryError as exc:
        raise StorageUnavailableError(
            f"cannot reach the Kubernetes API server: {exc.reason}"
        ) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise StorageUnavailableError(f"Kubernetes API request failed: {exc}") from None
