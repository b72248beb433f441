"""Sprig v2.22.0 regex functions with Go ``regexp`` semantics (RE2 via :mod:`.re2`).

The iteration rules of Go's ``FindAll``/``ReplaceAll``/``Split`` are reproduced
(an empty match right after a previous match is skipped), as is ``Expand``'s
``$name``/``${name}`` syntax.
"""

from __future__ import annotations

import re

from ._go import GoFuncError, StringSlice, panic
from ._registry import sprig
from .re2 import GoRegexpError, Unsupported, compile_go, compile_panic_text


def _must(pattern: str) -> re.Pattern[str]:
    # regexp.MustCompile panics; the template reports the panic text.
    try:
        return compile_go(pattern)
    except GoRegexpError as e:
        raise panic(compile_panic_text(pattern, e)) from None
    except Unsupported as e:
        raise GoFuncError(f"regexp: unsupported by this implementation: {e}") from None


def find_all(rx: re.Pattern[str], s: str, n: int) -> list[re.Match[str]]:
    """Go ``allMatches``: successive matches, skipping empty ones abutting a match."""
    out: list[re.Match[str]] = []
    pos = 0
    prev_end = -1
    while (n < 0 or len(out) < n) and pos <= len(s):
        m = rx.search(s, pos)
        if m is None:
            break
        accept = True
        if m.end() == pos:
            # An empty match at pos; refused right after the previous match.
            accept = m.start() != prev_end
            pos += 1
        else:
            pos = m.end()
        prev_end = m.end()
        if accept:
            out.append(m)
    return out


def expand(template: str, m: re.Match[str]) -> str:
    """Go ``Regexp.Expand`` of ``$1``, ``${1}``, ``$name``, ``${name}`` and ``$$``."""
    out: list[str] = []
    i = 0
    names = m.re.groupindex
    while True:
        j = template.find("$", i)
        if j < 0:
            out.append(template[i:])
            break
        out.append(template[i:j])
        if template[j + 1 : j + 2] == "$":
            out.append("$")
            i = j + 2
            continue
        mm = re.compile(r"\$(?:\{(\w+)\}|(\w+))").match(template, j)
        if mm is None:
            out.append("$")
            i = j + 1
            continue
        name = mm[1] or mm[2]
        i = mm.end()
        num = (
            int(name)
            if name.isdigit()
            and name.isascii()
            and not (len(name) > 1 and name[0] == "0")
            and len(name) < 9
            else -1
        )
        if num >= 0:
            if num <= (m.re.groups or 0) and m.group(num) is not None:
                out.append(m.group(num))
        elif name in names and m.group(name) is not None:
            out.append(m.group(name))
    return "".join(out)


def replace_all(rx: re.Pattern[str], s: str, repl: str, literal: bool) -> str:
    """Go ``ReplaceAllString``/``ReplaceAllLiteralString``."""
    out: list[str] = []
    last_end = 0
    pos = 0
    while pos <= len(s):
        m = rx.search(s, pos)
        if m is None:
            break
        out.append(s[last_end : m.start()])
        if m.end() > last_end or m.start() == 0:
            out.append(repl if literal else expand(repl, m))
        last_end = m.end()
        pos = pos + 1 if pos + 1 > m.end() else m.end()
    out.append(s[last_end:])
    return "".join(out)


@sprig("regexMatch", params=("string", "string"), result="bool")
def regex_match(pattern: str, s: str) -> bool:
    """Whether ``s`` contains a match; an invalid pattern gives false."""
    try:
        return compile_go(pattern).search(s) is not None
    except GoRegexpError:
        return False
    except Unsupported as e:
        raise GoFuncError(f"regexp: unsupported by this implementation: {e}") from None


@sprig("regexFindAll", params=("string", "string", "int"), result="[]string")
def regex_find_all(pattern: str, s: str, n: int) -> StringSlice:
    """Up to ``n`` (all if negative) successive matches."""
    return StringSlice(m.group(0) for m in find_all(_must(pattern), s, n))


@sprig("regexFind", params=("string", "string"), result="string")
def regex_find(pattern: str, s: str) -> str:
    """Leftmost match, or ""."""
    m = _must(pattern).search(s)
    return m.group(0) if m else ""


@sprig("regexReplaceAll", params=("string", "string", "string"), result="string")
def regex_replace_all(pattern: str, s: str, repl: str) -> str:
    """Replace matches, expanding ``$1``/``${name}``."""
    return replace_all(_must(pattern), s, repl, literal=False)


@sprig("regexReplaceAllLiteral", params=("string", "string", "string"), result="string")
def regex_replace_all_literal(pattern: str, s: str, repl: str) -> str:
    """Replace matches with ``repl`` verbatim."""
    return replace_all(_must(pattern), s, repl, literal=True)


@sprig("regexSplit", params=("string", "string", "int"), result="[]string")
def regex_split(pattern: str, s: str, n: int) -> StringSlice:
    """Go ``Regexp.Split``."""
    rx = _must(pattern)
    if n == 0:
        return StringSlice()
    if pattern and not s:
        return StringSlice([""])
    parts: list[str] = []
    beg = end = 0
    for m in find_all(rx, s, n):
        if n > 0 and len(parts) == n - 1:
            break
        end = m.start()
        if m.end() != 0:
            parts.append(s[beg:end])
        beg = m.end()
    if end != len(s):
        parts.append(s[beg:])
    return StringSlice(parts)
