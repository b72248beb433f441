"""Plumbing of the script e2e tests: run ``helm-tui --script``, normalise, compare goldens.

Golden files live in ``tests/e2e/golden``; run with ``HELM_TUI_UPDATE_GOLDEN=1`` to
rewrite them from the current output (then review the diff).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
CHARTS = ROOT / "examples" / "charts"

# What changes from run to run, and what it becomes in golden files.
_VOLATILE = [
    (re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}"), "<TIME>"),
    (re.compile(r"\b(rel|st)-[0-9a-f]{8}\b"), r"<\1-NS>"),
    (re.compile(r"\b(web-hello)-[0-9a-f]{6,10}-[0-9a-z]{5}\b"), r"\1-<POD>"),
    (re.compile(r"\b10\.\d+\.\d+\.\d+\b"), "<IP>"),
    (re.compile(r"\b\d+(?:\.\d+)?s\b"), "<DURATION>"),
    (re.compile(r'"seconds":\d+,"nanos":\d+'), '"seconds":0,"nanos":0'),
    (re.compile(str(ROOT)), "<ROOT>"),
    (re.compile(r"(v\d+\.\d+\.\d+)\+g[0-9a-f]{7}"), r"\1+g<COMMIT>"),
]
# Resource tables (status) are aligned on the widths of volatile values (pod names,
# ages): their padding is collapsed. Their alignment is unit-tested.
_PADDING = re.compile(r"(?<=\S) {2,}(?=\S)")


def normalise(text: str, extra: Mapping[str, str] | None = None) -> str:
    """``text`` with run-specific values replaced by placeholders."""
    for literal, placeholder in (extra or {}).items():
        text = text.replace(literal, placeholder)
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    lines, in_table, previous = [], False, None
    for line in text.split("\n"):
        if line == "RESOURCES:":
            in_table = True
        elif in_table and (line.startswith(("NOTES:", "TEST SUITE:")) or line == previous == ""):
            in_table = False
        lines.append(_PADDING.sub("  ", line) if in_table else line)
        previous = line
    return "\n".join(lines)


def check_golden(name: str, actual: str) -> None:
    """Compare with ``golden/<name>`` (or rewrite it under HELM_TUI_UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    if os.environ.get("HELM_TUI_UPDATE_GOLDEN"):
        path.write_text(actual)
        return
    expected = path.read_text()
    assert actual == expected, f"{name} differs; rerun with HELM_TUI_UPDATE_GOLDEN=1 to see"


@dataclass
class Result:
    """A finished ``helm-tui`` process."""

    code: int
    out: str
    err: str


def run_script(
    text: str,
    workdir: Path,
    *flags: str,
    env: Mapping[str, str],
    name: str = "script.txt",
    timeout: float = 240,
) -> Result:
    """Write ``text`` to ``workdir/name`` and run ``helm-tui --script`` on it."""
    script = workdir / name
    script.write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", *flags, "--script", name],
        cwd=workdir,
        env={**env, "PYTHONPATH": str(ROOT), "TZ": "UTC"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def matches(document: Any, schema: Any, where: str = "$") -> list[str]:
    """Problems of ``document`` against a tiny schema language.

    A schema is a type (``str``, ``int``, ``bool``, ``dict``, ``list``), a tuple of
    types, a ``dict`` of required keys to schemas (extra keys allowed: the JSON is
    documented as open for additions), or a one-item ``list`` whose item schema every
    element must match.
    """
    if isinstance(schema, dict):
        if not isinstance(document, dict):
            return [f"{where}: expected an object, got {type(document).__name__}"]
        problems = []
        for key, sub in schema.items():
            if key not in document:
                problems.append(f"{where}: missing key {key!r}")
            else:
                problems += matches(document[key], sub, f"{where}.{key}")
        return problems
    if isinstance(schema, list):
        if not isinstance(document, list):
            return [f"{where}: expected a list, got {type(document).__name__}"]
        return [
            p for i, item in enumerate(document) for p in matches(item, schema[0], f"{where}[{i}]")
        ]
    types = schema if isinstance(schema, tuple) else (schema,)
    if isinstance(document, bool) and bool not in types:
        return [f"{where}: expected {types}, got bool"]
    return [] if isinstance(document, types) else [f"{where}: expected {types}, got {document!r}"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_directory(repo: Path, home: Path) -> Iterator[str]:
    """Run ``helm-tui serve`` over ``repo`` (its own process); yield its base URL."""
    port = _free_port()
    env = {**os.environ, "HELM_HOME": str(home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--repo-path", str(repo),
         "--address", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=1).close()  # noqa: S310 - local
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
