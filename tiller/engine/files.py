"""The ``.Files`` object of templates (Helm v2's ``chartutil.Files``).

A map of the chart's non-template files (path -> bytes) with the methods Helm gives
it: ``Get``, ``GetBytes``, ``Glob`` (gobwas/glob patterns with ``/`` as separator),
``AsConfig``, ``AsSecrets`` and ``Lines``. Go strings are Python ``str`` holding any
invalid UTF-8 byte as a surrogate escape, so binary files survive ``Get | b64enc``.
"""

from __future__ import annotations

import base64
import functools
import posixpath
import re
from collections.abc import Iterable
from typing import Any, ClassVar

from tiller.engine.funcs.yamlout import to_yaml
from tiller.engine.gotemplate.gofunc import gofunc
from tiller.engine.gotemplate.govalues import StringSlice


def _go_string(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


class Files(dict[str, bytes]):
    """``chartutil.Files``: chart file contents by chart-relative path."""

    _go_type: ClassVar[str] = "chartutil.Files"
    _go_underlying: ClassVar[str] = "map[string][]uint8"

    @classmethod
    def from_chart_files(cls, files: Iterable[Any]) -> Files:
        """Build from ``chart.files`` (Any messages: type_url = path, value = bytes)."""
        return cls((f.type_url, bytes(f.value)) for f in files)

    @gofunc("GetBytes", params=("string",), result="[]uint8")
    def get_bytes(self, name: str) -> bytes:
        """Return a file's bytes (empty if absent)."""
        return self.get(name, b"")

    @gofunc("Get", params=("string",), result="string")
    def get_string(self, name: str) -> str:
        """Return a file's contents as a string ("" if absent)."""
        return _go_string(self.get(name, b""))

    @gofunc("Glob", params=("string",), result="chartutil.Files")
    def glob(self, pattern: str) -> Files:
        """Return the files whose path matches a gobwas glob (all files if it is invalid)."""
        match = compile_glob(pattern)
        return Files((k, v) for k, v in self.items() if match(k))

    @gofunc("AsConfig", result="string")
    def as_config(self) -> str:
        """YAML map of base name -> contents, for a ConfigMap's ``data``."""
        # Helm builds this from an unordered map: among equal base names the winner is
        # random in Go; taking the paths in order makes it deterministic here.
        m = {posixpath.basename(k): _go_string(self[k]) for k in sorted(self)}
        return to_yaml(m)

    @gofunc("AsSecrets", result="string")
    def as_secrets(self) -> str:
        """YAML map of base name -> base64 contents, for a Secret's ``data``."""
        m = {posixpath.basename(k): base64.b64encode(self[k]).decode() for k in sorted(self)}
        return to_yaml(m)

    @gofunc("Lines", params=("string",), result="[]string")
    def lines(self, path: str) -> StringSlice:
        """The file's lines (split on newlines); empty when the file is absent."""
        if path not in self:
            return StringSlice()
        return StringSlice(_go_string(self[path]).split("\n"))


class GlobSyntaxError(ValueError):
    """A pattern gobwas/glob refuses to compile."""


@functools.lru_cache(maxsize=256)
def compile_glob(pattern: str) -> Any:
    r"""Compile a gobwas/glob pattern (separator ``/``) to a full-match predicate.

    ``*`` and ``?`` stop at ``/``, ``**`` crosses it, ``[a-z]``/``[!a-z]`` are classes,
    ``{a,b}`` alternatives and ``\\`` escapes. An invalid pattern falls back to ``**``,
    as Helm's ``Glob`` does.
    """
    try:
        regex = re.compile(_translate(pattern) + r"\Z", re.DOTALL)
    except (GlobSyntaxError, re.error):
        regex = re.compile(r".*\Z", re.DOTALL)
    return regex.match


def _translate(p: str) -> str:
    out: list[str] = []
    depth = 0
    i, n = 0, len(p)
    while i < n:
        ch = p[i]
        if ch == "\\":
            if i + 1 >= n:
                raise GlobSyntaxError("unexpected end of pattern after escape")
            out.append(re.escape(p[i + 1]))
            i += 2
            continue
        if ch == "*":
            if i + 1 < n and p[i + 1] == "*":
                out.append(".*")
                i += 2
            else:
                out.append("[^/]*")
                i += 1
            continue
        if ch == "?":
            out.append("[^/]")
        elif ch == "[":
            cls, i = _char_class(p, i + 1)
            out.append(cls)
            continue
        elif ch == "{":
            depth += 1
            out.append("(?:")
        elif ch == "}" and depth:
            depth -= 1
            out.append(")")
        elif ch == "," and depth:
            out.append("|")
        else:
            out.append(re.escape(ch))
        i += 1
    if depth:
        raise GlobSyntaxError("unclosed alternatives")
    return "".join(out)


def _char_class(p: str, i: int) -> tuple[str, int]:
    negate = i < len(p) and p[i] == "!"
    if negate:
        i += 1
    items: list[str] = []
    while i < len(p) and p[i] != "]":
        lo = p[i]
        if i + 2 < len(p) and p[i + 1] == "-" and p[i + 2] != "]":
            hi = p[i + 2]
            if hi < lo:
                raise GlobSyntaxError("invalid range")
            items.append(f"{re.escape(lo)}-{re.escape(hi)}")
            i += 3
        else:
            items.append(re.escape(lo))
            i += 1
    if i >= len(p) or not items:
        raise GlobSyntaxError("unclosed or empty character class")
    return ("[^" if negate else "[") + "".join(items) + "]", i + 1
