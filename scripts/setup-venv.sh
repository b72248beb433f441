#!/usr/bin/env bash
# Create .venv and install helm-tui with its dev/test dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: Python >= 3.11 is required (found: $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "==> installing python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    "$PYTHON" -m venv .venv
fi
# Reinstall only when the dependency list or the pinned versions changed.
stamp=.venv/.installed-$(cat pyproject.toml scripts/constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
    echo "==> installing helm-tui and its dependencies"
    # Pinned (scripts/constraints.txt) so every run tests with the same libraries.
    .venv/bin/pip install -q --disable-pip-version-check -c scripts/constraints.txt -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi
