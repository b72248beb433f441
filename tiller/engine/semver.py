"""Semantic versions and constraints as Masterminds/semver v1.5.0 reads them.

The one implementation for the whole project: Helm v2.17's client resolves
``requirements.yaml`` ranges and ``search``/``fetch --version`` with that library, its
linter checks chart versions with it, and Sprig's ``semver``/``semverCompare`` (the
template functions in :mod:`tiller.engine.funcs.semver`) wrap it.

What v1.5.0 does, restated:

* Versions: optional ``v``, minor and patch optional (``1.2`` is ``1.2.0``), then an
  optional pre-release and build metadata; each number must fit an int64.
* Precedence: numbers, then a release after its pre-releases; pre-release identifiers
  compare numerically when both are numbers, numbers before words, words byte-wise,
  and fewer identifiers first. Metadata is ignored.
* Constraints: ``||`` separates alternatives, ``,`` separates the constraints that must
  all hold (a space does not), ``A - B`` means ``>= A, <= B``. Operators ``=``, ``!=``,
  ``>``, ``<``, ``>=``/``=>``, ``<=``/``=<``, ``~``/``~>``, ``^``; none means ``=``.
* Wildcards: ``x``, ``X`` or ``*`` in the major (``*``), the minor (``1.x``) or the patch
  (``1.2.x``); a missing minor counts as a wildcard (``1`` is ``1.x``), a missing patch
  does not (``1.2`` is ``1.2.0``). ``=``/none with a wildcard behaves like ``~``; ``<`` and
  ``<=`` with one compare only the numbers left of it; ``!=`` with one holds when the major
  differs, or the minor when that is not the wildcard; ``>``, ``>=`` and ``^`` ignore the
  wildcard (``>1.x`` is ``>1.0.0``). ``~*`` and ``~0.0.0`` accept everything.
* A pre-release version satisfies only constraints that name a pre-release themselves
  (``>=1.2.0-0`` admits ``1.5.0-beta``, ``>=1.2.0`` does not) - except ``!=`` without a
  wildcard, which compares plainly.

Versions carry a sort key (:attr:`Version.key`) so that indexes with tens of thousands
of versions sort with one C-level ``sorted`` call. No dataclasses here: ``helm-tui
template`` imports this module and keeps its start-up free of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_MAX_INT64 = (1 << 63) - 1
_MAX_UINT64 = (1 << 64) - 1
_VERSION_RE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(?:-([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?"
    r"(?:\+([0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*))?\Z"
)

PreKey = tuple[tuple[int, int, str], ...]
VersionKey = tuple[int, int, int, int, PreKey]


class SemverError(ValueError):
    """A version or constraint that does not parse; the text is the library's message."""


def _pre_key(pre: str) -> PreKey:
    parts: list[tuple[int, int, str]] = []
    for part in pre.split("."):
        # The library tries ParseUint: ASCII digits within uint64 are numbers.
        if part.isdigit() and part.isascii() and int(part) <= _MAX_UINT64:
            parts.append((0, int(part), ""))
        else:
            parts.append((1, 0, part))
    return tuple(parts)


class Version:
    """A parsed version; ``original`` keeps the text it came from.

    Attributes:
        major: major number.
        minor: minor number (0 when absent).
        patch: patch number (0 when absent).
        pre: pre-release identifiers without the ``-``.
        meta: build metadata without the ``+`` (ignored when comparing).
        original: the text as given.
        key: a tuple that sorts as the library orders versions.
    """

    __slots__ = ("key", "major", "meta", "minor", "original", "patch", "pre")

    def __init__(
        self, major: int, minor: int, patch: int, pre: str = "", meta: str = "", original: str = ""
    ) -> None:
        self.major, self.minor, self.patch = major, minor, patch
        self.pre, self.meta, self.original = pre, meta, original
        # A release sorts after every pre-release of the same numbers.
        pre_key = _pre_key(pre) if pre else ()
        self.key: VersionKey = (major, minor, patch, 0 if pre else 1, pre_key)

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            text += "-" + self.pre
        if self.meta:
            text += "+" + self.meta
        return text

    def __repr__(self) -> str:
        return f"Version({self.original!r})"

    def compare(self, other: Version) -> int:
        """Return -1, 0 or 1 as ``self`` is older than, equal to or newer than ``other``."""
        a, b = self.key, other.key
        if not (self.pre and other.pre) or self.pre == other.pre or a[:3] != b[:3]:
            return (a > b) - (a < b)
        # Both pre-releases of the same numbers: the first identifier whose text differs
        # decides. The key misses one quirk there: numbers that differ only in leading
        # zeros ("01", "1") make the library call the left version smaller.
        for mine, theirs, my_key, their_key in zip(
            self.pre.split("."), other.pre.split("."), a[4], b[4], strict=False
        ):
            if mine != theirs:
                return 1 if my_key > their_key else -1
        return 1 if len(a[4]) > len(b[4]) else -1


