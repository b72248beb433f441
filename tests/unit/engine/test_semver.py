import pytest

from tiller.engine.semver import SemverError, parse_constraints, parse_version, sort_key


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
        ("> 0", "0.0.0-alpha", False),  # v1.5.0 dropped v1.4's 0.0.0 edge case
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
        "0.9",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "v2",
    ]
    assert sorted(reversed(ordered), key=sort_key) == ordered
    assert sort_key("not-a-version") < sort_key("0.0.0")


# Cases on which the client's and the engine's former implementations disagreed (found by
# running both over every operator x wildcard form x a spread of versions), with what
# Masterminds/semver v1.5.0 answers. "client" or "engine" names the side that was wrong.
@pytest.mark.parametrize(
    ("constraint", "version", "ok"),
    [
        # A missing minor is a wildcard: "1" is "1.x" (client read it as 1.0.0).
        ("1", "1.4.0", True),
        ("=1", "1.4.0", True),
        ("~1", "1.9.9", True),
        ("<=1", "1.9.9", True),
        ("<1", "1.5.0", True),
        ("<2", "2.5.1", True),
        ("2", "2.5.1", True),
        ("<1", "2.0.0", False),
        # ~ on a zero wildcard keeps the major (client accepted everything).
        ("~0", "1.0.0", False),
        ("~0.x", "1.1.0", False),
        ("0.x", "0.9.9", True),
        ("0.x", "1.0.0", False),
        ("~0.0.x", "0.1.0", False),
        ("~0.0.x", "0.0.7", True),
        ("~*", "7.0.0", True),
        ("~0.0.0", "7.0.0", True),
        # No 0.0.0 special case any more: pre-releases need a pre-release constraint
        # (client let "> 0", ">= *" and friends admit them).
        (">0", "1.9.9-beta", False),
        (">=*", "1.9.9-beta", False),
        (">=0.0.0", "0.0.1-alpha", False),
        (">=0.0.0-0", "0.0.1-alpha", True),
        # ">", ">=" and "^" ignore wildcards: ">1.x" is "> 1.0.0" (engine said false).
        (">1.x", "1.3.0", True),
        (">1", "1.1.0", True),
        (">0", "0.9.9", True),
        (">1.2.x", "1.2.3", True),
        (">1.2.x", "1.2.0", False),
        (">x.2", "0.0.1", True),
        # "!=" without a wildcard compares plainly, pre-release or not (engine blocked it).
        ("!=1.2.3", "2.0.0-alpha", True),
        ("!=1.2", "1.2.0-beta", True),
        ("!=1.2.0-beta", "1.2.0-beta", False),
        # "!=" with a wildcard does block pre-releases, and "1" is a wildcard there too.
        ("!=1", "1.2.0", False),
        ("!=1", "2.0.0-alpha", False),
        ("!=1.x", "2.0.0", True),
        # "<"/"<=" with a wildcard compare only the numbers left of it.
        ("<1.2.x", "1.2.9", True),
        ("<1.2.x", "0.9.0", False),
        ("<*", "0.0.5", True),
        ("<*", "0.1.0", False),
        # Only "," joins constraints; a space is not a separator (engine accepted it).
        (">1, <3", "1.1.0", True),
        (">1,<3", "3.1.0", True),
    ],
)
def test_wildcards_as_semver_v1_5_0(constraint: str, version: str, ok: bool) -> None:
    assert parse_constraints(constraint).check(parse_version(version)) is ok


@pytest.mark.parametrize(
    ("constraint", "message"),
    [
        (">=1.2 <2", "improper constraint: >=1.2 <2"),
        (">1, <y2", "improper constraint:  <y2"),
        (">1, <x2", "constraint Parser Error"),  # x2 fits the pattern, not NewVersion
        ("", "improper constraint: "),
        ("1x", "constraint Parser Error"),
        ("99999999999999999999", "constraint Parser Error"),
        ("1.2 -1.3", "improper constraint: 1.2 -1.3"),
        ("1\v", "improper constraint: 1\v"),  # Go's \s has no vertical tab
    ],
)
def test_constraint_errors(constraint: str, message: str) -> None:
    with pytest.raises(SemverError) as err:
        parse_constraints(constraint)
    assert str(err.value) == message


def test_whitespace_and_ranges() -> None:
    assert parse_constraints("\t>= 1.2 ,\n<1.4\r").check(parse_version("1.3.9"))
    both = parse_constraints("1.0 - 1.2 || 2.x - 3")
    assert [both.check(parse_version(v)) for v in ("1.2.0", "1.2.1", "2.5.0", "3.9.0")] == [
        True,
        False,
        True,
        True,  # "<= 3" has a wildcard minor
    ]


def test_validate_reports_like_the_library() -> None:
    greater = parse_constraints("> 0")
    assert greater.validate(parse_version("0.0.0")) == ["0.0.0 is less than or equal to 0"]
    assert greater.validate(parse_version("v1.0.0-rc.1+b")) == [
        "1.0.0-rc.1+b is a prerelease version and the constraint is only looking for "
        "release versions"
    ]
    assert greater.validate(parse_version("0.1.0")) == []
    group = parse_constraints("=1.x, ^2 || ~1.2.3 || !=1.3")
    assert group.validate(parse_version("1.3.0")) == [
        "1.3.0 does not have same major version as 2",
        "1.3.0 does not have same major and minor version as 1.2.3",
        "1.3.0 is equal to 1.3",
    ]
    # The pre-release reason is given once, however many constraints refuse it.
    assert parse_constraints("<1 || >2").validate(parse_version("3.0.0-a")) == [
        "3.0.0-a is a prerelease version and the constraint is only looking for release versions"
    ]


def test_compare_quirk_of_leading_zero_identifiers() -> None:
    # Numeric identifiers equal in value but not in text: the left side is smaller.
    a, b = parse_version("1.0.0-01.b"), parse_version("1.0.0-1.a")
    assert a.compare(b) == b.compare(a) == -1
    assert parse_version("1.0.0-alpha.10").compare(parse_version("1.0.0-alpha.9")) == 1
    assert parse_version("1.0.0+a").compare(parse_version("1.0.0+b")) == 0
    huge = "1.0.0-18446744073709551616"  # beyond uint64: a word, after any number
    assert parse_version(huge).compare(parse_version("1.0.0-18446744073709551615")) == 1


def test_version_numbers_must_fit_int64() -> None:
    assert parse_version("9223372036854775807").major == (1 << 63) - 1
    with pytest.raises(SemverError, match='parsing "9223372036854775808": value out of range'):
        parse_version("1.9223372036854775808")
