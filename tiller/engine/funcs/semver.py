"""Sprig ``semver``/``semverCompare``: the template face of :mod:`tiller.engine.semver`.

The versions and constraints themselves (Masterminds/semver v1.5.0) live in that module,
shared with the client; this one turns its errors into Go function errors and exposes
a parsed version to templates as ``*semver.Version`` with its methods.
"""

from __future__ import annotations

from tiller.engine import semver as lib

from ._go import GoFuncError, GoStruct, Int64, gofunc
from ._registry import sprig
from .jsonout import json_string


class GoVersion(GoStruct):
    """A ``*semver.Version`` as templates see it."""

    _go_type = "*semver.Version"

    def __init__(self, version: lib.Version) -> None:
        super().__init__()
        self.version = version

    @gofunc("Major", result="int64")
    def go_major(self) -> Int64:
        """Major version."""
        return Int64(self.version.major)

    @gofunc("Minor", result="int64")
    def go_minor(self) -> Int64:
        """Minor version."""
        return Int64(self.version.minor)

    @gofunc("Patch", result="int64")
    def go_patch(self) -> Int64:
        """Patch version."""
        return Int64(self.version.patch)

    @gofunc("Prerelease", result="string")
    def go_prerelease(self) -> str:
        """Pre-release part (without ``-``)."""
        return self.version.pre

    @gofunc("Metadata", result="string")
    def go_metadata(self) -> str:
        """Build metadata (without ``+``)."""
        return self.version.meta

    @gofunc("Original", result="string")
    def go_original(self) -> str:
        """The text it was parsed from."""
        return self.version.original

    @gofunc("String", result="string")
    def go_string(self) -> str:
        """Normalised ``MAJOR.MINOR.PATCH[-pre][+meta]``."""
        return str(self.version)

    @gofunc("Compare", params=("*semver.Version",), result="int")
    def go_compare(self, other: GoVersion) -> int:
        """-1, 0 or 1."""
        return self.version.compare(other.version)

    @gofunc("LessThan", params=("*semver.Version",), result="bool")
    def go_less_than(self, other: GoVersion) -> bool:
        """``Compare < 0``."""
        return self.version.compare(other.version) < 0

    @gofunc("GreaterThan", params=("*semver.Version",), result="bool")
    def go_greater_than(self, other: GoVersion) -> bool:
        """``Compare > 0``."""
        return self.version.compare(other.version) > 0

    @gofunc("Equal", params=("*semver.Version",), result="bool")
    def go_equal(self, other: GoVersion) -> bool:
        """``Compare == 0``."""
        return self.version.compare(other.version) == 0

    def go_json(self) -> str:
        """MarshalJSON: the version string."""
        return json_string(self.go_string())


def parse_version(text: str) -> lib.Version:
    """``semver.NewVersion`` for engine callers that report Go errors.

    Raises:
        GoFuncError: ``Invalid Semantic Version`` or a segment parse error.
    """
    try:
        return lib.parse_version(text)
    except lib.SemverError as err:
        raise GoFuncError(str(err)) from None


@sprig("semver", params=("string",), result="*semver.Version", can_fail=True)
def semver(version: str) -> GoVersion:
    """Parse a version."""
    return GoVersion(parse_version(version))


@sprig("semverCompare", params=("string", "string"), result="bool", can_fail=True)
def semver_compare(constraint: str, version: str) -> bool:
    """Whether ``version`` satisfies ``constraint``.

    Raises:
        GoFuncError: the constraint or the version does not parse (constraint first).
    """
    try:
        return lib.parse_constraints(constraint).check(lib.parse_version(version))
    except lib.SemverError as err:
        raise GoFuncError(str(err)) from None
