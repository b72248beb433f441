"""Progress of long operations, reported through a callback (stderr lines, a TUI log).

Tiller does the waiting itself (``--wait``, hooks), so the client cannot see resources
becoming ready; it can say what it asked for, that it is still waiting, and how it ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

HEARTBEAT_SECONDS = 10.0


@dataclass(frozen=True)
class ProgressEvent:
    """One line of progress.

    Attributes:
        operation: ``install``, ``upgrade``, ``rollback``, ``delete``, ``test``, ``diff``.
        release: the release name ("" when Tiller will generate it).
        message: what is happening.
        elapsed: seconds since the operation started.
    """

    operation: str
    release: str
    message: str
    elapsed: float = 0.0

    def __str__(self) -> str:
        who = f" {self.release}" if self.release else ""
        return f"==> {self.operation}{who}: {self.message}"


Progress = Callable[[ProgressEvent], None]


def ignore(_event: ProgressEvent) -> None:
    """A progress callback that drops everything."""


@contextlib.asynccontextmanager
async def tracking(
    progress: Progress | None,
    operation: str,
    release: str,
    what: str,
    *,
    interval: float = HEARTBEAT_SECONDS,
) -> AsyncIterator[None]:
    """Report ``what`` now, "still waiting" every ``interval`` s, and how it ended."""
    if progress is None:
        yield
        return
    started = time.monotonic()

    def emit(message: str) -> None:
        progress(ProgressEvent(operation, release, message, time.monotonic() - started))

    async def beat() -> None:
        while True:
            await asyncio.sleep(interval)
            emit(f"still waiting for Tiller ({time.monotonic() - started:.0f}s)")

    emit(what)
    task = asyncio.create_task(beat())
    try:
        yield
    except BaseException:
        emit(f"failed after {time.monotonic() - started:.1f}s")
        raise
    else:
        emit(f"done in {time.monotonic() - started:.1f}s")
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
