"""Sprig ``semver``/``semverCompare`` with Masterminds/semver v1.5.0 semantics."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ._go import GoFuncError, GoStruct, Int64, gofunc
from ._registry import sprig
from .jsonout import json_string

_S = r"[\t\n\f\r ]"
_SEMVER = (
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_VERSION = re.compile("^" + _SEMVER + r"\Z")
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = r"!=|>=|=>|<=|=<|~>|>|<|~|\^|=|"


@functools.cache
def _constraint_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled on first use: this module loads with every `helm-tui template` (for the
    # kube version), and many charts never compare versions.
    return (
        re.compile(rf"^{_S}*({_OPS}){_S}*({_CV}){_S}*\Z"),  # one constraint
        re.compile(rf"{_S}*({_CV}){_S}+-{_S}+({_CV}){_S}*"),  # a hyphen range
        re.compile(rf"({_OPS}){_S}*({_CV})"),  # constraints within an AND group
    )


_MAX = (1 << 63) - 1


class Version(GoStruct):
    """A parsed ``*semver.Version``."""

    _go_type = "*semver.Version"

    def __init__(self, major: int, minor: int, patch: int, pre: str, meta: str, original: str):
        super().__init__()
        self.major, self.minor, self.patch = major, minor, patch
        self.pre, self.meta, self.original = pre, meta, original

    @gofunc("Major", result="int64")
    def go_major(self) -> Int64:
        """Major version."""
        return Int64(self.major)

    @gofunc("Minor", result="int64")
    def go_minor(self) -> Int64:
        """Minor version."""
        return Int64(self.minor)

    @gofunc("Patch", result="int64")
    def go_patch(self) -> Int64:
        """Patch version."""
        return Int64(self.patch)

    @gofunc("Prerelease", result="string")
    def go_prerelease(self) -> str:
        """Pre-release part (without ``-``)."""
        return self.pre

    @gofunc("Metadata", result="string")
    def go_metadata(self) -> str:
        """Build metadata (without ``+``)."""
        return self.meta

    @gofunc("Original", result="string")
    def go_original(self) -> str:
        """The text it was parsed from."""
        return self.original

    @gofunc("String", result="string")
    def go_string(self) -> str:
        """Normalised ``MAJOR.MINOR.PATCH[-pre][+meta]``."""
        s = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            s += "-" + self.pre
        if self.meta:
            s += "+" + self.meta
        return s

    @gofunc("Compare", params=("*semver.Version",), result="int")
    def go_compare(self, other: Version) -> int:
        """-1, 0 or 1."""
        return compare(self, other)

    @gofunc("LessThan", params=("*semver.Version",), result="bool")
    def go_less_than(self, other: Version) -> bool:
        """``Compare < 0``."""
        return compare(self, other) < 0

    @gofunc("GreaterThan", params=("*semver.Version",), result="bool")
    def go_greater_than(self, other: Version) -> bool:
        """``Compare > 0``."""
        return compare(self, other) > 0

    @gofunc("Equal", params=("*semver.Version",), result="bool")
    def go_equal(self, other: Version) -> bool:
        """``Compare == 0``."""
        return compare(self, other) == 0

    def go_json(self) -> str:
        """MarshalJSON: the version string."""
        return json_string(self.go_string())


def parse_version(v: str) -> Version:
    """``semver.NewVersion``.

    Raises:
        GoFuncError: ``Invalid Semantic Version`` or a segment parse error.
    """
    m = _VERSION.match(v)
    if m is None:
        raise GoFuncError("Invalid Semantic Version")
    parts = [m[1], (m[2] or ".0")[1:], (m[3] or ".0")[1:]]
    for p in parts:
        if int(p) > _MAX:
            raise GoFuncError(
                f'Error parsing version segment: strconv.ParseInt: parsing "{p}": '
                "value out of range"
            )
    return Version(int(parts[0]), int(parts[1]), int(parts[2]), m[5] or "", m[8] or "", v)


def _cmp_part(s: str, o: str) -> int:
    if s == o:
        return 0
    if s == "":
        return -1
    if o == "":
        return 1
    s_num = s.isdigit() and s.isascii() and int(s) < (1 << 64)
    o_num = o.isdigit() and o.isascii() and int(o) < (1 << 64)
    if not s_num and not o_num:
        return 1 if s > o else -1
    if not o_num:
        return -1
    if not s_num:
        return 1
    return 1 if int(s) > int(o) else -1


def compare(a: Version, b: Version) -> int:
    """``Version.Compare``: precedence per semver, metadata ignored."""
    for x, y in ((a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)):
        if x != y:
            return 1 if x > y else -1
    if a.pre == b.pre == "":
        return 0
    if a.pre == "":
        return 1
    if b.pre == "":
        return -1
    sp, op = a.pre.split("."), b.pre.split(".")
    for i in range(max(len(sp), len(op))):
        d = _cmp_part(sp[i] if i < len(sp) else "", op[i] if i < len(op) else "")
        if d:
            return d
    return 0


class _Constraint:
    def __init__(self, op: str, con: Version, minor_dirty: bool, patch_dirty: bool, dirty: bool):
        self.op, self.con = op, con
        self.minor_dirty, self.patch_dirty, self.dirty = minor_dirty, patch_dirty, dirty

    def check(self, v: Version) -> bool:
        c = self.con
        if v.pre and not c.pre:
            # Pre-releases only satisfy constraints that carry one themselves.
            return False
        return _CHECKS[self.op](v, self)


def _tilde(v: Version, c: _Constraint) -> bool:
    k = c.con
    if compare(v, k) < 0:
        return False
    if k.major == k.minor == k.patch == 0 and not c.minor_dirty and not c.patch_dirty:
        return True
    if v.major != k.major:
        return False
    return not (v.minor != k.minor and not c.minor_dirty)


def _not_equal(v: Version, c: _Constraint) -> bool:
    k = c.con
    if c.dirty:
        if k.major != v.major:
            return True
        return k.minor != v.minor and not c.minor_dirty
    return compare(v, k) != 0


def _greater(v: Version, c: _Constraint) -> bool:
    k = c.con
    if not c.dirty:
        return compare(v, k) == 1
    if k.major != v.major:
        return k.major < v.major
    if c.minor_dirty:
        return False
    if c.patch_dirty:
        return v.minor > k.minor
    return compare(v, k) == 1


def _less(v: Version, c: _Constraint, equal: bool) -> bool:
    k = c.con
    if not c.dirty:
        d = compare(v, k)
        return d <= 0 if equal else d < 0
    if v.major > k.major:
        return False
    return not (v.minor > k.minor and not c.minor_dirty)


_CHECKS: dict[str, Callable[[Version, _Constraint], bool]] = {
    "": lambda v, c: _tilde(v, c) if c.dirty else compare(v, c.con) == 0,
    "!=": _not_equal,
    ">": _greater,
    "<": lambda v, c: _less(v, c, False),
    ">=": lambda v, c: compare(v, c.con) >= 0,
    "<=": lambda v, c: _less(v, c, True),
    "~": _tilde,
    "^": lambda v, c: compare(v, c.con) >= 0 and v.major == c.con.major,
}
for _alias, _target in (("=", ""), ("=>", ">="), ("=<", "<="), ("~>", "~")):
    _CHECKS[_alias] = _CHECKS[_target]


def _is_x(s: str) -> bool:
    return s in ("x", "X", "*")


def _parse_constraint(text: str) -> _Constraint:
    m = _constraint_patterns()[0].match(text)
    if m is None:
        raise GoFuncError(f"improper constraint: {text}")
    ver = m[2]
    minor_dirty = patch_dirty = dirty = False
    pre = m[6] or ""
    if _is_x(m[3]):
        ver, dirty = "0.0.0", True
    elif _is_x((m[4] or "")[1:]) or not m[4]:
        minor_dirty = dirty = True
        ver = f"{m[3]}.0.0{pre}"
    elif _is_x((m[5] or "")[1:]):
        dirty = patch_dirty = True
        ver = f"{m[3]}{m[4]}.0{pre}"
    try:
        con = parse_version(ver)
    except GoFuncError:
        raise GoFuncError("constraint Parser Error") from None
    return _Constraint(m[1], con, minor_dirty, patch_dirty, dirty)


def parse_constraints(text: str) -> list[list[_Constraint]]:
    """``semver.NewConstraint``: OR-groups (``||``) of AND-ed constraints."""
    _, hyphen_range, find = _constraint_patterns()
    for m in list(hyphen_range.finditer(text)):
        text = text.replace(m[0], f">= {m[1]}, <= {m[11]}", 1)
    groups = []
    for part in text.split("||"):
        found = [m[0] for m in find.finditer(part)] or [part]
        groups.append([_parse_constraint(s) for s in found])
    return groups


@sprig("semver", params=("string",), result="*semver.Version", can_fail=True)
def semver(version: str) -> Version:
    """Parse a version."""
    return parse_version(version)


@sprig("semverCompare", params=("string", "string"), result="bool", can_fail=True)
def semver_compare(constraint: str, version: str) -> bool:
    """Whether ``version`` satisfies ``constraint``."""
    groups = parse_constraints(constraint)
    v = parse_version(version)
    return any(all(c.check(v) for c in group) for group in groups)
