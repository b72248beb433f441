from __future__ import annotations

import pytest

from tiller.compat import incompatible_message, is_compatible


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
        ("v2.17.0", "not-a-version", False),
        ("v2.17", "v2.17.0", True),  # minor and patch optional, as Masterminds/semver reads
        ("v2", "v2.0.1", True),
        ("v2.17.0", "v2.17.0-rc.1", False),  # a pre-release server only for that client
        ("v2.17.0-rc.1", "v2.17.0-rc.2", False),
        ("v2.16.0+build.7", "v2.17.0", True),  # build metadata ignored
    ],
)
def test_helm_compatibility_table(client: str, server: str, ok: bool) -> None:
    assert is_compatible(client, server) is ok


def test_incompatible_message_text() -> None:
    assert incompatible_message("v2.18.0", "v2.17.0") == (
        "incompatible versions client[v2.18.0] server[v2.17.0]"
    )
