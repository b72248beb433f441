"""The architecture's import rules, checked by importing modules in a fresh interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _modules(package: str) -> list[str]:
    path = ROOT.joinpath(*package.split("."))
    if not path.exists():
        return []
    found = [package]
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        found.append(info.name)
    return found


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


RULES: list[tuple[str, set[str]]] = [
    ("tiller", {"app", "textual"}),
    ("tiller.engine", {"grpc", "kubernetes", "app", "textual"}),
    ("tiller.releases", {"grpc", "app", "textual"}),
    ("tiller.storage", {"grpc", "app", "textual"}),
    ("app.client", {"textual"}),
    ("app.ops", {"textual"}),
    ("app.script", {"textual"}),
    ("app.charts", {"textual", "grpc"}),
    ("app.repos", {"textual", "grpc"}),
    ("app.tui", {"grpc", "hapi"}),
]

CASES = [(mod, banned) for pkg, banned in RULES for mod in _modules(pkg)]


@pytest.mark.parametrize(("module", "banned"), CASES, ids=[c[0] for c in CASES])
def test_module_respects_boundaries(module: str, banned: set[str]) -> None:
    loaded = _roots(_loaded_after_import(module))
    assert not loaded & banned, f"{module} pulls in {sorted(loaded & banned)}"


def test_app_imports_only_the_engine_from_tiller() -> None:
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("from tiller", "import tiller")) and not stripped.startswith(
                ("from tiller.engine", "import tiller.engine")
            ):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert not offenders
