from __future__ import annotations

import pytest

from tiller.compat import incompatible_message, is_compatible, parse_semver


@pytest.mark.parametrize(
    ("client", "server", "ok"),
    [
        ("v2.16.0", "v2.17.0", True),  # older client, newer server
        ("v2.17.0", "v2.16.12", False),  # client newer than server
        ("2.14", "v2.17.0", True),  # a third-party client's header
        ("v2.17.0-rc.1", "v2.17.0", False),  # prerelease: exact match only
        ("v2.17.0-rc.1", "v2.17.0-rc.1", True),
        ("", "v2.17.0", False),  # missing header
        ("anything", "v2.17+unreleased", True),
        ("v2.17+unreleased", "v2.17.0", True),
        ("v3.0.0", "v2.17.0", False),  # other major
        ("v2.17.5", "v2.17.0", True),  # same minor: any patch
        ("not-a-version", "v2.17.0", False),
    ],
)
def test_helm_compatibility_table(client: str, server: str, ok: bool) -> None:
    assert is_compatible(client, server) is ok


def test_semver_parsing_like_masterminds() -> None:
    parsed = parse_semver("v2.17")
    assert parsed is not None and (parsed.major, parsed.minor, parsed.patch) == (2, 17, 0)
    assert parse_semver("2") is not None
    assert parse_semver("v2.x") is None


def test_incompatible_message_text() -> None:
    assert incompatible_message("v2.18.0", "v2.17.0") == (
        "incompatible versions client[v2.18.0] server[v2.17.0]"
    )
