import pytest

from app.repos.semver import SemverError, parse_constraints, parse_version, sort_key


@pytest.mark.parametrize(
    ("constraint", "version", "ok"),
    [
        ("^1.2.0", "1.9.9", True),
        ("^1.2.0", "2.0.0", False),
        ("^1.2.0", "1.9.9-beta", False),  # pre-releases need a pre-release constraint
        (">=1.9-0", "1.9.9-beta", True),
        ("~1.2.3", "1.2.9", True),
        ("~1.2.3", "1.3.0", False),
        ("~>1.2", "1.2.7", True),
        ("1.x", "1.5.0", True),
        ("1.x", "2.0.0", False),
        ("1.2.x", "1.2.5", True),
        ("*", "0.0.1", True),
        ("", "3.0.0", True),
        ("1.2 - 1.4.5", "1.3.0", True),
        ("1.2 - 1.4.5", "1.5.0", False),
        (">1.0, <2.0 || 3.0", "3.0.0", True),
        (">1.0, <2.0 || 3.0", "2.5.0", False),
        ("!=1.2.3", "1.2.3", False),
        ("!=1.x", "1.2.0", False),
        ("<=1.x", "1.9.0", True),
        ("> 0", "0.0.0-alpha", True),  # the library's 0.0.0 edge case
        ("=v1.0.0", "1.0.0", True),
        ("1.0.0", "1.0.0+build.5", True),
    ],
)
def test_constraints_match_masterminds_v1(constraint: str, version: str, ok: bool) -> None:
    assert parse_constraints(constraint or "*").check(parse_version(version)) is ok


def test_versions_parse_like_newversion() -> None:
    v = parse_version("v1.2")
    assert (v.major, v.minor, v.patch, str(v), v.original) == (1, 2, 0, "1.2.0", "v1.2")
    with pytest.raises(SemverError, match="Invalid Semantic Version"):
        parse_version("1.2.3.4")
    with pytest.raises(SemverError, match="improper constraint: >>1"):
        parse_constraints(">>1")


def test_precedence_follows_semver_with_numbers_before_words() -> None:
    ordered = [
        "0.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "v2",
    ]
    assert sorted(reversed(ordered), key=sort_key) == ordered
    assert sort_key("not-a-version") < sort_key("0.0.0")
