"""API discovery: which kinds the server serves, where, and ``.Capabilities``.

Resource lists are fetched per group/version on demand and cached; a miss refetches that
group/version once, so a CRD installed a moment ago (a ``crd-install`` hook, or a CRD
earlier in the same manifest) is found without restarting Tiller.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote

from tiller.errors import TillerError
from tiller.kube.rest import KubeApiError, Rest

# How long the full list of API versions (for .Capabilities) is trusted.
CAPABILITIES_TTL_S = 30.0


class UnknownKindError(TillerError):
    """The server serves no such kind (Helm's ``unable to recognize`` text)."""

    def __init__(self, api_version: str, kind: str) -> None:
        super().__init__(
            f'unable to recognize "": no matches for kind "{kind}" in version "{api_version}"'
        )
        self.api_version = api_version
        self.kind = kind


@dataclass(frozen=True)
class ApiResource:
    """One served resource type (a kind at a group/version)."""

    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool

    @property
    def api_version(self) -> str:
        """``group/version`` (just ``version`` for the core group)."""
        return f"{self.group}/{self.version}" if self.group else self.version

    def path(self, namespace: str | None, name: str | None = None, sub: str | None = None) -> str:
        """The REST path of the collection, of one object, or of its subresource."""
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if self.namespaced and namespace:
            base += f"/namespaces/{quote(namespace, safe='')}"
        base += f"/{self.plural}"
        if name is not None:
            base += f"/{quote(name, safe='')}"
            if sub:
                base += f"/{sub}"
        return base


def _gv_path(api_version: str) -> str:
    return f"/apis/{api_version}" if "/" in api_version else f"/api/{api_version}"


class Discovery:
    """Cached discovery over :class:`Rest`."""

    def __init__(self, rest: Rest) -> None:
        self._rest = rest
        self._lock = threading.Lock()
        self._by_gv: dict[str, dict[str, ApiResource]] = {}
        self._all: tuple[float, frozenset[str]] | None = None

    def _fetch_gv(self, api_version: str) -> dict[str, ApiResource]:
        group, _, version = api_version.rpartition("/")
        try:
            listing = self._rest.request("GET", _gv_path(api_version))
        except KubeApiError as err:
            if err.not_found:
                found: dict[str, ApiResource] = {}
                with self._lock:
                    self._by_gv[api_version] = found
                return found
            raise
        found = {}
        for res in listing.get("resources") or []:
            name = str(res.get("name", ""))
            if "/" in name or not res.get("kind"):
                continue  # subresources (pods/log, deployments/scale...)
            found[str(res["kind"])] = ApiResource(
                group=group,
                version=version,
                kind=str(res["kind"]),
                plural=name,
                namespaced=bool(res.get("namespaced")),
            )
        with self._lock:
            self._by_gv[api_version] = found
        return found

    def resource(self, api_version: str, kind: str) -> ApiResource:
        """The resource serving ``kind`` at ``api_version``.

        Raises:
            UnknownKindError: not served (after refreshing that group/version once).
        """
        with self._lock:
            cached = self._by_gv.get(api_version)
        if cached is not None and kind in cached:
            return cached[kind]
        fresh = self._fetch_gv(api_version) if api_version else {}
        if kind not in fresh:
            raise UnknownKindError(api_version, kind)
        return fresh[kind]

    def invalidate(self) -> None:
        """Forget everything (after CRDs were created or deleted)."""
        with self._lock:
            self._by_gv.clear()
            self._all = None

    def _group_versions(self) -> list[str]:
        core = self._rest.request("GET", "/api")
        gvs = [str(v) for v in core.get("versions") or []]
        groups = self._rest.request("GET", "/apis")
        for group in groups.get("groups") or []:
            gvs.extend(str(v["groupVersion"]) for v in group.get("versions") or [])
        return gvs

    def api_versions(self) -> frozenset[str]:
        """Every served ``group/version`` and ``group/version/Kind`` (Helm 2.15+)."""
        with self._lock:
            if self._all is not None and time.monotonic() - self._all[0] < CAPABILITIES_TTL_S:
                return self._all[1]
        gvs = self._group_versions()
        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="discovery") as pool:
            listings = list(pool.map(self._fetch_gv, gvs))
        versions = set(gvs)
        for gv, resources in zip(gvs, listings, strict=True):
            versions.update(f"{gv}/{kind}" for kind in resources)
        result = frozenset(versions)
        with self._lock:
            self._all = (time.monotonic(), result)
        return result

    def server_version(self) -> dict[str, str]:
        """The API server's ``/version`` document."""
        return {k: str(v) for k, v in self._rest.request("GET", "/version").items()}
