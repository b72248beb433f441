"""Tiller fixes glibc's mmap threshold at start-up, and runs anywhere without one."""

from __future__ import annotations

from typing import Any

import pytest

from tiller import malloc


class FakeLibc:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append((param, value))
        return 1


def test_sets_the_mmap_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    libc = FakeLibc()
    monkeypatch.setattr(malloc.ctypes, "CDLL", lambda _name: libc)
    assert malloc.return_large_blocks_to_os(4096)
    assert libc.calls == [(-3, 4096)]


def test_a_libc_without_mallopt_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_mallopt(_name: Any) -> object:
        return object()

    monkeypatch.setattr(malloc.ctypes, "CDLL", no_mallopt)
    assert not malloc.return_large_blocks_to_os()
