"""Assemble the ``==> group/version/Kind`` sections of a release's resources text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tiller.kube.manifests import ObjectRef
from tiller.kube.printers import table

Obj = dict[str, Any]


def resources_text(
    objects: list[ObjectRef],
    fetch: Callable[[ObjectRef], Obj | None],
    related_pods: Callable[[ObjectRef, Obj], list[Obj]],
    plural: Callable[[ObjectRef], str],
) -> str:
    """Build Helm's status text.

    One section per ``apiVersion/Kind`` sorted by that key, related pods under
    ``v1/Pod(related)``, and objects that could not be fetched under ``==> MISSING``.

    Args:
        objects: the manifest's objects.
        fetch: returns the live object, or None when it does not exist.
        related_pods: the pods selected by a live workload object.
        plural: the API resource name of an object's kind (e.g. ``deployments``).
    """
    now = datetime.now(UTC)
    groups: dict[str, tuple[str, list[Obj]]] = {}
    pods: list[Obj] = []
    missing: list[ObjectRef] = []
    for ref in objects:
        live = fetch(ref)
        if live is None:
            missing.append(ref)
            continue
        key = f"{ref.api_version}/{ref.kind}"
        groups.setdefault(key, (ref.kind, []))[1].append(live)
        pods.extend(related_pods(ref, live))
    if pods:
        groups["v1/Pod(related)"] = ("Pod", pods)
    sections = [
        f"==> {key}\n{table(kind, objs, now)}" for key, (kind, objs) in sorted(groups.items())
    ]
    if missing:
        lines = "".join(f"{plural(ref)}\t\t{ref.name}\n" for ref in missing)
        sections.append(f"==> MISSING\nKIND\t\tNAME\n{lines}")
    return "\n".join(sections)
