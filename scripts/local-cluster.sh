#!/usr/bin/env bash
# A real, local Kubernetes control plane for helm-tui's tests and development:
# etcd + kube-apiserver + kube-controller-manager (Kubernetes 1.20.2), on 127.0.0.1 only.
# There is no kubelet and no node: Pods stay Pending (see tests/fake_node.py for tests
# that need Ready Pods). Recipe: docs/local-cluster.md (shared docs).
#
# Usage: scripts/local-cluster.sh build|start|stop|status|env
#   build   Build kube-apiserver and kube-controller-manager once (Debian 12 source package
#           `kubernetes`), installing the needed apt packages as root. Cached outside the repo.
#   start   Build if needed, start the three processes, return once /readyz answers.
#           A no-op if the cluster is already running.
#   stop    Stop the processes and delete the runtime data. A no-op if stopped.
#   status  Print "running" (exit 0) or "stopped" (exit 3).
#   env     Print `export KUBECONFIG=...`; use as: eval "$(scripts/local-cluster.sh env)"
#
# Environment:
#   HELM_TUI_CACHE             cache root (default ~/.cache/helm-tui); binaries go to
#                              $HELM_TUI_CACHE/k8s-1.20.2/bin
#   HELM_TUI_CLUSTER_RUN       state dir: pids, ports, kubeconfig, logs
#                              (default $HELM_TUI_CACHE/run)
#   HELM_TUI_ETCD_PORT         etcd client port (default: first free from 23790)
#   HELM_TUI_ETCD_PEER_PORT    etcd peer port (default: first free from 23800)
#   HELM_TUI_APISERVER_PORT    kube-apiserver secure port (default: first free from 16443)
#                              An explicitly set port that is busy is an error.
#   HELM_TUI_CLUSTER_TIMEOUT   seconds to wait for readiness (default 120)
#   HELM_TUI_BUILD_LOCK_TIMEOUT seconds to wait for a concurrent build (default 3600)
#   HELM_TUI_KEEP_BUILD=1      keep the unpacked source tree and Go cache after a build
set -euo pipefail

readonly K8S_VERSION="1.20.2"
# Debian's source package version for upstream 1.20.2 (bookworm).
readonly DEB_SRC_PACKAGE="kubernetes"
readonly DEB_ORIG_VERSION="1.20.5+really1.20.2"
readonly APT_BUILD_PACKAGES=(golang-go rsync make etcd-server
    golang-github-modern-go-reflect2-dev ca-certificates curl openssl)
readonly APT_RUN_PACKAGES=(etcd-server ca-certificates curl openssl)
readonly REFLECT2_DEBIAN_DIR="/usr/share/gocode/src/github.com/modern-go/reflect2"
readonly CONTROLLERS='*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-route,-service,-attachdetach,-persistentvolume-binder,-persistentvolume-expander'

CACHE_DIR="${HELM_TUI_CACHE:-${HOME}/.cache/helm-tui}"
K8S_DIR="${CACHE_DIR}/k8s-${K8S_VERSION}"
BIN_DIR="${K8S_DIR}/bin"
RUN_DIR="${HELM_TUI_CLUSTER_RUN:-${CACHE_DIR}/run}"
STATE_FILE="${RUN_DIR}/state.env"
KUBECONFIG_FILE="${RUN_DIR}/kubeconfig"
LOG_DIR="${RUN_DIR}/logs"
TIMEOUT="${HELM_TUI_CLUSTER_TIMEOUT:-120}"
PROG="local-cluster"

# ----------------------------------------------------------------------------- helpers

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }

# die STEP MESSAGE [LOGFILE]: fail with the step name and, if given, the tail of a log.
die() {
    local step="$1" msg="$2" logfile="${3:-}"
    printf '%s: ERROR in step "%s": %s\n' "$PROG" "$step" "$msg" >&2
    if [[ -n "$logfile" && -f "$logfile" ]]; then
        printf '%s: --- last 40 lines of %s ---\n' "$PROG" "$logfile" >&2
        tail -n 40 "$logfile" >&2 || true
        printf '%s: --- end of log ---\n' "$PROG" >&2
    fi
    exit 1
}

# run_step STEP LOGFILE CMD...: run CMD with its output appended to LOGFILE; die on failure.
run_step() {
    local step="$1" logfile="$2"
    shift 2
    log "${step}..."
    printf '\n===== %s: %s =====\n' "$(date -u +%FT%TZ)" "$step" >>"$logfile"
    if ! "$@" >>"$logfile" 2>&1 </dev/null; then
        die "$step" "command failed: $*" "$logfile"
    fi
}

