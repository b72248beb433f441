r"""Reading a script into commands: lines, ``\`` continuations, comments, quotes, ``${VAR}``.

The syntax is the subset of POSIX shell that command lines copied from Helm docs and CI
files use:

* one command per line; a line ending in ``\`` continues on the next one;
* ``#`` starts a comment where a word could start (``a#b`` is one word);
* words are split on blanks; ``'single'`` quotes keep everything literally,
  ``"double"`` quotes keep blanks and expand variables (``\"``, ``\\``, ``\$`` are
  escapes inside them); outside quotes ``\`` escapes the next character;
* ``${NAME}`` and ``$NAME`` expand from the environment, ``${NAME:-default}`` falls back
  to a default; a variable that is not set is an error (a silently empty ``--set`` value
  is worse than a stopped pipeline). Expansion never splits words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class ScriptCommand:
    """One command of a script.

    Attributes:
        line: the 1-based line it starts on.
        words: its words after quote removal and expansion.
        text: the source text (continuations joined), for messages.
    """

    line: int
    words: tuple[str, ...]
    text: str


class ScriptSyntaxError(ValueError):
    """The script cannot be read; ``line`` is where the problem is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _logical_lines(text: str) -> list[tuple[int, str]]:
    r"""Join ``\``-continued lines; return (first line number, text) pairs."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        stripped = raw.rstrip()
        trailing = len(stripped) - len(stripped.rstrip("\\"))
        if trailing % 2 == 1:  # an odd number of backslashes: the last one continues
            pending.append(stripped[:-1])
            continue
        pending.append(raw)
        # As in the shell, backslash-newline disappears: words continue across lines.
        out.append((start, "".join(pending)))
        pending = []
    if pending:
        out.append((start, "".join(pending)))
    return out


def _expand(source: str, i: int, env: Mapping[str, str], line: int) -> tuple[str, int]:
    """Expand the variable starting at ``source[i] == '$'``; return (value, next index)."""
    if source.startswith("${", i):
        end = source.find("}", i + 2)
        if end < 0:
            raise ScriptSyntaxError(line, "unterminated ${...}")
        body = source[i + 2 : end]
        name, sep, default = body.partition(":-")
        if not _NAME.fullmatch(name):
            raise ScriptSyntaxError(line, f"bad variable name in ${{{body}}}")
        if name in env:
            return env[name], end + 1
        if sep:
            return default, end + 1
        raise ScriptSyntaxError(line, f"variable {name} is not set (use ${{{name}:-default}})")
    found = _NAME.match(source, i + 1)
    if not found:
        return "$", i + 1  # a lone dollar is literal, as in the shell
    name = found.group(0)
    if name not in env:
        raise ScriptSyntaxError(line, f"variable {name} is not set (use ${{{name}:-default}})")
    return env[name], found.end()


def split_words(source: str, env: Mapping[str, str], line: int = 1) -> list[str]:
    """Split one logical line into words (quotes removed, variables expanded).

    Raises:
        ScriptSyntaxError: an unterminated quote or an unset variable.
    """
    words: list[str] = []
    current: list[str] = []
    in_word = False
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char in " \t":
            if in_word:
                words.append("".join(current))
                current, in_word = [], False
            i += 1
        elif char == "#" and not in_word:
            break
        elif char == "'":
            end = source.find("'", i + 1)
            if end < 0:
                raise ScriptSyntaxError(line, "unterminated single quote")
            current.append(source[i + 1 : end])
            in_word, i = True, end + 1
        elif char == '"':
            i, in_word = i + 1, True
            while True:
                if i >= n:
                    raise ScriptSyntaxError(line, "unterminated double quote")
                c = source[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\" and i + 1 < n and source[i + 1] in '"\\$`':
                    current.append(source[i + 1])
                    i += 2
                elif c == "$":
                    value, i = _expand(source, i, env, line)
                    current.append(value)
                else:
                    current.append(c)
                    i += 1
        elif char == "\\":
            if i + 1 < n:
                current.append(source[i + 1])
            in_word, i = True, i + 2
        elif char == "$":
            value, i = _expand(source, i, env, line)
            current.append(value)
            in_word = True
        else:
            current.append(char)
            in_word, i = True, i + 1
    if in_word:
        words.append("".join(current))
    return words


def parse_script(text: str, env: Mapping[str, str]) -> list[ScriptCommand]:
    """All commands of a script, in order (blank and comment-only lines skipped).

    Raises:
        ScriptSyntaxError: the first line that cannot be read.
    """
    commands: list[ScriptCommand] = []
    for number, logical in _logical_lines(text):
        words = split_words(logical, env, number)
        if words:
            commands.append(ScriptCommand(number, tuple(words), logical.strip()))
    return commands
