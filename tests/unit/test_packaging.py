"""The wheel carries the three top-level packages and both console scripts; the Tiller
image is non-root and exposes Helm's ports."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contents(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("helm_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for module in (
        "hapi/services/tiller_pb2.py",
        "hapi/release/release_pb2.py",
        "tiller/__main__.py",
        "app/cli.py",
        "app/tui/_themes/helm-dark.toml",
    ):
        assert module in names
    assert not any(n.startswith(("tests/", "protos/gen/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "helm-tui = app.cli:main" in text and "tiller = tiller.__main__:main" in text


def test_dockerfile_runs_tiller_as_non_root_on_helms_ports() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", text, re.M)
    assert re.search(r"^EXPOSE 44134 44135$", text, re.M)
    user = re.findall(r"^USER (\S+)$", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r'^ENTRYPOINT \["tiller"\]$', text, re.M)