binaries_ok() {
    [[ -x "${BIN_DIR}/kube-apiserver" && -x "${BIN_DIR}/kube-controller-manager" ]]
}

pkg_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# pid_alive PID: true if PID is alive and is one of this cluster's processes (its command line
# names the data dir), so that a recycled pid from a stale state file is never touched.
pid_alive() {
    [[ -n "${1:-}" && -n "${DATA_DIR:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" || return 1
    [[ "$cmdline" == *"$DATA_DIR"* ]]
}

# port_in_use PORT: true if something listens on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pick_port ENVVAR DEFAULT [EXCLUDED...]: the port from ENVVAR, or the first free port from DEFAULT.
pick_port() {
    local var="$1" port="$2"
    shift 2
    local explicit="${!var:-}"
    if [[ -n "$explicit" ]]; then
        [[ "$explicit" =~ ^[0-9]+$ ]] || die "ports" "${var}=${explicit} is not a port number"
        port_in_use "$explicit" && die "ports" "${var}=${explicit}: port already in use"
        echo "$explicit"
        return
    fi
    local tries=0 ex busy
    while ((tries < 200)); do
        busy=0
        for ex in "$@"; do [[ "$ex" == "$port" ]] && busy=1; done
        if ((busy == 0)) && ! port_in_use "$port"; then
            echo "$port"
            return
        fi
        port=$((port + 1))
        tries=$((tries + 1))
    done
    die "ports" "no free port found near $2 (set ${var})"
}

# ----------------------------------------------------------------------------- apt

# Write deb-src entries derived from the machine's own Debian apt sources (no host names are
# hard-coded here). Only entries for this release's suites (e.g. bookworm, bookworm-updates)
# are mirrored, so third-party repositories without source indexes are left alone.
ensure_deb_src() {
    local codename out="/etc/apt/sources.list.d/helm-tui-deb-src.sources"
    # shellcheck disable=SC1091
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
    [[ -n "$codename" ]] || die "apt deb-src" "cannot read VERSION_CODENAME from /etc/os-release"
    local tmp
    tmp="$(mktemp)"
    {
        echo "# Generated by helm-tui scripts/local-cluster.sh from this machine's apt sources"
        echo "# (deb-src twins of the Debian entries, to fetch the kubernetes source package)."
        echo
        local f
        for f in /etc/apt/sources.list.d/*.sources; do
            [[ -f "$f" && "$f" != "$out" ]] || continue
            # deb822: print each stanza that has Types: deb and a suite of this release,
            # with Types: deb-src.
            awk -v cn="$codename" '
                function flush() {
                    if (n > 0 && isdeb && ours) {
                        for (i = 1; i <= n; i++) print lines[i]
                        print ""
                    }
                    n = 0; isdeb = 0; ours = 0
                }
                /^[[:space:]]*$/ { flush(); next }
                /^[[:space:]]*#/ { next }
                {
                    line = $0
                    if (tolower($1) == "types:") {
                        for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1
                        line = "Types: deb-src"
                    } else if (tolower($1) == "suites:") {
                        for (i = 2; i <= NF; i++)
                            if ($i == cn || index($i, cn "-") == 1) ours = 1
                    } else if (tolower($1) == "enabled:" && tolower($2) == "no") {
                        isdeb = 0
                    }
                    lines[++n] = line
                }
                END { flush() }
            ' "$f"
        done
        # One-line style: /etc/apt/sources.list and *.list
        local lists=()
        [[ -f /etc/apt/sources.list ]] && lists+=(/etc/apt/sources.list)
        for f in /etc/apt/sources.list.d/*.list; do
            [[ -f "$f" ]] && lists+=("$f")
        done
        if ((${#lists[@]} > 0)); then
            # "deb [opts] URI SUITE COMPONENTS..." -> deb822 stanza (keeps the options out).
            awk -v cn="$codename" '
                /^[[:space:]]*deb[[:space:]]/ {
                    opts = ""; f = 2
                    if ($2 ~ /^\[/) {
                        while (f <= NF && $f !~ /\]$/) { opts = opts " " $f; f++ }
                        opts = opts " " $f; f++
                    }
                    uri = $f; suite = $(f + 1)
                    if (!(suite == cn || index(suite, cn "-") == 1)) next
                    comps = ""
                    for (i = f + 2; i <= NF; i++) comps = comps " " $i
                    print "Types: deb-src"
                    print "URIs: " uri
                    print "Suites: " suite
                    print "Components:" comps
                    if (match(opts, /signed-by=[^] ]+/))
                        print "Signed-By: " substr(opts, RSTART + 10, RLENGTH - 10)
                    print ""
                }
            ' "${lists[@]}"
        fi
    } >"$tmp"
    if ! grep -q '^Types: deb-src' "$tmp"; then
        rm -f "$tmp"
        die "apt deb-src" "no Debian 'deb' entries for suite '${codename}' found in /etc/apt"
    fi
    if [[ -f "$out" ]] && cmp -s "$tmp" "$out"; then
        rm -f "$tmp"
        return 1 # unchanged
    fi
    install -m 0644 "$tmp" "$out" || die "apt deb-src" "cannot write ${out}"
    rm -f "$tmp"
    return 0 # changed
}

APT_UPDATED=0

apt_get() {
    DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
}

# ensure_packages LOGFILE PKG...: install missing packages (needs root).
ensure_packages() {
    local logfile="$1"
    shift
    local missing=() p
    for p in "$@"; do
        pkg_installed "$p" || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    is_root || die "apt install" "missing packages: ${missing[*]} (run as root, or install them: apt-get install ${missing[*]})"
    if [[ "$APT_UPDATED" != 1 ]]; then
        run_step "apt-get update" "$logfile" apt_get update
        APT_UPDATED=1
    fi
    run_step "apt-get install ${missing[*]}" "$logfile" \
        apt_get install --no-install-recommends "${missing[@]}"
}

# ----------------------------------------------------------------------------- build

cmd_build() {
    mkdir -p "$K8S_DIR"
    if binaries_ok; then
        log "binaries cached in ${BIN_DIR}"
        return 0
    fi
    local lock="${K8S_DIR}/build.lock"
    exec 8>"$lock"
    if ! flock -n 8; then
        log "another build is running; waiting for it (lock ${lock})..."
        flock -w "${HELM_TUI_BUILD_LOCK_TIMEOUT:-3600}" 8 ||
            die "build lock" "timed out waiting for the concurrent build (lock ${lock})"
    fi
    if binaries_ok; then
        log "binaries built by a concurrent build in ${BIN_DIR}"
        exec 8>&-
        return 0
    fi
    local started=$SECONDS
    local blog="${K8S_DIR}/build.log"
    : >"$blog"
    log "building Kubernetes ${K8S_VERSION} (about 5-7 minutes, 1.4 GB RAM); log: ${blog}"

    is_root || die "build" "the first build installs apt packages and must run as root"
    if ensure_deb_src || ! apt-get source --print-uris "$DEB_SRC_PACKAGE" >/dev/null 2>&1; then
        run_step "apt-get update (deb-src)" "$blog" apt_get update
        APT_UPDATED=1
    fi
    ensure_packages "$blog" "${APT_BUILD_PACKAGES[@]}"

    local dl="${K8S_DIR}/download"
    local orig="${DEB_SRC_PACKAGE}_${DEB_ORIG_VERSION}.orig.tar.gz"
    mkdir -p "$dl"
    if [[ ! -s "${dl}/${orig}" ]]; then
        (cd "$dl" && run_step "apt-get source --download-only ${DEB_SRC_PACKAGE}" "$blog" \
            apt_get source --download-only "$DEB_SRC_PACKAGE")
        [[ -s "${dl}/${orig}" ]] ||
            die "apt-get source" "expected ${orig} in ${dl}" "$blog"
    fi

    local src="${K8S_DIR}/src"
    rm -rf "$src"
    mkdir -p "$src"
    run_step "unpack ${orig}" "$blog" tar -xzf "${dl}/${orig}" -C "$src" --strip-components=1
    [[ -f "${src}/cmd/kube-apiserver/apiserver.go" && -d "${src}/vendor" ]] ||
        die "unpack" "${orig} does not look like the Kubernetes source tree" "$blog"

    # The vendored reflect2 1.0.1 breaks on Go >= 1.18 (nil pointer in reflect2.Type2 when
    # decoding maps); use Debian's 1.0.2 copy.
    local vr="${src}/vendor/github.com/modern-go/reflect2"
    [[ -d "$REFLECT2_DEBIAN_DIR" ]] ||
        die "reflect2 patch" "${REFLECT2_DEBIAN_DIR} missing (golang-github-modern-go-reflect2-dev)"
    log "patching vendored reflect2 with Debian's copy"
    find "$vr" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) -delete
    find "$REFLECT2_DEBIAN_DIR" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' \) \
        ! -name '*_test.go' -exec cp {} "$vr/" \;

    # GOPATH-mode build, as Debian's packaging does.
    mkdir -p "${src}/.go/src/k8s.io"
    ln -sfn "$src" "${src}/.go/src/k8s.io/kubernetes"
    (
        cd "${src}/.go/src/k8s.io/kubernetes"
        export GOPATH="${src}/.go" GO111MODULE=off CGO_ENABLED=0 GOFLAGS='' GOPROXY=off
        export GOCACHE="${K8S_DIR}/gocache" HOME="${K8S_DIR}/home"
        mkdir -p "$HOME"
        run_step "make kube-apiserver kube-controller-manager (go $(go env GOVERSION))" "$blog" \
            make WHAT="cmd/kube-apiserver cmd/kube-controller-manager"
    )
    local out="${src}/_output/local/bin/linux/amd64"
    for p in kube-apiserver kube-controller-manager; do
        [[ -x "${out}/${p}" ]] || die "make" "${out}/${p} was not produced" "$blog"
    done
    local tmpbin="${K8S_DIR}/bin.tmp"
    rm -rf "$tmpbin"
    mkdir -p "$tmpbin"
    cp "${out}/kube-apiserver" "${out}/kube-controller-manager" "$tmpbin/"
    "${tmpbin}/kube-apiserver" --version >>"$blog" 2>&1 ||
        die "verify" "built kube-apiserver does not run" "$blog"
    rm -rf "$BIN_DIR"
    mv "$tmpbin" "$BIN_DIR"
    if [[ "${HELM_TUI_KEEP_BUILD:-0}" != "1" ]]; then
        rm -rf "${src:?}" "${K8S_DIR:?}/gocache" "${K8S_DIR:?}/home"
    fi
    log "built in $((SECONDS - started)) s: ${BIN_DIR}"
    exec 8>&-
}

# ----------------------------------------------------------------------------- runtime

# load_state: read STATE_FILE into the current shell; false if there is none.
load_state() {
    [[ -f "$STATE_FILE" ]] || return 1
    # shellcheck disable=SC1090
    . "$STATE_FILE"
}

# all_alive: true if the state file exists and all three processes are alive.
all_alive() {
    load_state || return 1
    pid_alive "${ETCD_PID:-}" && pid_alive "${APISERVER_PID:-}" && pid_alive "${KCM_PID:-}"
}

api_get() { # api_get PATH: GET on the running apiserver with the admin token.
    curl -sSk --max-time 5 -H "Authorization: Bearer ${TOKEN}" \
        "https://127.0.0.1:${APISERVER_PORT}$1"
}

stop_pid() {
    local pid="$1" name="$2" i
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    log "${name} (pid ${pid}) did not stop; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
}

# Stop the processes in the state file and delete the data dir (logs are kept).
teardown() {
    load_state || return 0
    stop_pid "${KCM_PID:-}" kube-controller-manager
    stop_pid "${APISERVER_PID:-}" kube-apiserver
    stop_pid "${ETCD_PID:-}" etcd
    if [[ -n "${DATA_DIR:-}" && -d "$DATA_DIR" && "$DATA_DIR" == */helm-tui-cluster.* ]]; then
        rm -rf "$DATA_DIR"
    fi
    rm -f "$STATE_FILE" "$KUBECONFIG_FILE"
}

lock_run() {
    mkdir -p "$RUN_DIR"
    exec 7>"${RUN_DIR}.lock"
    flock -w 600 7 || die "run lock" "timed out waiting for ${RUN_DIR}.lock"
}

# spawn LOGFILE CMD...: start CMD detached (own session, no inherited fds); print its pid.
spawn() {
    local logfile="$1"
    shift
    setsid "$@" </dev/null >>"$logfile" 2>&1 7>&- 8>&- &
    echo $!
}

write_kubeconfig() {
    local ca_line="    insecure-skip-tls-verify: true"
    local crt="${DATA_DIR}/certs/apiserver.crt"
    if [[ -s "$crt" ]]; then
        ca_line="    certificate-authority-data: $(base64 -w0 <"$crt")"
    fi
    local tmp="${KUBECONFIG_FILE}.tmp"
    (
        umask 077
        cat >"$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: helm-tui-local
  cluster:
    server: https://127.0.0.1:${APISERVER_PORT}
${ca_line}
users:
- name: admin
  user:
    token: ${TOKEN}
contexts:
- name: helm-tui-local
  context:
    cluster: helm-tui-local
    user: admin
    namespace: default
current-context: helm-tui-local
EOF
    )
    mv "$tmp" "$KUBECONFIG_FILE"
}

write_state() {
    local tmp="${STATE_FILE}.tmp"
    cat >"$tmp" <<EOF
# helm-tui local cluster state (written by scripts/local-cluster.sh start)
DATA_DIR='${DATA_DIR}'
ETCD_PORT=${ETCD_PORT}
ETCD_PEER_PORT=${ETCD_PEER_PORT}
APISERVER_PORT=${APISERVER_PORT}
ETCD_PID=${ETCD_PID:-}
APISERVER_PID=${APISERVER_PID:-}
KCM_PID=${KCM_PID:-}
TOKEN='${TOKEN}'
KUBECONFIG_FILE='${KUBECONFIG_FILE}'
LOG_DIR='${LOG_DIR}'
EOF
    chmod 600 "$tmp"
    mv "$tmp" "$STATE_FILE"
}

# wait_until STEP LOGFILE PID DESCRIPTION CMD...: poll CMD until it succeeds, PID dies, or
# the timeout passes.
wait_until() {
    local step="$1" logfile="$2" pid="$3" what="$4"
    shift 4
    local deadline=$((SECONDS + TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        if ! pid_alive "$pid"; then
            start_failed "$step" "process exited while waiting for ${what}" "$logfile"
        fi
        if ((SECONDS >= deadline)); then
            start_failed "$step" "${what} not reached after ${TIMEOUT} s" "$logfile"
        fi
        sleep 0.5
    done
}

start_failed() {
    local step="$1" msg="$2" logfile="$3"
    write_state || true
    teardown || true
    die "$step" "$msg" "$logfile"
}

etcd_healthy() {
    local out
    out="$(curl -sf --max-time 2 "http://127.0.0.1:${ETCD_PORT}/health")" && [[ "$out" == *true* ]]
}
api_ready() { [[ "$(api_get /readyz)" == "ok" ]]; }
# The serviceaccount + token controllers of the controller-manager are working once the
# `default` ServiceAccount of namespace default exists with its token secret (needed to
# create Pods).
default_sa_ready() {
    local out
    out="$(api_get /api/v1/namespaces/default/serviceaccounts/default)" &&
        [[ "$out" == *'"secrets"'* ]]
}

already_running() {
    all_alive && api_ready || return 1
    log "already running: https://127.0.0.1:${APISERVER_PORT} (KUBECONFIG=${KUBECONFIG_FILE})"
}

cmd_start() {
    already_running && return 0
    # Build (under its own lock) before taking the run lock, so that concurrent starts
    # wait for the build rather than time out on the run lock.
    cmd_build
    lock_run
    already_running && return 0
    if [[ -f "$STATE_FILE" ]]; then
        log "cleaning up a stale or broken cluster"
        teardown
    fi
    # The binaries may come from a restored cache: make sure the runtime tools are there.
    mkdir -p "$LOG_DIR"
    if ! command -v etcd >/dev/null || ! command -v openssl >/dev/null ||
        ! command -v curl >/dev/null; then
        ensure_packages "${LOG_DIR}/apt.log" "${APT_RUN_PACKAGES[@]}"
    fi
    local etcd_bin
    etcd_bin="$(command -v etcd)" || die "etcd" "etcd not found (apt package etcd-server)"

    local started=$SECONDS
    ETCD_PORT="$(pick_port HELM_TUI_ETCD_PORT 23790)"
    ETCD_PEER_PORT="$(pick_port HELM_TUI_ETCD_PEER_PORT 23800 "$ETCD_PORT")"
    APISERVER_PORT="$(pick_port HELM_TUI_APISERVER_PORT 16443 "$ETCD_PORT" "$ETCD_PEER_PORT")"
    DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/helm-tui-cluster.XXXXXX")"
    TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    ETCD_PID="" APISERVER_PID="" KCM_PID=""
    mkdir -p "$LOG_DIR" "${DATA_DIR}/certs"
    local etcd_log="${LOG_DIR}/etcd.log" api_log="${LOG_DIR}/kube-apiserver.log"
    local kcm_log="${LOG_DIR}/kube-controller-manager.log" misc_log="${LOG_DIR}/setup.log"
    : >"$etcd_log"
    : >"$api_log"
    : >"$kcm_log"
    : >"$misc_log"
    write_state

    echo "${TOKEN},admin,admin,system:masters" >"${DATA_DIR}/tokens.csv"
    chmod 600 "${DATA_DIR}/tokens.csv"
    if ! openssl genrsa -out "${DATA_DIR}/sa.key" 2048 >>"$misc_log" 2>&1 ||
        ! openssl rsa -in "${DATA_DIR}/sa.key" -pubout -out "${DATA_DIR}/sa.pub" >>"$misc_log" 2>&1; then
        start_failed "service-account keys" "openssl failed" "$misc_log"
    fi

    log "starting etcd on 127.0.0.1:${ETCD_PORT}"
    ETCD_PID="$(spawn "$etcd_log" "$etcd_bin" --name helm-tui \
        --data-dir "${DATA_DIR}/etcd" \
        --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" \
        --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
        --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
        --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
        --initial-cluster "helm-tui=http://127.0.0.1:${ETCD_PEER_PORT}" \
        --listen-metrics-urls "" \
        --quota-backend-bytes 2147483648)"
    write_state
    wait_until "etcd" "$etcd_log" "$ETCD_PID" "etcd /health" etcd_healthy

    log "starting kube-apiserver on 127.0.0.1:${APISERVER_PORT}"
    APISERVER_PID="$(spawn "$api_log" "${BIN_DIR}/kube-apiserver" \
        --etcd-servers="http://127.0.0.1:${ETCD_PORT}" \
        --bind-address=127.0.0.1 \
        --advertise-address=127.0.0.1 \
        --secure-port="${APISERVER_PORT}" \
        --insecure-port=0 \
        --cert-dir="${DATA_DIR}/certs" \
        --token-auth-file="${DATA_DIR}/tokens.csv" \
        --authorization-mode=RBAC \
        --service-account-issuer=https://kubernetes.default.svc \
        --service-account-key-file="${DATA_DIR}/sa.pub" \
        --service-account-signing-key-file="${DATA_DIR}/sa.key" \
        --service-cluster-ip-range=10.0.0.0/24 \
        --allow-privileged=true \
        --profiling=false)"
    write_state
    wait_until "kube-apiserver" "$api_log" "$APISERVER_PID" "kube-apiserver /readyz" api_ready

    write_kubeconfig
    log "starting kube-controller-manager"
    local root_ca=()
    [[ -s "${DATA_DIR}/certs/apiserver.crt" ]] &&
        root_ca=(--root-ca-file="${DATA_DIR}/certs/apiserver.crt")
    KCM_PID="$(spawn "$kcm_log" "${BIN_DIR}/kube-controller-manager" \
        --kubeconfig="$KUBECONFIG_FILE" \
        --service-account-private-key-file="${DATA_DIR}/sa.key" \
        "${root_ca[@]}" \
        --use-service-account-credentials=false \
        --leader-elect=false \
        --bind-address=127.0.0.1 \
        --secure-port=0 \
        --port=0 \
        --controllers="${CONTROLLERS}" \
        --profiling=false)"
    write_state
    wait_until "kube-controller-manager" "$kcm_log" "$KCM_PID" \
        "the default ServiceAccount with its token" default_sa_ready

    log "ready in $((SECONDS - started)) s: https://127.0.0.1:${APISERVER_PORT}"
    log "kubeconfig: ${KUBECONFIG_FILE}  (eval \"\$($0 env)\")"
}

cmd_stop() {
    lock_run
    if [[ ! -f "$STATE_FILE" ]]; then
        log "not running"
        return 0
    fi
    teardown
    log "stopped"
}

cmd_status() {
    if all_alive; then
        local ready="not ready"
        api_ready && ready="ready"
        echo "running (${ready}): https://127.0.0.1:${APISERVER_PORT}" \
            "etcd=${ETCD_PID} kube-apiserver=${APISERVER_PID}" \
            "kube-controller-manager=${KCM_PID} kubeconfig=${KUBECONFIG_FILE}"
        return 0
    fi
    if [[ -f "$STATE_FILE" ]]; then
        echo "stopped (stale state in ${RUN_DIR}; run '$0 stop' to clean up)"
    else
        echo "stopped"
    fi
    return 3
}

cmd_env() {
    if ! all_alive || [[ ! -f "$KUBECONFIG_FILE" ]]; then
        die "env" "the local cluster is not running (run: $0 start)"
    fi
    printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_FILE"
}

main() {
    local cmd="${1:-}"
    case "$cmd" in
    build) cmd_build ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h | --help | help)
        sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
        ;;
    *)
        echo "usage: $0 build|start|stop|status|env" >&2
        exit 2
        ;;
    esac
}

main "$@"
