#!/usr/bin/env bash
# One command, on a fresh Debian machine: set everything up and run helm-tui's main job
# on an embedded default — a local Kubernetes control plane, Tiller on it, a local chart
# repository serving the example charts — then open helm-tui against it.
#
# Usage: scripts/demo.sh [stop [--cluster]]
# Environment: HELM_TUI_DEMO_DIR (state, default ~/.cache/helm-tui/demo),
#              TILLER_PORT (44134), REPO_PORT (8879).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DEMO_DIR=${HELM_TUI_DEMO_DIR:-$HOME/.cache/helm-tui/demo}
TILLER_PORT=${TILLER_PORT:-44134}
REPO_PORT=${REPO_PORT:-8879}
mkdir -p "$DEMO_DIR"

stop_pid() {
    local file=$1
    if [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then
        kill "$(cat "$file")" && echo "stopped $(basename "$file" .pid)"
    fi
    rm -f "$file"
}

if [ "${1:-}" = "stop" ]; then
    stop_pid "$DEMO_DIR/tiller.pid"
    stop_pid "$DEMO_DIR/repo.pid"
    # The cluster is shared with the test suite: stop it only when asked.
    if [ "${2:-}" = "--cluster" ]; then
        scripts/local-cluster.sh stop
    fi
    exit 0
fi

scripts/setup-venv.sh
export PATH=$ROOT/.venv/bin:$PATH

echo "==> local Kubernetes control plane (first run builds it: ~10 minutes)"
scripts/local-cluster.sh start
eval "$(scripts/local-cluster.sh env)"

if ! { [ -f "$DEMO_DIR/tiller.pid" ] && kill -0 "$(cat "$DEMO_DIR/tiller.pid")" 2>/dev/null; }; then
    echo "==> Tiller on 127.0.0.1:$TILLER_PORT (ConfigMap storage in kube-system)"
    TILLER_GIT_COMMIT=$(git rev-parse HEAD 2>/dev/null || true) \
    TILLER_GIT_TREE_STATE=$( [ -z "$(git status --porcelain 2>/dev/null)" ] && echo clean || echo dirty) \
    TILLER_NAMESPACE=kube-system nohup tiller --listen "127.0.0.1:$TILLER_PORT" \
        --probe-listen "127.0.0.1:$((TILLER_PORT + 1))" --storage configmap \
        >"$DEMO_DIR/tiller.log" 2>&1 &
    echo $! >"$DEMO_DIR/tiller.pid"
fi
export HELM_HOST=127.0.0.1:$TILLER_PORT
for _ in $(seq 1 50); do
    helm-tui version --server >/dev/null 2>&1 && break
    sleep 0.2
done

if helm-tui serve --help >/dev/null 2>&1; then
    export HELM_HOME=$DEMO_DIR/helm-home
    repo_dir=$DEMO_DIR/repo
    mkdir -p "$repo_dir"
    if [ ! -f "$HELM_HOME/repository/repositories.yaml" ]; then
        helm-tui init --client-only >/dev/null
    fi
    for chart in examples/charts/*/; do
        [ -f "$chart/Chart.yaml" ] && helm-tui package "$chart" -d "$repo_dir" >/dev/null
    done
    if ! { [ -f "$DEMO_DIR/repo.pid" ] && kill -0 "$(cat "$DEMO_DIR/repo.pid")" 2>/dev/null; }; then
        echo "==> chart repository on http://127.0.0.1:$REPO_PORT/charts"
        nohup helm-tui serve --repo-path "$repo_dir" --address "127.0.0.1:$REPO_PORT" \
            >"$DEMO_DIR/repo.log" 2>&1 &
        echo $! >"$DEMO_DIR/repo.pid"
        sleep 1
    fi
    # Point the `local` repository at this server (its port may be overridden).
    helm-tui repo remove local >/dev/null 2>&1 || true
    helm-tui repo add local "http://127.0.0.1:$REPO_PORT/charts" >/dev/null
fi

echo "==> helm-tui version"
helm-tui version
echo "==> helm-tui list --all"
helm-tui list --all
echo
echo "Tiller: $HELM_HOST   (stop: scripts/demo.sh stop [--cluster])"
if [ -t 0 ] && [ -t 1 ] && helm-tui --help 2>/dev/null | grep -q -- "--script"; then
    exec helm-tui
fi
