"""Sprig path functions: Go's slash-separated ``path`` package."""

from __future__ import annotations

from ._registry import sprig


def clean(p: str) -> str:
    """``path.Clean``: lexical shortest equivalent path."""
    if p == "":
        return "."
    rooted = p.startswith("/")
    parts: list[str] = []
    for elem in p.split("/"):
        if elem in ("", "."):
            continue
        if elem == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(elem)
    out = "/".join(parts)
    if rooted:
        return "/" + out
    return out or "."


@sprig("clean", params=("string",), result="string")
def clean_(p: str) -> str:
    """``path.Clean``."""
    return clean(p)


@sprig("base", params=("string",), result="string")
def base(p: str) -> str:
    """``path.Base``: last element, trailing slashes removed."""
    if p == "":
        return "."
    p = p.rstrip("/")
    if p == "":
        return "/"
    return p[p.rfind("/") + 1 :]


@sprig("dir", params=("string",), result="string")
def dir_(p: str) -> str:
    """``path.Dir``: everything but the last element, cleaned."""
    return clean(p[: p.rfind("/") + 1])


@sprig("ext", params=("string",), result="string")
def ext(p: str) -> str:
    """``path.Ext``: suffix from the last dot of the last element."""
    for i in range(len(p) - 1, -1, -1):
        if p[i] == "/":
            break
        if p[i] == ".":
            return p[i:]
    return ""


@sprig("isAbs", params=("string",), result="bool")
def is_abs(p: str) -> bool:
    """``path.IsAbs``."""
    return p.startswith("/")
