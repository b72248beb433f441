"""Helm hooks (spec §4): reading hook annotations and running the hooks of one event.

A rendered document annotated ``helm.sh/hook`` is not part of the release manifest but a
:class:`Hook` run around an operation: hooks of an event run one by one, by weight then
name; each waits until ready (Jobs: complete; CRDs: Established) and delete policies
remove them before creation, on failure or after the whole event succeeded.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping, Sequence
from typing import TypeAlias

from hapi.release import hook_pb2

from tiller.errors import TillerError
from tiller.kube.client import KubeClient

log = logging.getLogger(__name__)

Hook = hook_pb2.Hook
Event = hook_pb2.Hook.Event
Policy = hook_pb2.Hook.DeletePolicy
EventValue: TypeAlias = hook_pb2.Hook.Event.ValueType
PolicyValue: TypeAlias = hook_pb2.Hook.DeletePolicy.ValueType

HOOK_ANNOTATION = "helm.sh/hook"
WEIGHT_ANNOTATION = "helm.sh/hook-weight"
DELETE_POLICY_ANNOTATION = "helm.sh/hook-delete-policy"
DELETE_TIMEOUT_ANNOTATION = "helm.sh/hook-delete-timeout"
RESOURCE_POLICY_ANNOTATION = "helm.sh/resource-policy"
DEFAULT_DELETE_TIMEOUT_S = 60

EVENTS: Mapping[str, EventValue] = {
    "pre-install": Event.PRE_INSTALL,
    "post-install": Event.POST_INSTALL,
    "pre-delete": Event.PRE_DELETE,
    "post-delete": Event.POST_DELETE,
    "pre-upgrade": Event.PRE_UPGRADE,
    "post-upgrade": Event.POST_UPGRADE,
    "pre-rollback": Event.PRE_ROLLBACK,
    "post-rollback": Event.POST_ROLLBACK,
    "test-success": Event.RELEASE_TEST_SUCCESS,
    "test-failure": Event.RELEASE_TEST_FAILURE,
    "crd-install": Event.CRD_INSTALL,
}
EVENT_NAMES: Mapping[EventValue, str] = {v: k for k, v in EVENTS.items()}

POLICIES: Mapping[str, PolicyValue] = {
    "hook-succeeded": Policy.SUCCEEDED,
    "hook-failed": Policy.FAILED,
    "before-hook-creation": Policy.BEFORE_HOOK_CREATION,
}
TEST_EVENTS = frozenset({Event.RELEASE_TEST_SUCCESS, Event.RELEASE_TEST_FAILURE})

# Go's strconv.Atoi/ParseInt syntax: an optional sign and decimal digits, nothing else.
_GO_INT = re.compile(r"[+-]?[0-9]+\Z")
_INT64 = 1 << 63


class UnknownHookEventError(ValueError):
    """A hook names an event Helm does not know; Helm drops the whole document."""


def _go_int(text: str) -> int | None:
    if not _GO_INT.match(text):
        return None
    value = int(text)
    return value if -_INT64 <= value < _INT64 else None


def _int32(value: int) -> int:
    """Go's int -> int32 conversion (wraps around)."""
    return (value + (1 << 31)) % (1 << 32) - (1 << 31)


def parse_hook(
    *, name: str, kind: str, path: str, manifest: str, annotations: Mapping[str, str]
) -> Hook:
    """Build the :class:`Hook` of a rendered document carrying ``helm.sh/hook``.

    Args:
        name: ``metadata.name`` of the document.
        kind: Its kind.
        path: Its template path, e.g. ``mychart/templates/job.yaml``.
        manifest: The document's text.
        annotations: Its ``metadata.annotations``.

    Raises:
        UnknownHookEventError: an event name is unknown (the document is dropped).
    """
    events: list[EventValue] = []
    for raw in annotations.get(HOOK_ANNOTATION, "").split(","):
        event = raw.strip().lower()
        if event not in EVENTS:
            raise UnknownHookEventError(event)
        events.append(EVENTS[event])
    weight = _go_int(annotations.get(WEIGHT_ANNOTATION, ""))
    hook = Hook(
        name=name,
        kind=kind,
        path=path,
        manifest=manifest,
        events=events,
        weight=_int32(weight or 0),
    )
    for raw in annotations.get(DELETE_POLICY_ANNOTATION, "").split(","):
        policy = raw.strip().lower()
        if policy in POLICIES:
            hook.delete_policies.append(POLICIES[policy])
        elif policy:
            log.info("skipping unknown hook delete policy %r of %s", policy, path)
    if hook.delete_policies:
        hook.delete_timeout = DEFAULT_DELETE_TIMEOUT_S
        if DELETE_TIMEOUT_ANNOTATION in annotations:
            timeout = _go_int(annotations[DELETE_TIMEOUT_ANNOTATION])
            if timeout is None:
                log.warning("invalid %s on %s: using 0", DELETE_TIMEOUT_ANNOTATION, path)
            hook.delete_timeout = timeout or 0
    return hook


def hooks_for(hooks: Sequence[Hook], event: EventValue) -> list[Hook]:
    """The hooks of ``event`` in execution order: weight ascending, then name."""
    return sorted((h for h in hooks if event in h.events), key=lambda h: (h.weight, h.name))


def _delete_by_policy(
    kube: KubeClient, namespace: str, hook: Hook, policy: PolicyValue, event: str
) -> None:
    if policy not in hook.delete_policies:
        return
    log.info("deleting %s hook %s for release (policy %s)", event, hook.name, policy)
    kube.delete(namespace, hook.manifest, wait_timeout=float(max(hook.delete_timeout, 0)))


def run_hooks(
    kube: KubeClient, hooks: Sequence[Hook], event: EventValue, namespace: str, timeout: float
) -> None:
    """Run every hook of ``event`` (spec §4), in place on the release's hooks.

    Sets ``last_run`` on each hook once the whole event succeeded.

    Args:
        kube: The cluster.
        hooks: The release's hooks (messages are updated in place).
        event: A :class:`Event` value.
        namespace: The release namespace (default namespace of hook objects).
        timeout: Seconds each hook may take to become ready.

    Raises:
        TillerError: the first hook that cannot be created or does not become ready.
    """
    selected = hooks_for(hooks, event)
    name = EVENT_NAMES.get(event, str(event))
    for hook in selected:
        _delete_by_policy(kube, namespace, hook, Policy.BEFORE_HOOK_CREATION, name)
        log.info("running %s hook %s (%s, weight %d)", name, hook.name, hook.path, hook.weight)
        kube.create(namespace, hook.manifest, wait=False, timeout=timeout)
        try:
            if event == Event.CRD_INSTALL:
                kube.wait_crds_established(hook.manifest, timeout)
            else:
                kube.watch_until_ready(namespace, hook.manifest, timeout)
        except Exception:
            log.warning("%s hook %s could not complete", name, hook.path)
            try:
                _delete_by_policy(kube, namespace, hook, Policy.FAILED, name)
            except TillerError as cleanup:
                # Report why the hook failed, not why its cleanup did (the API server
                # may be gone for both).
                log.warning("cannot delete failed %s hook %s: %s", name, hook.path, cleanup)
            raise
    # Only once every hook of the event succeeded, as Helm does.
    now = time.time()
    for hook in selected:
        _delete_by_policy(kube, namespace, hook, Policy.SUCCEEDED, name)
        hook.last_run.seconds = int(now)
        hook.last_run.nanos = int((now % 1) * 1e9)
