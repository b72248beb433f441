#!/usr/bin/env bash
# The whole test suite, as CI runs it: set-up, lint, types, then every test
# (unit, in-process gRPC, TUI, corpus, and end-to-end on a real local cluster).
# Usage: scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-venv.sh
PY=.venv/bin

echo "==> local Kubernetes control plane"
scripts/local-cluster.sh start
eval "$(scripts/local-cluster.sh env)"

echo "==> ruff"
"$PY/ruff" check .
"$PY/ruff" format --check .
echo "==> mypy (strict)"
"$PY/mypy" app tiller
echo "==> pytest"
"$PY/pytest" -p no:cacheprovider "$@"
