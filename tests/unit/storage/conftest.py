from __future__ import annotations

from collections.abc import Callable

import pytest

from tiller.storage import ConfigMapsDriver, MemoryDriver, SecretsDriver, Storage
from tiller.storage.driver import Driver

from .fake_kube import FakeCoreV1Api

NS = "kube-system"
CLOCK = 1_700_000_000


@pytest.fixture
def fake_api() -> FakeCoreV1Api:
    return FakeCoreV1Api()


def make_driver(kind: str, api: FakeCoreV1Api, **kw: object) -> Driver:
    if kind == "memory":
        return MemoryDriver()
    cls = ConfigMapsDriver if kind == "configmap" else SecretsDriver
    return cls(api, NS, clock=lambda: CLOCK, **kw)  # type: ignore[arg-type]


@pytest.fixture(params=["memory", "configmap", "secret"])
def driver_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def driver(driver_kind: str, fake_api: FakeCoreV1Api) -> Driver:
    return make_driver(driver_kind, fake_api)


@pytest.fixture
def storage_factory(driver_kind: str, fake_api: FakeCoreV1Api) -> Callable[..., Storage]:
    def build(max_history: int = 0, **kw: object) -> Storage:
        return Storage(make_driver(driver_kind, fake_api, **kw), max_history=max_history)

    return build
