"""ConfigMap and Secret drivers against an in-memory fake of CoreV1Api."""

from __future__ import annotations

import base64
import gzip
from typing import Any

import pytest
import urllib3.exceptions

from tiller.storage import (
    ConfigMapsDriver,
    CorruptRecordError,
    InvalidLabelValueError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    SecretsDriver,
    Selector,
    StorageApiError,
    StorageUnavailableError,
)
from tiller.storage.kube import KubeDriver

from .conftest import CLOCK, NS
from .fake_kube import FakeCoreV1Api, api_exception
from .helpers import rel

KINDS = {"configmap": ("ConfigMap", ConfigMapsDriver), "secret": ("Secret", SecretsDriver)}


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _driver(kind: str, api: FakeCoreV1Api, **kw: Any) -> KubeDriver:
    cls = KINDS[kind][1]
    return cls(api, NS, clock=lambda: CLOCK, **kw)  # type: ignore[arg-type]


def _helm_payload(obj: dict[str, Any], kind: str) -> bytes:
    """The Helm payload (base64 text of gzip) from an API object, peeling the Secret layer."""
    wire = obj["data"]["release"]
    return base64.b64decode(wire) if kind == "Secret" else wire.encode()


def _helm_object(kind: str, key: str, labels: dict[str, str], proto: bytes) -> dict[str, Any]:
    """An object laid out the way Helm v2's Tiller writes it, built without our code."""
    text = base64.b64encode(gzip.compress(proto, 9))
    data = base64.b64encode(text).decode() if kind == "Secret" else text.decode()
    obj: dict[str, Any] = {"metadata": {"name": key, "labels": labels}, "data": {"release": data}}
    if kind == "Secret":
        obj["type"] = "Opaque"
    return obj


def test_create_writes_helm_layout(kind: str, fake_api: FakeCoreV1Api) -> None:
    api_kind = KINDS[kind][0]
    d = _driver(kind, fake_api)
    rls = rel("foo", 1, "DEPLOYED", "prod")
    d.create("foo.v1", rls)
    assert fake_api.names(api_kind, NS) == ["foo.v1"]
    obj = fake_api.get_raw(api_kind, NS, "foo.v1")
    assert obj["metadata"]["labels"] == {
        "CREATED_AT": str(CLOCK),
        "NAME": "foo",
        "OWNER": "TILLER",
        "STATUS": "DEPLOYED",
        "VERSION": "1",
        "NAMESPACE": "prod",
    }
    assert list(obj["data"]) == ["release"]
    proto = gzip.decompress(base64.b64decode(_helm_payload(obj, api_kind), validate=True))
    assert proto == rls.SerializeToString()
    if kind == "secret":
        sent = next(kw for op, kw in fake_api.calls if op == "create_Secret")
        assert sent  # body is positional; the fake defaulted the type like the API server
        assert obj["type"] == "Opaque"


def test_update_replaces_whole_object(kind: str, fake_api: FakeCoreV1Api) -> None:
    api_kind = KINDS[kind][0]
    d = _driver(kind, fake_api)
    d.create("foo.v1", rel("foo", 1, "DEPLOYED"))
    d.update("foo.v1", rel("foo", 1, "SUPERSEDED"))
    labels = fake_api.get_raw(api_kind, NS, "foo.v1")["metadata"]["labels"]
    assert labels == {
        "MODIFIED_AT": str(CLOCK),
        "NAME": "foo",
        "OWNER": "TILLER",
        "STATUS": "SUPERSEDED",
        "VERSION": "1",
        "NAMESPACE": "default",
    }
    assert d.get("foo.v1").info.status.code == 3


def test_error_texts(kind: str, fake_api: FakeCoreV1Api) -> None:
    d = _driver(kind, fake_api)
    d.create("foo.v1", rel("foo", 1))
    with pytest.raises(ReleaseExistsError, match='^release: "foo.v1" already exists$'):
        d.create("foo.v1", rel("foo", 1))
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo.v2" not found$'):
        d.get("foo.v2")
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo.v2" not found$'):
        d.update("foo.v2", rel("foo", 2))
    with pytest.raises(ReleaseNotFoundError, match='^release: "foo.v2" not found$'):
        d.delete("foo.v2")
    with pytest.raises(ReleaseNotFoundError, match='^release: "bar" not found$'):
        d.query({"NAME": "bar", "OWNER": "TILLER"})
    with pytest.raises(ReleaseNotFoundError, match='^release: "" not found$'):
        d.query({"OWNER": "TILLER", "STATUS": "FAILED"})
    calls = len(fake_api.calls)
    with pytest.raises(InvalidLabelValueError):
        d.query({"NAME": "not valid!"})
    assert len(fake_api.calls) == calls  # rejected before reaching the API


def test_delete_returns_release_and_removes_object(kind: str, fake_api: FakeCoreV1Api) -> None:
    d = _driver(kind, fake_api)
    d.create("foo.v1", rel("foo", 1))
    assert d.delete("foo.v1").name == "foo"
    assert fake_api.names(KINDS[kind][0], NS) == []


