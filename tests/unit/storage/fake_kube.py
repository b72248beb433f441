"""An in-memory stand-in for the few ``CoreV1Api`` methods the storage drivers use.

It behaves like the API server where the drivers can tell: raw JSON responses (the drivers
must pass ``_preload_content=False``), label selectors with ``=`` and ``in (...)`` terms,
``limit``/``_continue`` paging, 404/409 Status errors, Secret data that must be base64.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
from typing import Any

from kubernetes.client.exceptions import ApiException

_TERM = re.compile(r"\s*([^=,\s!]+)\s*(?:=\s*([^,]*)|\s+in\s+\(([^)]*)\))\s*(?:,|$)")


def parse_selector(selector: str) -> list[tuple[str, set[str]]]:
    terms = []
    pos = 0
    while pos < len(selector):
        m = _TERM.match(selector, pos)
        assert m, f"unparseable selector {selector!r} at {pos}"
        key, eq, within = m.groups()
        values = {eq.strip()} if eq is not None else {v.strip() for v in within.split(",")}
        terms.append((key, values))
        pos = m.end()
    return terms


def api_exception(status: int, reason: str, message: str) -> ApiException:
    exc = ApiException(status=status, reason=reason)
    exc.body = json.dumps(
        {
            "kind": "Status",
            "status": "Failure",
            "message": message,
            "reason": reason,
            "code": status,
        }
    )
    return exc


class FakeResponse:
    def __init__(self, obj: Any) -> None:
        self.data = json.dumps(obj).encode()
        self.released = False

    def release_conn(self) -> None:
        self.released = True


class FakeCoreV1Api:
    """Stores ConfigMaps and Secrets per namespace as the JSON the real API would return."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: dict[str, list[BaseException]] = {}
        self._rv = 0

    # -- test controls --------------------------------------------------------
    def fail(self, op: str, exc: BaseException, times: int = 1) -> None:
        """Make the next ``times`` calls of ``op`` (list/read/create/replace/delete) raise."""
        self.errors.setdefault(op, []).extend([exc] * times)

    def put_raw(self, kind: str, namespace: str, obj: dict[str, Any]) -> None:
        """Store an object exactly as given (e.g. one laid out by Helm's Tiller)."""
        self.objects[(kind, namespace, obj["metadata"]["name"])] = copy.deepcopy(obj)

    def get_raw(self, kind: str, namespace: str, name: str) -> dict[str, Any]:
        return self.objects[(kind, namespace, name)]

    def names(self, kind: str, namespace: str) -> list[str]:
        return sorted(n for (k, ns, n) in self.objects if k == kind and ns == namespace)

    # -- mechanics ------------------------------------------------------------
    def _enter(self, op: str, kind: str, kwargs: dict[str, Any]) -> None:
        assert kwargs.get("_preload_content") is False, "drivers must read raw JSON"
        self.calls.append((f"{op}_{kind}", dict(kwargs)))
        pending = self.errors.get(op)
        if pending:
            raise pending.pop(0)

    def _list(self, kind: str, namespace: str, kwargs: dict[str, Any]) -> FakeResponse:
        self._enter("list", kind, kwargs)
        terms = parse_selector(kwargs.get("label_selector") or "")
        items = [
            obj
            for (k, ns, _), obj in sorted(self.objects.items())
            if k == kind
            and ns == namespace
            and all((obj["metadata"].get("labels") or {}).get(key) in vals for key, vals in terms)
        ]
        start = int(kwargs.get("_continue") or 0)
        limit = kwargs.get("limit") or len(items) or 1
        page = items[start : start + limit]
        meta: dict[str, Any] = {"resourceVersion": str(self._rv)}
        if start + limit < len(items):
            meta["continue"] = str(start + limit)
        return FakeResponse(
            {"kind": f"{kind}List", "apiVersion": "v1", "metadata": meta, "items": page}
        )

    def _read(self, kind: str, name: str, namespace: str, kwargs: dict[str, Any]) -> FakeResponse:
        self._enter("read", kind, kwargs)
        obj = self.objects.get((kind, namespace, name))
        if obj is None:
            raise api_exception(404, "NotFound", f'{kind.lower()}s "{name}" not found')
        return FakeResponse(obj)

    def _store(self, kind: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        obj = copy.deepcopy(body)
        if kind == "Secret":
            obj.setdefault("type", "Opaque")
            for value in (obj.get("data") or {}).values():
                try:
                    base64.b64decode(value, validate=True)
                except (binascii.Error, ValueError):
                    raise api_exception(400, "BadRequest", "illegal base64 data") from None
        self._rv += 1
        obj["metadata"]["namespace"] = namespace
        obj["metadata"]["resourceVersion"] = str(self._rv)
        self.objects[(kind, namespace, obj["metadata"]["name"])] = obj
        return obj

    def _create(self, kind: str, namespace: str, body: Any, kwargs: dict[str, Any]) -> FakeResponse:
        self._enter("create", kind, kwargs)
        name = body["metadata"]["name"]
        if (kind, namespace, name) in self.objects:
            raise api_exception(409, "AlreadyExists", f'{kind.lower()}s "{name}" already exists')
        return FakeResponse(self._store(kind, namespace, body))

    def _replace(
        self, kind: str, name: str, namespace: str, body: Any, kwargs: dict[str, Any]
    ) -> FakeResponse:
        self._enter("replace", kind, kwargs)
        if (kind, namespace, name) not in self.objects:
            raise api_exception(404, "NotFound", f'{kind.lower()}s "{name}" not found')
        assert "resourceVersion" not in body["metadata"], "Helm's update is unconditional"
        return FakeResponse(self._store(kind, namespace, body))

    def _delete(self, kind: str, name: str, namespace: str, kwargs: dict[str, Any]) -> FakeResponse:
        self._enter("delete", kind, kwargs)
        if self.objects.pop((kind, namespace, name), None) is None:
            raise api_exception(404, "NotFound", f'{kind.lower()}s "{name}" not found')
        return FakeResponse({"kind": "Status", "status": "Success"})

    # -- CoreV1Api surface ----------------------------------------------------
    def list_namespaced_config_map(self, namespace: str, **kw: Any) -> FakeResponse:
        return self._list("ConfigMap", namespace, kw)

    def read_namespaced_config_map(self, name: str, namespace: str, **kw: Any) -> FakeResponse:
        return self._read("ConfigMap", name, namespace, kw)

    def create_namespaced_config_map(self, namespace: str, body: Any, **kw: Any) -> FakeResponse:
        return self._create("ConfigMap", namespace, body, kw)

    def replace_namespaced_config_map(
        self, name: str, namespace: str, body: Any, **kw: Any
    ) -> FakeResponse:
        return self._replace("ConfigMap", name, namespace, body, kw)

    def delete_namespaced_config_map(self, name: str, namespace: str, **kw: Any) -> FakeResponse:
        return self._delete("ConfigMap", name, namespace, kw)

    def list_namespaced_secret(self, namespace: str, **kw: Any) -> FakeResponse:
        return self._list("Secret", namespace, kw)

    def read_namespaced_secret(self, name: str, namespace: str, **kw: Any) -> FakeResponse:
        return self._read("Secret", name, namespace, kw)

    def create_namespaced_secret(self, namespace: str, body: Any, **kw: Any) -> FakeResponse:
        return self._create("Secret", namespace, body, kw)

    def replace_namespaced_secret(
        self, name: str, namespace: str, body: Any, **kw: Any
    ) -> FakeResponse:
        return self._replace("Secret", name, namespace, body, kw)

    def delete_namespaced_secret(self, name: str, namespace: str, **kw: Any) -> FakeResponse:
        return self._delete("Secret", name, namespace, kw)
