"""Final statuses that could not be stored because the API server was unreachable.

Storage lives on the same API server as the release's objects, so the API server that
makes an upgrade fail also refuses the record saying so: Helm v2 logs that and leaves
the revision PENDING_UPGRADE for good. Tiller keeps such a record here instead and
writes it (oldest first) as soon as it can:

* before any other operation on that release starts (:func:`tiller.releases.common.hold`),
  so nothing is decided from a stale history and nothing overwrites a newer record;
* from a background thread that keeps trying while the API server is away, so the
  history is right again shortly after it is back even if nobody touches the release.

What is kept is lost if Tiller itself stops meanwhile; the next operation then finds the
revision PENDING_* and marks it FAILED as interrupted (see ``recover_interrupted``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from hapi.release import release_pb2

log = logging.getLogger(__name__)

Release = release_pb2.Release
#: Write what is kept for a release; True when nothing is left to write for it.
Writer = Callable[[str], bool]

# Delays between background attempts: first quickly (an API server restart takes seconds),
# then no more often than this while it stays away.
FIRST_RETRY_S = 0.5
MAX_RETRY_S = 10.0


class UnrecordedOutcomes:
    """Per release, the revisions whose last status change is not stored yet."""

    def __init__(self, first_retry: float = FIRST_RETRY_S, max_retry: float = MAX_RETRY_S) -> None:
        self._mutex = threading.Lock()
        self._kept: dict[str, dict[int, Release]] = {}
        self._retry = (first_retry, max_retry)
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()

    def keep(self, rel: Release) -> None:
        """Remember ``rel`` as it should be stored (a later change of it replaces this)."""
        copy = Release()
        copy.CopyFrom(rel)
        with self._mutex:
            self._kept.setdefault(rel.name, {})[rel.version] = copy

    def holds(self, name: str) -> bool:
        """Whether records of ``name`` wait to be written."""
        with self._mutex:
            return bool(self._kept.get(name))

    def waiting(self, name: str) -> list[Release]:
        """The records of ``name`` still to write, oldest revision first."""
        with self._mutex:
            kept = self._kept.get(name) or {}
            return [kept[v] for v in sorted(kept)]

    def names(self) -> list[str]:
        """Releases with records to write."""
        with self._mutex:
            return sorted(self._kept)

    def written(self, rel: Release) -> None:
        """Forget ``rel`` once stored, unless a newer change of it was kept meanwhile."""
        with self._mutex:
            kept = self._kept.get(rel.name) or {}
            if kept.get(rel.version) is rel:
                del kept[rel.version]
            if not kept:
                self._kept.pop(rel.name, None)

    def retry_in_background(self, write: Writer) -> None:
        """Make sure a thread keeps calling ``write`` for each release until all is written.

        Args:
            write: Writes what is kept for one release (taking its lock first), returns
                whether nothing is left for it; a storage error counts as False.
        """
        with self._mutex:
            self._wake.set()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, args=(write,), name="unrecorded-outcomes", daemon=True
                )
                self._thread.start()

    def _run(self, write: Writer) -> None:
        delay = self._retry[0]
        while True:
            with self._mutex:
                if not self._kept:
                    self._thread = None  # under the mutex: a new keep() starts a new thread
                    return
                self._wake.clear()
            done = True
            for name in self.names():
                try:
                    done = write(name) and done
                except Exception as err:  # noqa: BLE001 - the thread must outlive any failure
                    log.warning("writing the kept records of %s failed: %s", name, err)
                    done = False
            if done:
                delay = self._retry[0]
                continue
            self._wake.wait(delay)
            delay = min(delay * 2, self._retry[1])
