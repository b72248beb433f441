"""Manifest documents for display: the per-resource tree of the Manifest and Hooks tabs.

TODO(app.ops): ``app.ops`` owns manifest splitting (with the diff and its noise filters);
switch ``split`` to it when it lands, so the tree and the diff agree on what a resource is.
Until then this is the minimal display-only split: ``---`` separated documents, kind and
name read with a line scan (no YAML parse: a 20,000-line manifest must open instantly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(r"^---\s*$", re.MULTILINE)
_SOURCE = re.compile(r"^# Source: (?P<path>.+)$", re.MULTILINE)
_KIND = re.compile(r"^kind:\s*(?P<kind>\S+)", re.MULTILINE)
# metadata.name: the first "  name:" directly under a top-level "metadata:".
_NAME = re.compile(r"^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*(?P<name>\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Document:
    """One resource of a manifest."""

    kind: str
    name: str
    source: str
    text: str

    @property
    def title(self) -> str:
        """``Kind/name`` for the tree."""
        return f"{self.kind or '?'}/{self.name or '?'}"


def split(manifest: str) -> list[Document]:
    """The non-empty documents of a manifest, in order."""
    documents = []
    for chunk in _SEPARATOR.split(manifest):
        body = chunk.strip("\n")
        if not body.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in body.splitlines()
        ):
            continue
        kind, name, source = _KIND.search(body), _NAME.search(body), _SOURCE.search(body)
        documents.append(
            Document(
                kind=kind["kind"] if kind else "",
                name=name["name"].strip("'\"") if name else "",
                source=source["path"].strip() if source else "",
                text=body,
            )
        )
    return documents
