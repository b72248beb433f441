"""Shared machinery of the ConfigMap and Secret drivers.

Every Kubernetes call is made with ``_preload_content=False`` and the JSON is
parsed directly: deserialising tens of thousands of client model objects is
far slower than ``json.loads`` and we only need names, labels and one data
key. Lists are paged with ``limit``/``continue`` so a large Tiller does not
produce one enormous response.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from hapi.release import release_pb2

from tiller.storage import codec
from tiller.storage import labels as lbl
from tiller.storage.driver import Record, decode_records
from tiller.storage.errors import ReleaseNotFoundError, StorageApiError
from tiller.storage.kubeapi import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_TIMEOUT,
    JsonObj,
    Timeout,
    read_json,
    translate_errors,
)

log = logging.getLogger("tiller.storage")


class KubeDriver:
    """Base class: records as namespaced objects named ``<release>.v<revision>``.

    Subclasses bind the five API calls and the data layout of their kind.
    """

    name = "Kube"

    def __init__(
        self,
        namespace: str,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        request_timeout: Timeout = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Configure the driver.

        Args:
            namespace: Tiller's storage namespace.
            page_size: ``limit`` used for list requests.
            request_timeout: urllib3 timeout for every request.
            clock: Source of unix time for CREATED_AT/MODIFIED_AT.
        """
        self.namespace = namespace
        self.page_size = page_size
        self.request_timeout = request_timeout
        self._clock = clock

    # -- per-kind hooks -------------------------------------------------
    def _api_list(self, **kw: Any) -> Any:
        raise NotImplementedError

    def _api_read(self, name: str, **kw: Any) -> Any:
        raise NotImplementedError

    def _api_create(self, body: JsonObj, **kw: Any) -> Any:
        raise NotImplementedError

    def _api_replace(self, name: str, body: JsonObj, **kw: Any) -> Any:
        raise NotImplementedError

    def _api_delete(self, name: str, **kw: Any) -> Any:
        raise NotImplementedError

    def _body(self, key: str, labels: Mapping[str, str], payload: str) -> JsonObj:
        raise NotImplementedError

    def _record(self, obj: JsonObj) -> Record:
        raise NotImplementedError

    # -- helpers ----------------------------------------------------------
    def _opts(self) -> dict[str, Any]:
        return {"_preload_content": False, "_request_timeout": self.request_timeout}

    def _discard(self, resp: Any) -> None:
        # Drain and return the connection to the pool; we never need bodies
        # of successful writes.
        try:
            getattr(resp, "data", None)
        finally:
            release = getattr(resp, "release_conn", None)
            if release is not None:
                release()

    def _new_body(self, key: str, rls: release_pb2.Release, **stamp: int) -> JsonObj:
        labels = lbl.release_labels(rls, **stamp)
        return self._body(key, labels, codec.encode(rls))

    # -- informer support (tiller.storage.informer) -----------------------
    def to_record(self, obj: JsonObj) -> Record:
        """Parse one listed or watched object into an undecoded record.

        Args:
            obj: The object as JSON.

        Returns:
            The record.
        """
        return self._record(obj)

    def list_page(self, selector: str, limit: int, token: str | None) -> JsonObj:
        """Fetch one page of a paged list.

        Args:
            selector: Label selector string.
            limit: Page size.
            token: ``continue`` token of the previous page, if any.

        Returns:
            The list object as JSON.
        """
        kw = self._opts()
        kw.update(label_selector=selector, limit=limit)
        if token:
            kw["_continue"] = token
        with translate_errors():
            return read_json(self._api_list(**kw))

    def open_watch(self, selector: str, resource_version: str, timeout_s: int) -> Any:
        """Open a watch stream (bookmarks requested) from a resourceVersion.

        Args:
            selector: Label selector string.
            resource_version: Where to start (exclusive).
            timeout_s: Server-side duration of the watch; it then ends normally.

        Returns:
            The raw streaming urllib3 response (one JSON event per line).
        """
        with translate_errors():
            return self._api_list(
                label_selector=selector,
                watch=True,
                resource_version=resource_version,
                allow_watch_bookmarks=True,
                timeout_seconds=timeout_s,
                _preload_content=False,
                # Reads block until an event arrives; a silent stream past the server's
                # own timeout means the connection is dead.
                _request_timeout=(10.0, timeout_s + 30.0),
            )

    # -- Driver API -------------------------------------------------------
    def get_record(self, key: str) -> Record:
        """Fetch one record without decoding it.

        Args:
            key: Object name.

        Returns:
            The record.

        Raises:
            ReleaseNotFoundError: No such object.
        """
        with translate_errors(not_found=key):
            obj = read_json(self._api_read(key, **self._opts()))
        return self._record(obj)

    def get(self, key: str) -> release_pb2.Release:
        """Fetch and decode one record.

        Args:
            key: Object name.

        Returns:
            The release.
        """
        return self.get_record(key).release()

    def list_records(self, selector: lbl.Selector) -> list[Record]:
        """List records matching ``selector`` page by page, without decoding.

        Args:
            selector: Label selector (pushed to the API server).

        Returns:
            Records sorted by name, then version.
        """
        selector_str = selector.to_string()
        for attempt in range(2):
            records: list[Record] = []
            token: str | None = None
            try:
                while True:
                    kw = self._opts()
                    kw.update(label_selector=selector_str, limit=self.page_size)
                    if token:
                        kw["_continue"] = token
                    with translate_errors():
                        page = read_json(self._api_list(**kw))
                    records.extend(self._record(item) for item in page.get("items") or [])
                    token = (page.get("metadata") or {}).get("continue") or None
                    if not token:
                        break
            except StorageApiError as exc:
                # 410 Gone: the continue token expired mid-listing. Restart
                # once for a consistent snapshot instead of mixing snapshots.
                if exc.status == 410 and attempt == 0:
                    log.warning("storage list: continue token expired, restarting list")
                    continue
                raise
            records.sort(key=lambda r: (r.name, r.version))
            return records
        raise AssertionError("unreachable")  # pragma: no cover

    def query_records(self, labels: Mapping[str, str]) -> list[Record]:
        """Helm Query semantics: validated labels, empty → not found.

        Args:
            labels: Labels that must all match exactly.

        Returns:
            Matching records (never empty).

        Raises:
            InvalidLabelValueError: A value is not a valid label value.
            ReleaseNotFoundError: Nothing matched (names ``labels["NAME"]``).
        """
        lbl.check_label_values(labels)
        records = self.list_records(lbl.Selector(equals=dict(labels)))
        if not records:
            raise ReleaseNotFoundError(labels.get(lbl.NAME, ""))
        return records

    def query(self, labels: Mapping[str, str]) -> list[release_pb2.Release]:
        """Decoded Query; corrupt records are logged and skipped like Helm.

        Args:
            labels: Labels that must all match exactly.

        Returns:
            Decoded releases.
        """
        return decode_records(
            self.query_records(labels), lambda e: log.warning("storage query: %s", e)
        )

    def create(self, key: str, rls: release_pb2.Release) -> None:
        """Create the object for a new record (labels get CREATED_AT).

        Args:
            key: Object name.
            rls: Release to store.

        Raises:
            ReleaseExistsError: The object already exists.
        """
        self.create_object(key, rls)

    def create_object(self, key: str, rls: release_pb2.Release) -> JsonObj:
        """Like :meth:`create`, returning the object the API server stored.

        Args:
            key: Object name.
            rls: Release to store.

        Returns:
            The created object as JSON (with its resourceVersion).

        Raises:
            ReleaseExistsError: The object already exists.
        """
        body = self._new_body(key, rls, created_at=int(self._clock()))
        with translate_errors(exists=key):
            return read_json(self._api_create(body, **self._opts()))

    def update(self, key: str, rls: release_pb2.Release) -> None:
        """Replace the whole object unconditionally (labels get MODIFIED_AT only).

        Args:
            key: Object name.
            rls: New content.

        Raises:
            ReleaseNotFoundError: The object does not exist.
        """
        self.update_object(key, rls)

    def update_object(self, key: str, rls: release_pb2.Release) -> JsonObj:
        """Like :meth:`update`, returning the object the API server stored.

        Args:
            key: Object name.
            rls: New content.

        Returns:
            The replaced object as JSON (with its resourceVersion).

        Raises:
            ReleaseNotFoundError: The object does not exist.
        """
        body = self._new_body(key, rls, modified_at=int(self._clock()))
        with translate_errors(not_found=key):
            return read_json(self._api_replace(key, body, **self._opts()))

    def delete(self, key: str) -> release_pb2.Release:
        """Fetch, decode, then delete a record (Helm's order of operations).

        Args:
            key: Object name.

        Returns:
            The deleted release.

        Raises:
            ReleaseNotFoundError: The object does not exist.
            CorruptRecordError: The record cannot be decoded (nothing deleted).
        """
        rls = self.get(key)
        with translate_errors(not_found=key):
            self._discard(self._api_delete(key, **self._opts()))
        return rls
