r"""The YAML path of a line (``image.tag``, ``env[1].name``), shown under the cursor.

A forward scan over indentation, not a full parse: it has to work on half-typed YAML in
the values editor, where a parser would just fail. Paths use ``--set`` syntax, so they can
be pasted into ``--set`` (dots inside keys are escaped as ``\.``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,\[\]{}][^#]*?|-[^\s#][^#]*?)"""
    r"""\s*:(?:\s+(?P<value>.*))?$"""
)
_BLOCK = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")


def _key_text(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        raw = raw[1:-1]
    return raw.replace(".", "\\.")


def yaml_path(lines: Sequence[str], index: int) -> str:
    """The path of the key on (or enclosing) ``lines[index]``; "" at the top level."""
    stack: list[tuple[int, str, bool]] = []  # (indent, segment, is_list_item)
    block_indent: int | None = None
    for line in lines[: index + 1]:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if indent > block_indent:
                continue  # inside a | or > block scalar: text, not keys
            block_indent = None
        rest = line[indent:]
        while rest.startswith("-") and (len(rest) == 1 or rest[1] == " "):
            # Deeper entries end here; a key at this same indent owns the list (``key:\n- a``).
            while stack and stack[-1][0] > indent:
                stack.pop()
            if stack and stack[-1][0] == indent and stack[-1][2]:
                position = int(stack.pop()[1][1:-1]) + 1
            else:
                position = 0
            stack.append((indent, f"[{position}]", True))
            after = rest[1:]
            gap = len(after) - len(after.lstrip(" "))
            indent += 1 + gap
            rest = after.lstrip(" ")
            if not rest:
                break
        if rest and (found := _KEY.match(rest)):
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, _key_text(found["key"].strip()), False))
            if found["value"] and _BLOCK.match(found["value"]):
                block_indent = indent
    return _join(segment for _, segment, _ in stack)


def _join(segments: Iterable[str]) -> str:
    path = ""
    for segment in segments:
        if segment.startswith("["):
            path += segment
        else:
            path += ("." if path else "") + segment
    return path
