""".helmignore rules exactly as Helm v2's ``pkg/ignore`` applies them.

One pattern per line (Go ``filepath.Match`` syntax), ``#`` comments, blank lines
skipped, ``**`` rejected. A pattern without ``/`` is matched against the base name, one
with ``/`` against the whole chart-relative path (a leading ``/`` is dropped), a
trailing ``/`` only matches directories. Rules are tried in order and the first match
decides. Helm's ``!`` rules behave unlike gitignore: a path that does *not* match the
negated pattern is ignored at once, a matching one falls through to the next rule.
The built-in rule ``templates/.?*`` (dot-files in templates/) is always appended.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable

HELM_IGNORE = ".helmignore"


class IgnoreError(ValueError):
    """A .helmignore line Helm refuses (``**`` or a malformed pattern)."""


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> Callable[[str], object]:
    """Translate a Go ``filepath.Match`` pattern (``/`` separator) to a full-match function.

    Raises:
        IgnoreError: ``syntax error in pattern`` (Go's ErrBadPattern).
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\":
            i += 1
            if i >= n:
                raise IgnoreError("syntax error in pattern")
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            i = _char_class(pattern, i + 1, out)
            continue
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL).match


def _char_class(p: str, i: int, out: list[str]) -> int:
    negate = i < len(p) and p[i] == "^"
    if negate:
        i += 1
    items: list[str] = []
    first = True
    while True:
        if i >= len(p):
            raise IgnoreError("syntax error in pattern")
        if p[i] == "]" and not first:
            break
        lo, i = _class_char(p, i)
        if i < len(p) and p[i] == "-":
            hi, i = _class_char(p, i + 1)
            if hi < lo:
                raise IgnoreError("syntax error in pattern")
            items.append(f"{re.escape(lo)}-{re.escape(hi)}")
        else:
            items.append(re.escape(lo))
        first = False
    out.append(("[^" if negate else "[") + "".join(items) + "]")
    return i + 1


def _class_char(p: str, i: int) -> tuple[str, int]:
    if i >= len(p) or p[i] in "-]":
        raise IgnoreError("syntax error in pattern")
    if p[i] == "\\":
        i += 1
        if i >= len(p):
            raise IgnoreError("syntax error in pattern")
    return p[i], i + 1


class _Pattern:
    # Not a dataclass: ``helm-tui template`` would pay several ms to import the module.
    __slots__ = ("must_dir", "negate", "raw", "rule", "scope")

    def __init__(self, raw: str, rule: str, negate: bool, must_dir: bool, scope: str) -> None:
        self.raw = raw
        self.rule = rule
        self.negate = negate
        self.must_dir = must_dir
        self.scope = scope  # "base": match the base name; "path": the whole path

    def matches(self, path: str) -> bool:
        target = posixpath.basename(path) if self.scope == "base" else path
        return bool(_compile(self.rule)(target))


class Rules:
    """An ordered list of ignore patterns."""

    def __init__(self) -> None:
        self.patterns: list[_Pattern] = []

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Rules:
        """Parse .helmignore content (one rule per line).

        Raises:
            IgnoreError: Helm's error for the first bad line.
        """
        rules = cls()
        for line in lines:
            rules.add(line)
        return rules

    def add_defaults(self) -> None:
        """Append Helm's built-in rule: ignore dot-files directly in templates/."""
        self.add("templates/.?*")

    def add(self, rule: str) -> None:
        """Parse and append one rule.

        Raises:
            IgnoreError: ``double-star (**) syntax is not supported`` or a bad pattern.
        """
        rule = rule.strip()
        if not rule or rule.startswith("#"):
            return
        if "**" in rule:
            raise IgnoreError("double-star (**) syntax is not supported")
        _compile(rule)  # Helm test-compiles the raw rule (before stripping "!" or "/")
        raw = rule
        negate = rule.startswith("!")
        if negate:
            rule = rule[1:]
        must_dir = rule.endswith("/")
        if must_dir:
            rule = rule[:-1]
        if rule.startswith("/"):
            rule, scope = rule[1:], "path"
        elif "/" in rule:
            scope = "path"
        else:
            scope = "base"
        self.patterns.append(_Pattern(raw, rule, negate, must_dir, scope))

    def ignore(self, path: str, is_dir: bool) -> bool:
        """Report whether a chart-relative path (``/``-separated) is ignored."""
        if path in ("", ".", "./"):
            return False
        for p in self.patterns:
            if p.negate:
                if p.must_dir and not is_dir:
                    return True
                if not p.matches(path):
                    return True
                continue
            if p.must_dir and not is_dir:
                continue
            if p.matches(path):
                return True
        return False
