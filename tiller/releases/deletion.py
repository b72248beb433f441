"""Deleting a release's resources (spec §3.5 step 6), shared by uninstall and upgrade --force."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from hapi.release import release_pb2

from tiller.errors import TillerError
from tiller.kube.apply import kept_by_policy
from tiller.releases.env import Env
from tiller.releases.sorting import uninstall_documents

log = logging.getLogger(__name__)

KEPT_HEADER = "These resources were kept due to the resource policy:\n"


@dataclass
class DeletionResult:
    """What a deletion kept and which errors it met."""

    kept: str = ""
    errors: list[str] = field(default_factory=list)


def delete_resources(env: Env, rel: release_pb2.Release) -> DeletionResult:
    """Delete the manifest's objects in uninstall order, keeping resource-policy ones.

    Objects already gone are skipped silently (Helm logs them); every other failure is
    collected and the deletion goes on.
    """
    result = DeletionResult()
    for doc in uninstall_documents(rel.manifest):
        label = f"[{doc.kind}] {doc.name}"
        if kept_by_policy(dict(doc.annotations)):
            try:
                if env.kube.exists(rel.namespace, doc.content):
                    result.kept = (result.kept or KEPT_HEADER) + f"{label}\n"
            except TillerError as err:
                log.info("kept object %s cannot be looked up: %s", label, err)
            continue
        if not doc.kind:
            continue  # comment-only or unreadable: nothing to delete
        try:
            env.kube.delete(rel.namespace, doc.content)
        except TillerError as err:
            log.warning("uninstall: failed deletion of %s in %s: %s", label, rel.name, err)
            result.errors.append(str(err))
    return result
