"""Reading hook annotations (spec §4)."""

from __future__ import annotations

import pytest

from tiller.hooks import Event, Hook, Policy, UnknownHookEventError, hooks_for, parse_hook


def test_events_are_case_insensitive_and_trimmed() -> None:
    h = parse_hook(
        name="h",
        kind="Job",
        path="p",
        manifest="m",
        annotations={"helm.sh/hook": " Pre-Install , post-upgrade"},
    )
    assert list(h.events) == [Event.PRE_INSTALL, Event.POST_UPGRADE]
    assert h.weight == 0
    assert list(h.delete_policies) == []
    assert h.delete_timeout == 0


def test_unknown_event_drops_the_document() -> None:
    with pytest.raises(UnknownHookEventError):
        parse_hook(
            name="h",
            kind="Job",
            path="p",
            manifest="m",
            annotations={"helm.sh/hook": "pre-install,pre-everything"},
        )
    with pytest.raises(UnknownHookEventError):
        parse_hook(name="h", kind="Job", path="p", manifest="m", annotations={"helm.sh/hook": ""})


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("5", 5),
        ("-3", -3),
        ("+7", 7),
        (" 5", 0),
        ("1.5", 0),
        ("x", 0),
        ("", 0),
        ("4294967297", 1),
        ("99999999999999999999", 0),
    ],
)
def test_weight_parses_like_go_atoi(text: str, weight: int) -> None:
    h = parse_hook(
        name="h",
        kind="Job",
        path="p",
        manifest="m",
        annotations={"helm.sh/hook": "pre-install", "helm.sh/hook-weight": text},
    )
    assert h.weight == weight


def test_delete_policies_and_timeout() -> None:
    base = {"helm.sh/hook": "post-install"}
    h = parse_hook(
        name="h",
        kind="Job",
        path="p",
        manifest="m",
        annotations={
            **base,
            "helm.sh/hook-delete-policy": "hook-succeeded, Before-Hook-Creation,bogus",
        },
    )
    assert list(h.delete_policies) == [Policy.SUCCEEDED, Policy.BEFORE_HOOK_CREATION]
    assert h.delete_timeout == 60
    h = parse_hook(
        name="h",
        kind="Job",
        path="p",
        manifest="m",
        annotations={
            **base,
            "helm.sh/hook-delete-policy": "hook-failed",
            "helm.sh/hook-delete-timeout": "7",
        },
    )
    assert h.delete_timeout == 7
    h = parse_hook(
        name="h",
        kind="Job",
        path="p",
        manifest="m",
        annotations={
            **base,
            "helm.sh/hook-delete-policy": "hook-failed",
            "helm.sh/hook-delete-timeout": "x",
        },
    )
    assert h.delete_timeout == 0
    # Without a policy the timeout annotation is not read.
    h = parse_hook(
        name="h",
        kind="Job",
        path="p",
        manifest="m",
        annotations={**base, "helm.sh/hook-delete-timeout": "7"},
    )
    assert h.delete_timeout == 0


def test_hooks_run_by_weight_then_name() -> None:
    def mk(name: str, weight: str, event: str = "pre-install") -> Hook:
        return parse_hook(
            name=name,
            kind="Job",
            path="p",
            manifest="m",
            annotations={"helm.sh/hook": event, "helm.sh/hook-weight": weight},
        )

    hooks = [mk("b", "0"), mk("a", "0"), mk("z", "-1"), mk("c", "5"), mk("x", "0", "post-install")]
    assert [h.name for h in hooks_for(hooks, Event.PRE_INSTALL)] == ["z", "a", "b", "c"]
