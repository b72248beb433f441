"""Fixtures for ops tests: a chart directory on disk and the fake Tiller API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.ops.fake_api import FakeAPI, release

CHART_YAML = "apiVersion: v1\nname: demo\nversion: 0.1.0\nappVersion: '1.0'\n"
TEMPLATE = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  color: {{ .Values.color }}
"""


def write_chart(root: Path, *, deprecated: bool = False, requirements: str = "") -> Path:
    chart = root / "demo"
    (chart / "templates").mkdir(parents=True)
    extra = "deprecated: true\n" if deprecated else ""
    (chart / "Chart.yaml").write_text(CHART_YAML + extra)
    (chart / "values.yaml").write_text("color: blue\npassword: hunter2\n")
    (chart / "templates" / "cm.yaml").write_text(TEMPLATE)
    if requirements:
        (chart / "requirements.yaml").write_text(requirements)
    return chart


@pytest.fixture
def chart_dir(tmp_path: Path) -> Path:
    return write_chart(tmp_path)


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI(releases={"web": [release("web")]})