def parse_version(text: str) -> Version:
    """Parse ``text`` as ``semver.NewVersion`` does.

    Raises:
        SemverError: ``Invalid Semantic Version``, or a number out of int64 range.
    """
    m = _VERSION_RE.match(text)
    if m is None:
        raise SemverError("Invalid Semantic Version")
    numbers = (m[1], (m[2] or ".0")[1:], (m[3] or ".0")[1:])
    for number in numbers:
        if int(number) > _MAX_INT64:
            raise SemverError(
                f'Error parsing version segment: strconv.ParseInt: parsing "{number}": '
                "value out of range"
            )
    major, minor, patch = (int(n) for n in numbers)
    return Version(major, minor, patch, m[4] or "", m[5] or "", text)


def try_version(text: str) -> Version | None:
    """Parse ``text``, or return ``None`` when it is not a version."""
    try:
        return parse_version(text)
    except SemverError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def cached_version(text: str) -> Version | None:
    """:func:`try_version`, memoised: big indexes repeat the same version strings."""
    return try_version(text)


def sort_key(version: str) -> tuple[int, VersionKey]:
    """Sort key for a version string; unparsable versions sort before every valid one."""
    v = cached_version(version)
    return (0, (0, 0, 0, 0, ())) if v is None else (1, v.key)


# Go's \s is ASCII whitespace without \v; Python's would take Unicode spaces too.
_WS = r"[\t\n\f\r ]"
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = r"!=|>=|=>|<=|=<|~>|>|<|~|\^|="


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Compiled on first use: `helm-tui template` loads this module to parse one version.
    one = re.compile(rf"{_WS}*({_OPS}|){_WS}*({_CV}){_WS}*\Z")
    hyphen_range = re.compile(rf"{_WS}*({_CV}){_WS}+-{_WS}+({_CV}){_WS}*")
    return one, hyphen_range


# What Validate reports when a version fails one constraint: (version, constraint).
_MESSAGES = {
    "": "{} is not equal to {}",
    "!=": "{} is equal to {}",
    ">": "{} is less than or equal to {}",
    "<": "{} is greater than or equal to {}",
    ">=": "{} is less than {}",
    "<=": "{} is greater than {}",
    "~": "{} does not have same major and minor version as {}",
    "^": "{} does not have same major version as {}",
}
_SYNONYMS = {"=": "", "=>": ">=", "=<": "<=", "~>": "~"}


class Constraint:
    """One comparison, e.g. ``>= 1.2.x``.

    Attributes:
        op: the operator with synonyms folded (``=``/none -> ``""``, ``~>`` -> ``~``...).
        con: the version compared against (wildcards read as 0).
        orig: the version text as written, for messages.
        dirty: a wildcard (or a missing minor) appears somewhere.
        minor_dirty: the minor is a wildcard or missing (``1.x``, ``1``).
        patch_dirty: only the patch is a wildcard (``1.2.x``).
    """

    __slots__ = ("_blocks_pre", "_rule", "con", "dirty", "minor_dirty", "op", "orig", "patch_dirty")

    def __init__(
        self, op: str, con: Version, orig: str, *, dirty: bool, minor_dirty: bool, patch_dirty: bool
    ) -> None:
        self.op, self.con, self.orig = _SYNONYMS.get(op, op), con, orig
        self.dirty, self.minor_dirty, self.patch_dirty = dirty, minor_dirty, patch_dirty
        # Pre-release versions fail unless the constraint names one; a plain "!=" alone
        # skips that test.
        self._blocks_pre = not con.pre and (dirty or self.op != "!=")
        rule = self.op
        if dirty and rule in ("", "<", "<=", "!="):
            rule = "~" if rule == "" else rule + "*"
        self._rule = _RULES[rule]

    def check(self, v: Version) -> bool:
        """Whether ``v`` satisfies this constraint."""
        if v.pre and self._blocks_pre:
            return False
        return self._rule(v, self)

    def failure(self, v: Version) -> str:
        """Validate's message for a version this constraint rejects."""
        op = "~" if self.op == "" and self.dirty else self.op
        return _MESSAGES[op].format(v, self.orig)


