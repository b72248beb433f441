"""Rendered files → hooks and the release manifest (spec §3.1 steps 5–7).

Also splits a stored manifest back into documents for uninstall, with the same
separator rule Helm uses, so both directions agree on what a document is.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hapi.release import hook_pb2

from tiller.engine.funcs.yamlin import YAMLError, load_yaml_like_helm
from tiller.errors import TillerError
from tiller.hooks import HOOK_ANNOTATION, UnknownHookEventError, parse_hook
from tiller.ordering import INSTALL_ORDER, UNINSTALL_ORDER, sort_by_kind

log = logging.getLogger(__name__)

# Go's \s is [\t\n\f\r ]; a separator is `---` at the very start, or after a newline
# (with any whitespace before that newline), and it swallows the whitespace after it.
_GO_SPACE = "[\t\n\f\r ]"
_SEPARATOR = re.compile(rf"(?:\A|{_GO_SPACE}*\n)---{_GO_SPACE}*")
_GO_TRIM = "\t\n\f\r \v\x85\xa0"


class ManifestParseError(TillerError):
    """A rendered document is not valid YAML (``YAML parse error on <path>: <err>``)."""


@dataclass(frozen=True)
class Document:
    """One YAML document of a rendered file, with the fields Helm reads from it."""

    path: str
    content: str
    api_version: str
    kind: str
    name: str
    annotations: Mapping[str, str] = field(default_factory=dict)


def split_manifest(text: str) -> list[str]:
    """Split YAML text into trimmed, non-empty documents (Helm's SplitManifests)."""
    docs = _SEPARATOR.split(text.strip(_GO_TRIM))
    return [d.strip(_GO_TRIM) for d in docs if d]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_document(path: str, content: str) -> Document:
    """Read a document's apiVersion, kind, name and annotations.

    Raises:
        ManifestParseError: the document is not a YAML mapping.
    """
    try:
        head = load_yaml_like_helm(content)
    except YAMLError as err:
        # Helm decodes into its SimpleHead struct, so Go names that type.
        text = str(err).replace("map[string]interface {}", "releaseutil.SimpleHead")
        raise ManifestParseError(f"YAML parse error on {path}: {text}") from err
    meta = head.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    raw_annotations = meta.get("annotations")
    annotations = {}
    if isinstance(raw_annotations, dict):
        annotations = {str(k): _str(v) for k, v in raw_annotations.items()}
    return Document(
        path=path,
        content=content,
        api_version=_str(head.get("apiVersion")),
        kind=_str(head.get("kind")),
        name=_str(meta.get("name")),
        annotations=annotations,
    )


@dataclass
class Sorted:
    """Hooks and ordinary documents of a rendered chart."""

    hooks: list[hook_pb2.Hook]
    manifest: str
    documents: list[Document]


def sort_manifests(files: Mapping[str, str]) -> Sorted:
    """Split rendered files into hooks and the install-ordered release manifest.

    Partials (basename ``_*``) and blank outputs are skipped. A document whose hook
    annotation names an unknown event is dropped, as Helm does.

    Raises:
        ManifestParseError: ``YAML parse error on <path>: <err>``.
    """
    hooks: list[hook_pb2.Hook] = []
    documents: list[Document] = []
    for path in sorted(files):
        text = files[path]
        if posixpath.basename(path).startswith("_") or not text.strip(_GO_TRIM):
            continue
        for content in split_manifest(text):
            doc = parse_document(path, content)
            if HOOK_ANNOTATION not in doc.annotations:
                documents.append(doc)
                continue
            try:
                hooks.append(
                    parse_hook(
                        name=doc.name,
                        kind=doc.kind,
                        path=path,
                        manifest=content,
                        annotations=doc.annotations,
                    )
                )
            except UnknownHookEventError as err:
                log.info("skipping unknown hook %r in %s", str(err), path)
    ordered = sort_by_kind(documents, INSTALL_ORDER, lambda d: d.kind, lambda d: d.path)
    manifest = "".join(f"\n---\n# Source: {d.path}\n{d.content}" for d in ordered)
    return Sorted(hooks=hooks, manifest=manifest, documents=ordered)


def raw_dump(files: Mapping[str, str]) -> str:
    """All non-blank rendered files, for debugging a failed render (Helm's dump)."""
    return "".join(
        f"\n---\n# Source: {path}\n{text}"
        for path, text in sorted(files.items())
        if text.strip(_GO_TRIM)
    )


def uninstall_documents(manifest: str) -> list[Document]:
    """A stored manifest's documents in uninstall order.

    Documents that do not parse are kept with an empty kind (they sort last), so a
    damaged record never blocks the deletion of the rest.
    """
    docs = []
    for i, content in enumerate(split_manifest(manifest)):
        key = f"manifest-{i}"
        try:
            doc = parse_document(key, content)
        except ManifestParseError:
            doc = Document(path=key, content=content, api_version="", kind="", name="")
        docs.append(doc)
    return sort_by_kind(docs, UNINSTALL_ORDER, lambda d: d.kind, lambda d: d.path)
