"""Recognising Tiller's error texts."""

from __future__ import annotations

from app.client.errors import IncompatibleVersionError, ReleaseNotFoundError, TillerError


def test_incompatible_versions() -> None:
    err = IncompatibleVersionError.parse("incompatible versions client[v2.17.0] server[v2.16.12]")
    assert err is not None
    assert (err.client_version, err.server_version) == ("v2.17.0", "v2.16.12")
    assert str(err).startswith("incompatible versions client[v2.17.0] server[v2.16.12]. ")
    assert IncompatibleVersionError.parse('release: "x" not found') is None


def test_not_found_texts() -> None:
    cases = {
        'release: "foo" not found': ("foo", None),
        'getting deployed release "foo": release: "foo" not found': ("foo", None),
        "getting release 'foo' (v3): release: \"foo.v3\" not found": ("foo", 3),
        'no revision for release "foo"': ("foo", None),
    }
    for text, (name, revision) in cases.items():
        err = ReleaseNotFoundError.parse(text)
        assert err is not None and (err.name, err.revision) == (name, revision), text
        assert str(err).startswith(text + ". ")
    assert ReleaseNotFoundError.parse('offset "x" not found') is None


def test_a_release_named_like_a_revision_key() -> None:
    err = ReleaseNotFoundError.parse('release: "app.v2" not found', requested="app.v2")
    assert err is not None and (err.name, err.revision) == ("app.v2", None)


def test_tiller_error_keeps_detail_and_code() -> None:
    err = TillerError("friendly", detail="raw", code="UNKNOWN")
    assert (str(err), err.detail, err.code) == ("friendly", "raw", "UNKNOWN")
    assert TillerError("same").detail == "same"
