"""One operation per release at a time, and which pending records are really in progress.

Helm v2.16.10+ refuses an upgrade while the newest revision is PENDING_*, because it
cannot tell a running operation from one that died. This Tiller can: every operation
holds its release's lock, so a PENDING_* record is *in progress* only while the lock is
held. A pending record that this process wrote and left behind on purpose (a failed
pre/post hook, as Helm does) is remembered here; any other pending record was left by a
Tiller that stopped mid-operation and may be recovered.

This assumes one Tiller per storage namespace, which is how Helm v2 deploys it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tiller.errors import TillerError

IN_PROGRESS = "another operation (install/upgrade/rollback) is in progress"


class OperationInProgressError(TillerError):
    """Another operation on the same release is running (Helm's text)."""

    def __init__(self) -> None:
        super().__init__(IN_PROGRESS)


class ReleaseLocks:
    """Per-release-name locks plus the pending records this process left behind."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held: dict[str, threading.Lock] = {}
        self._left_pending: set[tuple[str, int]] = set()

    def _lock_for(self, name: str) -> threading.Lock:
        with self._mutex:
            return self._held.setdefault(name, threading.Lock())

    @contextmanager
    def hold(self, name: str, wait: float = 0.0) -> Iterator[None]:
        """Hold the release's lock for the duration of the block.

        Args:
            name: Release name.
            wait: Seconds to wait for a running operation to finish (0: refuse at once).

        Raises:
            OperationInProgressError: the lock is held by another operation.
        """
        lock = self._lock_for(name)
        acquired = lock.acquire(timeout=wait) if wait > 0 else lock.acquire(blocking=False)
        if not acquired:
            raise OperationInProgressError()
        try:
            yield
        finally:
            lock.release()

    def is_locked(self, name: str) -> bool:
        """Whether an operation on ``name`` is running now."""
        return self._lock_for(name).locked()

    def left_pending(self, name: str, version: int) -> None:
        """Remember that an operation ended leaving ``name`` v``version`` PENDING_*."""
        with self._mutex:
            self._left_pending.add((name, version))

    def settled(self, name: str, version: int) -> None:
        """Forget a pending record once it reached a final status."""
        with self._mutex:
            self._left_pending.discard((name, version))

    def forget(self, name: str) -> None:
        """Drop what is remembered about a purged release."""
        with self._mutex:
            self._left_pending = {k for k in self._left_pending if k[0] != name}

    def was_left_pending(self, name: str, version: int) -> bool:
        """Whether this process deliberately left that revision PENDING_*."""
        with self._mutex:
            return (name, version) in self._left_pending