def _tilde(v: Version, c: Constraint) -> bool:
    con = c.con
    if v.compare(con) < 0:
        return False
    if not (con.major or con.minor or con.patch or c.minor_dirty or c.patch_dirty):
        return True  # ~0.0.0 and ~* accept everything
    return v.major == con.major and (v.minor == con.minor or c.minor_dirty)


def _below_wildcard(v: Version, c: Constraint) -> bool:
    # "<" and "<=" with a wildcard: only the numbers left of it count.
    if v.major > c.con.major:
        return False
    return not (v.minor > c.con.minor and not c.minor_dirty)


def _outside_wildcard(v: Version, c: Constraint) -> bool:
    con = c.con
    return v.major != con.major or (v.minor != con.minor and not c.minor_dirty)


_RULES: dict[str, Callable[[Version, Constraint], bool]] = {
    "": lambda v, c: v.compare(c.con) == 0,
    "!=": lambda v, c: v.compare(c.con) != 0,
    ">": lambda v, c: v.compare(c.con) > 0,
    "<": lambda v, c: v.compare(c.con) < 0,
    ">=": lambda v, c: v.compare(c.con) >= 0,
    "<=": lambda v, c: v.compare(c.con) <= 0,
    "^": lambda v, c: v.compare(c.con) >= 0 and v.major == c.con.major,
    "~": _tilde,
    "<*": _below_wildcard,
    "<=*": _below_wildcard,
    "!=*": _outside_wildcard,
}


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


def _parse_one(text: str) -> Constraint:
    m = _patterns()[0].match(text)
    if m is None:
        raise SemverError(f"improper constraint: {text}")
    orig, major, minor, patch, pre = m[2], m[3], m[4] or "", m[5] or "", m[6] or ""
    dirty = minor_dirty = patch_dirty = False
    base = orig
    if _is_x(major):
        base, dirty = "0.0.0", True
    elif _is_x(minor[1:]) or not minor:
        base, dirty, minor_dirty = f"{major}.0.0{pre}", True, True
    elif _is_x(patch[1:]):
        base, dirty, patch_dirty = f"{major}{minor}.0{pre}", True, True
    try:
        con = parse_version(base)
    except SemverError:
        raise SemverError("constraint Parser Error") from None
    return Constraint(
        m[1], con, orig, dirty=dirty, minor_dirty=minor_dirty, patch_dirty=patch_dirty
    )


class Constraints:
    """Alternatives (``||``) of constraints that must all hold (``,``).

    Attributes:
        text: the constraint as given.
        groups: the alternatives.
    """

    __slots__ = ("groups", "text")

    def __init__(self, text: str, groups: tuple[tuple[Constraint, ...], ...]) -> None:
        self.text, self.groups = text, groups

    def __repr__(self) -> str:
        return f"Constraints({self.text!r})"

    def check(self, v: Version) -> bool:
        """Whether ``v`` satisfies every constraint of some alternative (``Check``)."""
        # Plain loops: generator expressions cost twice as much on big indexes.
        for group in self.groups:
            for c in group:
                if not c.check(v):
                    break
            else:
                return True
        return False

    def validate(self, v: Version) -> list[str]:
        """Why ``v`` fails, as ``Validate`` lists it; empty when it satisfies.

        Within each alternative every constraint is tried; a pre-release version that a
        constraint does not admit is reported once, whatever the constraint.
        """
        reasons: list[str] = []
        prerelease_reported = False
        for group in self.groups:
            ok = True
            for c in group:
                if v.pre and not c.con.pre:
                    ok = False
                    if not prerelease_reported:
                        prerelease_reported = True
                        reasons.append(
                            f"{v} is a prerelease version and the constraint is only looking "
                            "for release versions"
                        )
                elif not c.check(v):
                    ok = False
                    reasons.append(c.failure(v))
            if ok:
                return []
        return reasons


def parse_constraints(text: str) -> Constraints:
    """Parse ``text`` as ``semver.NewConstraint`` does.

    Raises:
        SemverError: ``improper constraint: <part>`` (the part between separators, spaces
            included) or ``constraint Parser Error``.
    """
    rewritten = text
    for m in _patterns()[1].finditer(text):
        rewritten = rewritten.replace(m[0], f">= {m[1]}, <= {m[11]}", 1)
    groups = tuple(
        tuple(_parse_one(part) for part in alternative.split(","))
        for alternative in rewritten.split("||")
    )
    return Constraints(text, groups)
