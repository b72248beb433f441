"""Kind ordering for install and uninstall (spec §3.10)."""

from __future__ import annotations

from tiller.ordering import INSTALL_ORDER, UNINSTALL_ORDER, sort_by_kind


def _sort(items: list[tuple[str, str]], order: tuple[str, ...]) -> list[tuple[str, str]]:
    return sort_by_kind(items, order, lambda i: i[0], lambda i: i[1])


def test_install_order_known_kinds_then_unknown_by_kind_then_path() -> None:
    items = [
        ("Zebra", "b"),
        ("Deployment", "a"),
        ("Alpha", "z"),
        ("Namespace", "x"),
        ("Service", "s"),
        ("Alpha", "a"),
        ("ConfigMap", "c2"),
        ("ConfigMap", "c1"),
    ]
    assert _sort(items, INSTALL_ORDER) == [
        ("Namespace", "x"),
        ("ConfigMap", "c1"),
        ("ConfigMap", "c2"),
        ("Service", "s"),
        ("Deployment", "a"),
        ("Alpha", "a"),
        ("Alpha", "z"),
        ("Zebra", "b"),
    ]


def test_uninstall_moves_service_to_third_place() -> None:
    assert UNINSTALL_ORDER[:3] == ("APIService", "Ingress", "Service")
    kinds = [k for k in reversed(INSTALL_ORDER) if k != "Service"]
    assert [k for k in UNINSTALL_ORDER if k != "Service"] == kinds


def test_uninstall_ties_break_on_manifest_key_lexicographically() -> None:
    items = [("Secret", "manifest-2"), ("Secret", "manifest-10"), ("Deployment", "manifest-1")]
    assert _sort(items, UNINSTALL_ORDER) == [
        ("Deployment", "manifest-1"),
        ("Secret", "manifest-10"),
        ("Secret", "manifest-2"),
    ]
