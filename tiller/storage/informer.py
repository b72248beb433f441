"""Keep a :class:`~tiller.storage.index.ReleaseIndex` in step with the API server.

The classic informer loop: list every ``OWNER=TILLER`` object once (paged), install the
snapshot, then watch from the list's resourceVersion and apply each event. A watch that
the server ends normally is simply reopened from the last resourceVersion seen (bookmarks
advance it even when nothing changes); ``410 Gone`` means that version is no longer in
the server's history, so the loop relists. Any other failure marks the index not live
(readers fall back to the API) and is retried with exponential backoff.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any, Protocol

import urllib3.exceptions

from tiller.storage import labels as lbl
from tiller.storage.driver import Record
from tiller.storage.errors import StorageApiError, StorageError, StorageUnavailableError
from tiller.storage.index import Entry, ReleaseIndex, resource_version
from tiller.storage.kubeapi import JsonObj

log = logging.getLogger("tiller.storage")

SELECTOR = lbl.Selector.tiller().to_string()


class WatchSource(Protocol):
    """Where the informer lists and watches objects (a cluster driver, or a test fake)."""

    def list_page(self, selector: str, limit: int, token: str | None) -> JsonObj:
        """Return one page of a paged list (raises ``StorageApiError`` 410 if expired)."""
        ...

    def watch(self, selector: str, resource_version: str, timeout_s: int) -> Iterator[JsonObj]:
        """Open a watch; return its events once the stream is established."""
        ...

    def to_record(self, obj: JsonObj) -> Record:
        """Parse one object into an undecoded record."""
        ...


class KubeSourceDriver(Protocol):
    """What :class:`KubeWatchSource` needs from :class:`~tiller.storage.kube.KubeDriver`."""

    def list_page(self, selector: str, limit: int, token: str | None) -> JsonObj:
        """See ``KubeDriver.list_page``."""
        ...

    def open_watch(self, selector: str, resource_version: str, timeout_s: int) -> Any:
        """See ``KubeDriver.open_watch``."""
        ...

    def to_record(self, obj: JsonObj) -> Record:
        """See ``KubeDriver.to_record``."""
        ...


class KubeWatchSource:
    """A :class:`WatchSource` over a cluster driver, streaming raw watch JSON lines."""

    def __init__(self, driver: KubeSourceDriver) -> None:
        """Wrap a driver.

        Args:
            driver: A ConfigMap or Secret driver.
        """
        self._driver = driver

    def list_page(self, selector: str, limit: int, token: str | None) -> JsonObj:
        """See :class:`WatchSource`."""
        return self._driver.list_page(selector, limit, token)

    def to_record(self, obj: JsonObj) -> Record:
        """See :class:`WatchSource`."""
        return self._driver.to_record(obj)

    def watch(self, selector: str, resource_version: str, timeout_s: int) -> Iterator[JsonObj]:
        """See :class:`WatchSource`."""
        resp = self._driver.open_watch(selector, resource_version, timeout_s)
        return _events(resp)


def _events(resp: Any) -> Iterator[JsonObj]:
    buf = b""
    try:
        for chunk in resp.stream(64 * 1024, decode_content=True):
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                if line.strip():
                    yield json.loads(line)
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise StorageUnavailableError(f"storage watch interrupted: {exc}") from None
    finally:
        resp.close()
        resp.release_conn()


class GoneError(Exception):
    """The watched resourceVersion is too old (HTTP 410): relist."""


class Informer:
    """Background list+watch loop feeding a :class:`ReleaseIndex`."""

    def __init__(
        self,
        source: WatchSource,
        index: ReleaseIndex,
        *,
        page_size: int = 500,
        watch_timeout_s: int = 300,
        backoff: tuple[float, float] = (0.5, 30.0),
    ) -> None:
        """Configure the loop (call :meth:`start` to run it).

        Args:
            source: Where objects are listed and watched.
            index: The index to keep current.
            page_size: ``limit`` of list pages.
            watch_timeout_s: Server-side length of one watch request.
            backoff: Initial and maximum delay between failed attempts, in seconds.
        """
        self._source = source
        self._index = index
        self._page_size = page_size
        self._watch_timeout_s = watch_timeout_s
        self._backoff = backoff
        self._live = threading.Event()
        self._synced = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.relists = 0

    @property
    def live(self) -> bool:
        """Whether the index is synced and its watch connected (safe to serve reads)."""
        return self._live.is_set()

    @property
    def synced(self) -> bool:
        """Whether the index has been live at least once (it may have lost its watch since).

        Tiller's readiness probe waits for this: before the first sync every read goes to
        the API server, and one listing of 10,000 releases then takes seconds.
        """
        return self._synced.is_set()

    def wait_live(self, timeout: float) -> bool:
        """Block until the index is live.

        Args:
            timeout: Seconds to wait at most.

        Returns:
            Whether it became live.
        """
        return self._live.wait(timeout)

    def start(self) -> None:
        """Run the loop in a daemon thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="storage-informer", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Ask the loop to end; it does so at its next event or timeout."""
        self._stop.set()
        self._live.clear()

    def _run(self) -> None:
        delay = self._backoff[0]
        rv: str | None = None
        while not self._stop.is_set():
            try:
                if rv is None:
                    rv = self._relist()
                rv = self._watch(rv)
                delay = self._backoff[0]
            except GoneError:
                log.info("storage index: watch history expired, relisting")
                self._live.clear()
                rv = None
            except (StorageError, ValueError) as exc:
                # ValueError: a malformed event line. Either way the stream is unusable.
                self._live.clear()
                log.warning("storage index: %s; retrying in %.1f s", exc, delay)
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, self._backoff[1])
            except Exception:  # never let the thread die: readers would stay on the API path
                self._live.clear()
                log.exception("storage index: unexpected error; retrying in %.1f s", delay)
                if self._stop.wait(delay):
                    break
                delay = min(delay * 2, self._backoff[1])
        self._live.clear()

    def _relist(self) -> str:
        self._index.begin_relist()
        for _attempt in range(3):
            entries: list[tuple[str, Entry]] = []
            token: str | None = None
            try:
                while True:
                    page = self._source.list_page(SELECTOR, self._page_size, token)
                    for item in page.get("items") or []:
                        entries.append(self._entry(item))
                    token = (page.get("metadata") or {}).get("continue") or None
                    if not token:
                        break
            except StorageApiError as exc:
                if exc.status == 410:  # continue token expired: start a fresh snapshot
                    continue
                raise
            rv = str((page.get("metadata") or {}).get("resourceVersion") or "")
            self._index.replace_all(entries, resource_version(page))
            self.relists += 1
            log.info("storage index: listed %d records at resourceVersion %s", len(entries), rv)
            return rv
        raise StorageError("storage index: list kept expiring")

    def _entry(self, item: JsonObj) -> tuple[str, Entry]:
        rv = resource_version(item)
        key = str((item.get("metadata") or {}).get("name", ""))
        # A relist while the index holds an older snapshot (after 410 Gone) shares the
        # entries that did not change instead of holding two copies of the whole index.
        same = self._index.entry_at(key, rv)
        if same is not None:
            return key, same
        rec = self._source.to_record(item)
        return rec.key, Entry.from_record(rec, rv)

    def _watch(self, rv: str) -> str:
        events = self._source.watch(SELECTOR, rv, self._watch_timeout_s)
        # The stream is open from `rv`: anything missed since is about to be replayed.
        self._live.set()
        self._synced.set()
        for event in events:
            if self._stop.is_set():
                break
            kind = event.get("type")
            obj = event.get("object") or {}
            if kind == "ERROR":
                if obj.get("code") == 410:
                    raise GoneError
                raise StorageError(f"storage watch error: {obj.get('message') or obj}")
            new_rv = (obj.get("metadata") or {}).get("resourceVersion")
            if kind in ("ADDED", "MODIFIED", "DELETED"):
                rec = self._source.to_record(obj)
                self._index.apply_event(
                    kind, rec.key, Entry.from_record(rec, resource_version(obj))
                )
            if new_rv:  # BOOKMARK events only carry this
                rv = str(new_rv)
        return rv
