"""Semantic versions and constraints as Helm v2.17 reads them (Masterminds/semver v1.5.0).

Helm v2 resolves ``requirements.yaml`` ranges, ``search --version`` and ``fetch --version``
with that library, so its quirks are ours: ``v`` prefixes and short versions (``1.2``)
parse; a pre-release version only satisfies a constraint that carries a pre-release itself;
``x``/``X``/``*`` wildcards, ``~``/``^``, hyphen ranges, ``,`` for AND and ``||`` for OR.

Versions also provide a sort key (:attr:`Version.key`), so indexes with tens of thousands of
versions sort with one C-level ``sorted`` call instead of pairwise comparisons.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

_SEMVER = (
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_VERSION_RE = re.compile("^" + _SEMVER + r"\Z")
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
# Longest operators first: Go's regexp alternation is leftmost-first too, and the library
# builds it from a map, but every operator is tried against the same position, so only
# prefixes matter ("=>" before "=", ">=" before ">").
_OPS = r"!=|>=|=>|<=|=<|~>|>|<|~|\^|="
_CONSTRAINT_RE = re.compile(rf"^\s*({_OPS}|)\s*({_CV})\s*\Z")
_RANGE_RE = re.compile(rf"\s*({_CV})\s+-\s+({_CV})\s*")
_MAX_INT64 = (1 << 63) - 1
_MAX_UINT64 = (1 << 64) - 1


class SemverError(ValueError):
    """A version or constraint that does not parse; the text is the library's message."""


PreKey = tuple[tuple[int, int, str], ...]


def _pre_key(pre: str) -> PreKey:
    """Order pre-release identifiers as the library does: numbers before words."""
    parts: list[tuple[int, int, str]] = []
    for part in pre.split("."):
        # ParseUint: digits only and within uint64; anything else compares as text.
        if part.isdigit() and part.isascii() and int(part) <= _MAX_UINT64:
            parts.append((0, int(part), ""))
        else:
            parts.append((1, 0, part))
    return tuple(parts)


@dataclass(frozen=True)
class Version:
    """A parsed version; ``original`` keeps the text it came from.

    Attributes:
        major: major number.
        minor: minor number (0 when absent).
        patch: patch number (0 when absent).
        pre: pre-release identifiers without the ``-``.
        meta: build metadata without the ``+`` (ignored when comparing).
        original: the text as given.
        key: a tuple that sorts exactly as ``Compare`` orders versions.
    """

    major: int
    minor: int
    patch: int
    pre: str = ""
    meta: str = ""
    original: str = ""
    key: tuple[int, int, int, int, PreKey] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A release sorts after every pre-release of the same numbers.
        rank = 1 if not self.pre else 0
        pre = _pre_key(self.pre) if self.pre else ()
        object.__setattr__(self, "key", (self.major, self.minor, self.patch, rank, pre))

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            text += "-" + self.pre
        if self.meta:
            text += "+" + self.meta
        return text

    def compare(self, other: Version) -> int:
        """Return -1, 0 or 1 as ``self`` is older than, equal to or newer than ``other``."""
        a, b = self.key, other.key
        return (a > b) - (a < b)


def parse_version(text: str) -> Version:
    """Parse ``text`` as ``semver.NewVersion`` does.

    Raises:
        SemverError: ``Invalid Semantic Version`` (or a segment out of range).
    """
    m = _VERSION_RE.match(text)
    if m is None:
        raise SemverError("Invalid Semantic Version")
    numbers = [m[1], (m[2] or ".0")[1:], (m[3] or ".0")[1:]]
    for number in numbers:
        if int(number) > _MAX_INT64:
            raise SemverError(
                f'Error parsing version segment: strconv.ParseInt: parsing "{number}": '
                "value out of range"
            )
    return Version(
        int(numbers[0]), int(numbers[1]), int(numbers[2]), m[5] or "", m[8] or "", text
    )


@functools.lru_cache(maxsize=1 << 16)
def cached_version(text: str) -> Version | None:
    """:func:`try_version`, memoised: big indexes repeat the same version strings."""
    return try_version(text)


def try_version(text: str) -> Version | None:
    """Parse ``text``, or return ``None`` when it is not a version."""
    try:
        return parse_version(text)
    except SemverError:
        return None


@dataclass(frozen=True)
class _Constraint:
    op: str
    con: Version
    minor_dirty: bool
    dirty: bool

    def check(self, v: Version) -> bool:
        return _CHECKS[self.op](v, self)


def _blocked(v: Version, c: _Constraint) -> bool:
    # Pre-releases only satisfy constraints that themselves name a pre-release.
    return bool(v.pre) and not c.con.pre


