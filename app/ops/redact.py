"""Masking secrets in everything helm-tui shows, unless the user asks to see them.

Two kinds of secret material are masked:

* the values of a ``Secret``'s ``data`` and ``stringData`` (in manifests and diffs);
* values whose key names a secret (``password``, ``apiKey``, ``tls.key``, ``token``...):
  the *last word* of the key decides, so ``rootPassword`` is masked and ``secretName``
  (a reference, not a secret) is not. Only strings and numbers are masked; booleans and
  nulls carry no secret.

Masking keeps the structure: keys stay visible, each masked value becomes ``MASK``. Texts
without anything to mask are returned unchanged, byte for byte.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from app.ops import fastyaml
from app.ops.manifests import SEPARATOR_LINE

_SEPARATOR = re.compile(f"({SEPARATOR_LINE})", re.MULTILINE)

MASK = "<redacted>"
MASK_CHANGED = "<redacted: changed>"

SENSITIVE_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "token",
        "key",
        "apikey",
        "credential",
        "credentials",
        "privatekey",
    }
)
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
SECRET_KINDS = frozenset({"Secret"})
SECRET_FIELDS = ("data", "stringData")


def is_sensitive_key(key: str) -> bool:
    """Whether a values key names secret material (its last word decides)."""
    words = _WORDS.findall(str(key))
    return bool(words) and words[-1].lower() in SENSITIVE_WORDS


def _maskable(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def redact_values(tree: Any) -> tuple[Any, bool]:
    """Mask sensitive keys in a values tree; return the copy and whether anything was masked."""
    if isinstance(tree, dict):
        out: dict[Any, Any] = {}
        masked = False
        for key, value in tree.items():
            if is_sensitive_key(str(key)) and _maskable(value):
                out[key], masked = MASK, True
                continue
            out[key], inner = redact_values(value)
            masked = masked or inner
        return out, masked
    if isinstance(tree, list):
        items = [redact_values(item) for item in tree]
        return [item for item, _ in items], any(flag for _, flag in items)
    return tree, False


def redact_values_yaml(text: str) -> str:
    """Mask a values YAML text; unchanged if it holds nothing sensitive (or does not parse).

    The result is re-serialised in Helm's YAML style (``ghodss``) only when something was
    masked.
    """
    from tiller.engine.funcs.yamlin import YAMLError, load_yaml_like_helm
    from tiller.engine.funcs.yamlout import to_yaml

    try:
        tree = load_yaml_like_helm(text)
    except YAMLError:
        return text
    masked_tree, masked = redact_values(tree)
    return to_yaml(masked_tree) if masked else text


def is_secret(obj: dict[str, Any] | None) -> bool:
    """Whether a parsed resource is a Kubernetes Secret."""
    return obj is not None and obj.get("kind") in SECRET_KINDS


def mask_secret(obj: dict[str, Any], peer: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of a Secret with its data values masked.

    Args:
        obj: the parsed Secret.
        peer: the same Secret on the other side of a diff; a value that differs from the
            peer's is masked as ``MASK_CHANGED`` so the diff still shows the change.
    """
    out = dict(obj)
    for field in SECRET_FIELDS:
        data = obj.get(field)
        if not isinstance(data, dict):
            continue
        other = peer.get(field) if peer is not None else None
        other = other if isinstance(other, dict) else {}
        out[field] = {
            key: (MASK if peer is None or other.get(key) == value else MASK_CHANGED)
            for key, value in data.items()
        }
    return out


def _masked_document(doc: str) -> str | None:
    """The document with Secret data masked, or ``None`` if it is not a Secret."""
    try:
        obj = fastyaml.load(doc)
    except yaml.YAMLError:
        return None
    if not isinstance(obj, dict) or not is_secret(obj):
        return None
    comments = "".join(line + "\n" for line in doc.split("\n") if line.startswith("#"))
    masked = fastyaml.dump(mask_secret(obj), default_flow_style=False, sort_keys=False)
    return comments + masked.rstrip("\n")


def redact_manifest(manifest: str) -> str:
    """Mask Secret data in a manifest (or hook) text; other documents stay as rendered.

    Separators and the blank lines around documents are kept, so the layout is Tiller's.
    """
    if "Secret" not in manifest:
        return manifest  # fast path: no document can be a Secret
    parts = _SEPARATOR.split(manifest)  # documents at even indexes, separators at odd
    changed = False
    for index in range(0, len(parts), 2):
        doc = parts[index]
        body = doc.strip("\n")
        masked = _masked_document(body) if body.strip() else None
        if masked is None:
            continue
        lead = doc[: len(doc) - len(doc.lstrip("\n"))]
        trail = doc[len(doc.rstrip("\n")) :]
        parts[index] = lead + masked + trail
        changed = True
    return "".join(parts) if changed else manifest
