"""Manifests → Kubernetes objects, through discovery (any kind the server serves)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tiller.errors import TillerError
from tiller.kube.discovery import ApiResource, Discovery
from tiller.kube.manifests import load_document, split_documents

Obj = dict[str, Any]


@dataclass(frozen=True)
class KubeObject:
    """One object of a manifest, located on the server.

    Attributes:
        resource: Where its kind is served.
        namespace: Its namespace (None for cluster-scoped kinds).
        name: ``metadata.name``.
        body: The object as rendered, with the namespace defaulted.
    """

    resource: ApiResource
    namespace: str | None
    name: str
    body: Obj

    @property
    def kind(self) -> str:
        """The object's kind."""
        return self.resource.kind

    @property
    def key(self) -> tuple[str, str, str | None, str]:
        """Identity across manifests: group, kind, namespace, name (not the version)."""
        return (self.resource.group, self.kind, self.namespace, self.name)

    def path(self, sub: str | None = None) -> str:
        """REST path of the object (or of a subresource)."""
        return self.resource.path(self.namespace, self.name, sub)

    def collection(self) -> str:
        """REST path of the object's collection (where it is created)."""
        return self.resource.path(self.namespace)

    @property
    def annotations(self) -> dict[str, str]:
        """``metadata.annotations``."""
        meta = self.body.get("metadata") or {}
        found = meta.get("annotations") or {}
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}

    def __str__(self) -> str:
        return f"{self.kind} {self.name!r}" + (f" in {self.namespace!r}" if self.namespace else "")


class InvalidObjectError(TillerError):
    """A document that is not a well-formed Kubernetes object."""


def _missing_fields(body: Obj) -> list[str]:
    problems = []
    if not body.get("apiVersion"):
        problems.append("apiVersion not set")
    if not body.get("kind"):
        problems.append("kind not set")
    return problems


def build(discovery: Discovery, namespace: str, manifest: str) -> list[KubeObject]:
    """Turn every document of ``manifest`` into a :class:`KubeObject`.

    Comment-only or empty documents are skipped.

    Raises:
        InvalidObjectError: a document lacks apiVersion/kind/name or is not YAML.
        UnknownKindError: the server does not serve a kind.
    """
    objects = []
    for doc in split_documents(manifest):
        try:
            body = load_document(doc)
        except Exception as err:  # noqa: BLE001 - any YAML error is the user's manifest
            raise InvalidObjectError(f'error parsing "": {err}') from err
        if body is None:
            continue
        if not isinstance(body, dict):
            raise InvalidObjectError('error validating "": error validating data: not an object')
        problems = _missing_fields(body)
        if problems:
            raise InvalidObjectError(
                f'error validating "": error validating data: [{", ".join(problems)}]'
            )
        resource = discovery.resource(str(body["apiVersion"]), str(body["kind"]))
        body = copy.deepcopy(body)
        meta = body.setdefault("metadata", {}) or {}
        body["metadata"] = meta
        name = str(meta.get("name") or "")
        if not name:
            raise InvalidObjectError(
                f"error validating data: {resource.kind}: metadata.name: Required value"
            )
        ns: str | None = None
        if resource.namespaced:
            ns = str(meta.get("namespace") or namespace or "default")
            meta["namespace"] = ns
        else:
            meta.pop("namespace", None)
        objects.append(KubeObject(resource=resource, namespace=ns, name=name, body=body))
    return objects


def index(objects: Iterable[KubeObject]) -> dict[tuple[str, str, str | None, str], KubeObject]:
    """Objects by :attr:`KubeObject.key` (the last one wins, like Helm's lookup)."""
    return {obj.key: obj for obj in objects}
