"""Listing 30,000 records (10,000 releases x 3 revisions) reads labels only."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from tiller.storage import ConfigMapsDriver, Selector, Storage, codec
from tiller.storage import driver as driver_mod

from .helpers import rel

RELEASES = 10_000
REVISIONS = 3


class _Raw:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def release_conn(self) -> None:
        pass


class CannedPages:
    """Serves pre-serialised list pages, so only the driver's own work is timed."""

    def __init__(self, page_size: int) -> None:
        rls = rel("x", 1)
        rls.manifest = "".join(f"# line {i} of a typical manifest\n" for i in range(300))
        payload = codec.encode(rls)  # a few KB, like a small real chart
        statuses = ["SUPERSEDED", "SUPERSEDED", "DEPLOYED"]
        items = [
            {
                "metadata": {
                    "name": f"rel-{n:05d}.v{v}",
                    "namespace": "kube-system",
                    "resourceVersion": str(n * 3 + v),
                    "labels": {
                        "NAME": f"rel-{n:05d}",
                        "OWNER": "TILLER",
                        "VERSION": str(v),
                        "STATUS": statuses[v - 1],
                        "CREATED_AT": "1700000000",
                        "NAMESPACE": "default",
                    },
                },
                "data": {"release": payload},
            }
            for n in range(RELEASES)
            for v in range(1, REVISIONS + 1)
        ]
        self.pages: list[bytes] = []
        for start in range(0, len(items), page_size):
            more = start + page_size < len(items)
            meta = {"continue": str(start + page_size)} if more else {}
            self.pages.append(
                json.dumps({"metadata": meta, "items": items[start : start + page_size]}).encode()
            )
        self.page_size = page_size

    def list_namespaced_config_map(self, namespace: str, **kw: Any) -> _Raw:
        return _Raw(self.pages[int(kw.get("_continue") or 0) // self.page_size])


@pytest.mark.skipif(os.environ.get("HELM_TUI_SKIP_PERF") == "1", reason="perf test disabled")
def test_listing_30k_records_decodes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    api = CannedPages(page_size=500)
    storage = Storage(ConfigMapsDriver(api, "kube-system"))  # type: ignore[arg-type]

    def forbidden(*_: object) -> None:
        raise AssertionError("listing must not decode payloads")

    monkeypatch.setattr(driver_mod.codec, "decode", forbidden)
    monkeypatch.setattr(driver_mod.codec, "inflate", forbidden)
    monkeypatch.setattr(driver_mod.codec, "parse", forbidden)
    # How fast this is belongs to bench/list.py; a test only checks what is done.
    records = storage.driver.list_records(Selector.tiller())
    assert len(records) == RELEASES * REVISIONS
    assert records[0].key == "rel-00000.v1" and records[-1].key == "rel-09999.v3"
