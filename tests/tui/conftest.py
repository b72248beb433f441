"""Fixtures for Pilot tests: the app over a fake Tiller, in UTC, with the bundled themes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest

from app.tui.app import HelmTuiApp
from app.tui.config import TuiConfig
from app.tui.themes import BUNDLED_THEMES
from tests.tui.fakes import FakeTiller, connection


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """Times render in local time; pin it so assertions and snapshots are stable."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


AppFactory = Callable[..., HelmTuiApp]


@pytest.fixture
def make_app() -> AppFactory:
    """Build a HelmTuiApp over a fake Tiller (``tiller=...``, ``config=...``)."""

    def build(
        tiller: FakeTiller | None = None,
        config: TuiConfig | None = None,
        startup_error: BaseException | None = None,
    ) -> HelmTuiApp:
        return HelmTuiApp(
            tiller if tiller is not None else FakeTiller(),
            connection(),
            config or TuiConfig(),
            theme_dirs=[BUNDLED_THEMES],
            startup_error=startup_error,
        )

    return build
