"""Keys, labels and selectors (spec §5.1)."""

from __future__ import annotations

import pytest

from tiller.storage import InvalidLabelValueError, Record, Selector, make_key, split_key
from tiller.storage import labels as lbl

from .helpers import rel


def test_key_format() -> None:
    assert make_key("wonderful-gecko", 3) == "wonderful-gecko.v3"
    assert split_key("wonderful-gecko.v3") == ("wonderful-gecko", 3)
    assert split_key("my.vault.v12") == ("my.vault", 12)
    for bad in ("foo", "foo.v", "foo.vx", ".v1", "foo.v-1"):
        assert split_key(bad) is None


def test_labels_on_create() -> None:
    labels = lbl.release_labels(rel("foo", 4, "FAILED", "prod"), created_at=123)
    assert labels == {
        "CREATED_AT": "123",
        "NAME": "foo",
        "OWNER": "TILLER",
        "STATUS": "FAILED",
        "VERSION": "4",
        "NAMESPACE": "prod",
    }


def test_labels_on_update_have_no_created_at() -> None:
    labels = lbl.release_labels(rel("foo", 4), modified_at=456)
    assert labels["MODIFIED_AT"] == "456"
    assert "CREATED_AT" not in labels


@pytest.mark.parametrize(
    ("code", "name"),
    [(0, "UNKNOWN"), (1, "DEPLOYED"), (3, "SUPERSEDED"), (8, "PENDING_ROLLBACK"), (42, "")],
)
def test_status_label_is_the_enum_name(code: int, name: str) -> None:
    assert lbl.status_name(code) == name
    if name:
        assert lbl.status_code(name) == code


def test_unlabellable_namespace_is_left_out() -> None:
    labels = lbl.release_labels(rel(namespace="-bad-"))
    assert "NAMESPACE" not in labels


def test_selector_rendering_and_matching() -> None:
    sel = Selector.tiller(name="foo", statuses=["FAILED", "DEPLOYED"])
    assert sel.to_string() == "NAME=foo,OWNER=TILLER,STATUS in (DEPLOYED,FAILED)"
    assert sel.matches({"NAME": "foo", "OWNER": "TILLER", "STATUS": "FAILED", "X": "1"})
    assert not sel.matches({"NAME": "foo", "OWNER": "TILLER", "STATUS": "SUPERSEDED"})
    assert not sel.matches({"NAME": "foo", "STATUS": "DEPLOYED"})
    assert Selector.tiller().to_string() == "OWNER=TILLER"


def test_label_value_validation_uses_kubernetes_wording() -> None:
    lbl.check_label_values({"NAME": "ok-name_1.2"})
    with pytest.raises(InvalidLabelValueError) as info:
        lbl.check_label_values({"NAME": "bad name"})
    assert str(info.value).startswith('invalid label value: "bad name": a valid label must')
    with pytest.raises(InvalidLabelValueError, match="no more than 63 characters"):
        lbl.check_label_values({"NAME": "a" * 64})


def test_record_metadata_comes_from_labels_only() -> None:
    rec = Record(
        "foo.v2",
        {"NAME": "foo", "VERSION": "2", "STATUS": "FAILED", "NAMESPACE": "prod", "CREATED_AT": "9"},
        payload="not decoded",
    )
    assert (rec.name, rec.version, rec.status, rec.namespace) == ("foo", 2, "FAILED", "prod")
    assert (rec.created_at, rec.modified_at, rec.status_code) == (9, None, 4)
    assert not rec.decoded


def test_record_falls_back_to_the_key() -> None:
    rec = Record("my.vault.v7", {"VERSION": "x"})
    assert (rec.name, rec.version, rec.status, rec.namespace) == ("my.vault", 7, "", None)