def _nonzero(v: Version) -> bool:
    return bool(v.major or v.minor or v.patch or v.pre)


def _tilde(v: Version, c: _Constraint) -> bool:
    k = c.con
    if _blocked(v, c) or v.compare(k) < 0:
        return False
    if k.major == k.minor == k.patch == 0:
        return True  # ~0.0.0 (and ~*) accept everything
    if v.major != k.major:
        return False
    return not (v.minor != k.minor and not c.minor_dirty)


def _tilde_or_equal(v: Version, c: _Constraint) -> bool:
    if _blocked(v, c):
        return False
    return _tilde(v, c) if c.dirty else v.compare(c.con) == 0


def _not_equal(v: Version, c: _Constraint) -> bool:
    k = c.con
    if c.dirty:
        if _blocked(v, c):
            return False
        if k.major != v.major:
            return True
        return k.minor != v.minor and not c.minor_dirty
    return v.compare(k) != 0


def _greater(v: Version, c: _Constraint) -> bool:
    # The 0.0.0 edge case: "> 0" admits 0.0.0-pre versions.
    if not _nonzero(c.con) and _nonzero(v):
        return True
    return not _blocked(v, c) and v.compare(c.con) == 1


def _greater_equal(v: Version, c: _Constraint) -> bool:
    if not _nonzero(c.con) and _nonzero(v):
        return True
    return not _blocked(v, c) and v.compare(c.con) >= 0


def _less(v: Version, c: _Constraint, or_equal: bool) -> bool:
    if _blocked(v, c):
        return False
    k = c.con
    if not c.dirty:
        d = v.compare(k)
        return d <= 0 if or_equal else d < 0
    if v.major > k.major:
        return False
    return not (v.minor > k.minor and not c.minor_dirty)


def _caret(v: Version, c: _Constraint) -> bool:
    if _blocked(v, c) or v.compare(c.con) < 0:
        return False
    return v.major == c.con.major


_CHECKS: dict[str, Callable[[Version, _Constraint], bool]] = {
    "": _tilde_or_equal,
    "=": _tilde_or_equal,
    "!=": _not_equal,
    ">": _greater,
    "<": lambda v, c: _less(v, c, False),
    ">=": _greater_equal,
    "=>": _greater_equal,
    "<=": lambda v, c: _less(v, c, True),
    "=<": lambda v, c: _less(v, c, True),
    "~": _tilde,
    "~>": _tilde,
    "^": _caret,
}


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


def _parse_one(text: str) -> _Constraint:
    m = _CONSTRAINT_RE.match(text)
    if m is None:
        raise SemverError(f"improper constraint: {text}")
    ver, minor_dirty, dirty = m[2], False, False
    pre = m[6] or ""  # with its leading "-"
    if _is_x(m[3]):
        ver, dirty = "0.0.0", True
    elif _is_x((m[4] or "")[1:]):
        ver, minor_dirty, dirty = f"{m[3]}.0.0{pre}", True, True
    elif _is_x((m[5] or "")[1:]):
        ver, dirty = f"{m[3]}{m[4]}.0{pre}", True
    try:
        con = parse_version(ver)
    except SemverError:
        raise SemverError("constraint Parser Error") from None
    return _Constraint(m[1], con, minor_dirty, dirty)


@dataclass(frozen=True)
class Constraints:
    """OR-groups of AND-ed constraints, as ``semver.NewConstraint`` builds them.

    Attributes:
        text: the constraint as given.
    """

    text: str
    groups: tuple[tuple[_Constraint, ...], ...] = field(repr=False)

    def check(self, v: Version) -> bool:
        """Whether ``v`` satisfies any OR-group entirely."""
        for group in self.groups:
            for c in group:
                if not _CHECKS[c.op](v, c):
                    break
            else:
                return True
        return False

    def check_text(self, version: str) -> bool:
        """Like :meth:`check` for a version string; unparsable versions never match."""
        v = try_version(version)
        return v is not None and self.check(v)


def parse_constraints(text: str) -> Constraints:
    """Parse ``text`` as ``semver.NewConstraint`` does.

    Raises:
        SemverError: ``improper constraint: <part>``.
    """
    rewritten = text
    for m in _RANGE_RE.finditer(text):
        rewritten = rewritten.replace(m[0], f">= {m[1]}, <= {m[11]}", 1)
    groups = tuple(
        tuple(_parse_one(part) for part in group.split(","))
        for group in rewritten.split("||")
    )
    return Constraints(text, groups)


def sort_key(version: str) -> tuple[int, tuple[int, int, int, int, PreKey]]:
    """Sort key for a version string; unparsable versions sort before every valid one."""
    v = cached_version(version)
    return (0, (0, 0, 0, 0, ())) if v is None else (1, v.key)