def test_reads_records_written_by_helm(kind: str, fake_api: FakeCoreV1Api) -> None:
    api_kind = KINDS[kind][0]
    rls = rel("legacy", 2, "DEPLOYED", "team-a")
    labels = {
        "NAME": "legacy",
        "OWNER": "TILLER",
        "STATUS": "DEPLOYED",
        "VERSION": "2",
        "CREATED_AT": "1500000000",
    }
    fake_api.put_raw(
        api_kind, NS, _helm_object(api_kind, "legacy.v2", labels, rls.SerializeToString())
    )
    d = _driver(kind, fake_api)
    assert d.get("legacy.v2") == rls
    (rec,) = d.list_records(Selector.tiller())
    assert (rec.name, rec.version, rec.namespace, rec.created_at) == ("legacy", 2, None, 1500000000)
    assert not rec.decoded
    assert rec.resolve_namespace() == "team-a"  # not labelled: learnt by decoding
    assert d.query({"NAME": "legacy", "OWNER": "TILLER"}) == [rls]


def test_list_pages_with_limit_and_continue(kind: str, fake_api: FakeCoreV1Api) -> None:
    d = _driver(kind, fake_api, page_size=10)
    for i in range(25):
        d.create(f"r{i:02d}.v1", rel(f"r{i:02d}", 1, "FAILED" if i % 5 == 0 else "DEPLOYED"))
    fake_api.calls.clear()
    recs = d.list_records(Selector.tiller(statuses=["DEPLOYED", "FAILED"]))
    assert [r.name for r in recs] == [f"r{i:02d}" for i in range(25)]
    lists = [kw for op, kw in fake_api.calls if op.startswith("list_")]
    assert [kw.get("_continue") for kw in lists] == [None, "10", "20"]
    assert {kw["limit"] for kw in lists} == {10}
    assert lists[0]["label_selector"] == "OWNER=TILLER,STATUS in (DEPLOYED,FAILED)"
    assert not any(r.decoded for r in recs)


def test_expired_continue_token_restarts_once(kind: str, fake_api: FakeCoreV1Api) -> None:
    d = _driver(kind, fake_api, page_size=2)
    for i in range(5):
        d.create(f"r{i}.v1", rel(f"r{i}", 1))
    gone = api_exception(410, "Expired", "The provided continue parameter is too old")
    real_list = fake_api._list
    state = {"n": 0}

    def flaky(kind_: str, ns: str, kw: dict[str, Any]) -> Any:
        state["n"] += 1
        if state["n"] == 2:  # the first continued request
            raise gone
        return real_list(kind_, ns, kw)

    fake_api._list = flaky  # type: ignore[method-assign]
    assert len(d.list_records(Selector.tiller())) == 5
    state["n"] = 0
    fake_api.fail("list", gone, times=2)
    with pytest.raises(StorageApiError) as info:
        d.list_records(Selector.tiller())
    assert info.value.status == 410


def test_api_errors_are_mapped(kind: str, fake_api: FakeCoreV1Api) -> None:
    d = _driver(kind, fake_api)
    msg = 'configmaps is forbidden: User "x" cannot list resource "configmaps"'
    fake_api.fail("list", api_exception(403, "Forbidden", msg))
    with pytest.raises(StorageApiError) as info:
        d.list_records(Selector.tiller())
    assert (str(info.value), info.value.status, info.value.reason) == (msg, 403, "Forbidden")

    too_long = 'ConfigMap "foo.v1" is invalid: data: Too long: must have at most 1048576 characters'
    fake_api.fail("create", api_exception(422, "Invalid", too_long))
    with pytest.raises(StorageApiError, match='^ConfigMap "foo.v1" is invalid'):
        d.create("foo.v1", rel("foo", 1))

    fake_api.fail("read", urllib3.exceptions.MaxRetryError(None, "/x", reason=OSError("refused")))
    with pytest.raises(StorageUnavailableError, match="^storage unavailable: cannot reach"):
        d.get("foo.v1")


def test_corrupt_record_does_not_hide_others(kind: str, fake_api: FakeCoreV1Api) -> None:
    api_kind = KINDS[kind][0]
    d = _driver(kind, fake_api)
    d.create("good.v1", rel("good", 1))
    d.create("bad.v1", rel("bad", 1))
    bad = fake_api.get_raw(api_kind, NS, "bad.v1")
    garbage = "bm90LWd6aXAtbm90LXByb3Rv"  # valid base64, invalid protobuf
    bad["data"]["release"] = (
        base64.b64encode(garbage.encode()).decode() if kind == "secret" else garbage
    )
    fake_api.put_raw(
        api_kind,
        NS,
        {
            "metadata": {
                "name": "empty.v1",
                "labels": {
                    "NAME": "empty",
                    "OWNER": "TILLER",
                    "STATUS": "DEPLOYED",
                    "VERSION": "1",
                },
            }
        },
    )

    recs = d.list_records(Selector.tiller(statuses=["DEPLOYED"]))
    assert [r.key for r in recs] == ["bad.v1", "empty.v1", "good.v1"]
    assert recs[2].release().name == "good"
    with pytest.raises(CorruptRecordError, match='^release: "bad.v1": corrupt record: invalid'):
        recs[0].release()
    with pytest.raises(CorruptRecordError, match='"empty.v1": corrupt record: no "release" data'):
        recs[1].release()
    with pytest.raises(CorruptRecordError, match='^release: "bad.v1": corrupt record'):
        d.get("bad.v1")
    assert [r.name for r in d.query({"OWNER": "TILLER"})] == ["good"]  # Helm skips corrupt


def test_secret_with_broken_outer_layer(fake_api: FakeCoreV1Api) -> None:
    fake_api.put_raw(
        "Secret",
        NS,
        {"metadata": {"name": "x.v1", "labels": {"NAME": "x"}}, "data": {"release": "%%%"}},
    )
    (rec,) = _driver("secret", fake_api).list_records(Selector())
    with pytest.raises(CorruptRecordError, match="invalid secret data encoding"):
        rec.release()
