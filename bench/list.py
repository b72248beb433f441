"""ListReleases against 10,000 releases x 3 revisions in ConfigMap storage.

Usage (the local cluster must run: scripts/local-cluster.sh start):

    .venv/bin/python bench/list.py [--releases 10000] [--revisions 3] [--reseed]

Seeds the namespace ``helm-tui-bench`` once (in parallel; about 30,000 ConfigMaps) and
reuses it on later runs. Starts ``tiller`` as a real process on that storage, waits for
its ``/readiness`` probe (which waits for the storage index's first sync), and prints the
time to ready, the time to the first page of 256 releases, the time to the full list (one
request and paged by 256, as ``helm list`` pages), and Tiller's resident memory.
Targets: first page < 0.3 s, full list < 3 s, RSS < 200 MB.

``--storage-cache=false`` measures the direct API path. ``--no-wait-ready`` starts
calling as soon as the gRPC port answers, as before readiness waited for the index: such
early calls are served from the API server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
from hapi.chart import chart_pb2, config_pb2, metadata_pb2, template_pb2
from hapi.release import info_pb2, release_pb2, status_pb2
from hapi.services import tiller_pb2, tiller_pb2_grpc
from kubernetes import client, config

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.tiller_process import free_port  # noqa: E402
from tiller.storage.configmaps import ConfigMapsDriver  # noqa: E402
from tiller.storage.errors import ReleaseExistsError  # noqa: E402
from tiller.storage.storage import Storage  # noqa: E402

NAMESPACE = "helm-tui-bench"
SEEDED = "helm-tui.bench/seeded"
HEADER = (("x-helm-api-client", "v2.17.0"),)
S = status_pb2.Status
TEMPLATE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels: {app: web, release: {{ .Release.Name }}}
spec:
  replicas: {{ .Values.replicas }}
  selector: {matchLabels: {app: web, release: {{ .Release.Name }}}}
  template:
    metadata: {labels: {app: web, release: {{ .Release.Name }}}}
    spec:
      containers:
        - name: web
          image: "{{ .Values.image }}"
          ports: [{containerPort: 8080}]
"""


def release(name: str, version: int, status: int) -> release_pb2.Release:
    """A release of realistic size (a chart with templates, values and a manifest)."""
    chart = chart_pb2.Chart(
        metadata=metadata_pb2.Metadata(name="web", version="1.2.3", appVersion="4.5"),
        templates=[
            template_pb2.Template(name=f"templates/t{i}.yaml", data=TEMPLATE.encode())
            for i in range(3)
        ],
        values=config_pb2.Config(raw="replicas: 2\nimage: nginx:1.19\n" + "# tuning\n" * 20),
    )
    manifest = "".join(
        f"\n---\n# Source: web/templates/t{i}.yaml\n"
        + TEMPLATE.replace("{{ .Release.Name }}", name)
        .replace("{{ .Values.replicas }}", "2")
        .replace("{{ .Values.image }}", "nginx:1.19")
        for i in range(3)
    )
    rel = release_pb2.Release(
        name=name,
        namespace="apps",
        version=version,
        chart=chart,
        config=config_pb2.Config(raw=f"replicas: {version}\n"),
        manifest=manifest,
        info=info_pb2.Info(
            status=S(code=status, notes=f"{name} is ready"),  # type: ignore[arg-type]
            Description="Upgrade complete" if version > 1 else "Install complete",
        ),
    )
    rel.info.first_deployed.seconds = 1_600_000_000
    rel.info.last_deployed.seconds = 1_600_000_000 + version
    return rel


def seed(core: client.CoreV1Api, releases: int, revisions: int, workers: int) -> None:
    """Create every missing record, in parallel."""
    wanted = f"{releases}x{revisions}"
    try:
        ns = core.read_namespace(NAMESPACE)
        if (ns.metadata.annotations or {}).get(SEEDED) == wanted:
            print(f"reusing seeded namespace {NAMESPACE} ({wanted})")
            return
    except client.ApiException as err:
        if err.status != 404:
            raise
        core.create_namespace({"metadata": {"name": NAMESPACE}})
    existing: set[str] = set()
    token = None
    while True:
        page = core.list_namespaced_config_map(NAMESPACE, limit=5000, _continue=token)
        existing.update(cm.metadata.name for cm in page.items)
        token = page.metadata._continue
        if not token:
            break
    storage = Storage(ConfigMapsDriver(core, NAMESPACE))
    todo = [
        (f"rel-{i:05d}", v)
        for i in range(releases)
        for v in range(1, revisions + 1)
        if f"rel-{i:05d}.v{v}" not in existing
    ]
    print(f"seeding {len(todo)} ConfigMaps into {NAMESPACE} with {workers} workers...")
    started = time.monotonic()

    def create(item: tuple[str, int]) -> None:
        name, version = item
        status = S.DEPLOYED if version == revisions else S.SUPERSEDED
        with contextlib.suppress(ReleaseExistsError):
            storage.create(release(name, version, status))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, _ in enumerate(pool.map(create, todo), 1):
            if done % 5000 == 0:
                print(f"  {done}/{len(todo)} ({done / (time.monotonic() - started):.0f}/s)")
    core.patch_namespace(NAMESPACE, {"metadata": {"annotations": {SEEDED: wanted}}})
    print(f"seeded in {time.monotonic() - started:.1f} s")


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def wait_ready(probe_port: int, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """Poll ``/readiness`` until it answers 200; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"tiller exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{probe_port}/readiness", timeout=2
            ) as resp:
                if resp.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"tiller not ready after {timeout:.0f} s")


def list_once(
    stub: tiller_pb2_grpc.ReleaseServiceStub, limit: int, offset: str = ""
) -> tuple[int, str, float]:
    """One ListReleases call as the helm CLI makes it: (releases, next, seconds)."""
    req = tiller_pb2.ListReleasesRequest(
        limit=limit,
        offset=offset,
        sort_by=tiller_pb2.ListSort.NAME,
        status_codes=[S.DEPLOYED, S.FAILED],
    )
    started = time.perf_counter()
    count, nxt = 0, ""
    for resp in stub.ListReleases(req, metadata=HEADER, timeout=120):
        count += len(resp.releases)
        nxt = resp.next
    return count, nxt, time.perf_counter() - started


def paged(stub: tiller_pb2_grpc.ReleaseServiceStub, page: int) -> tuple[int, float]:
    """Every release, page by page (``next`` → ``offset``)."""
    total, offset, started = 0, "", time.perf_counter()
    while True:
        count, offset, _ = list_once(stub, page, offset)
        total += count
        if not offset:
            return total, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--revisions", type=int, default=3)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--reseed", action="store_true", help="forget the seeded marker")
    parser.add_argument(
        "--storage-cache",
        default="true",
        choices=("true", "false"),
        help="Tiller's --storage-cache (watch-kept in-memory index)",
    )
    parser.add_argument(
        "--settle", type=float, default=0.0, help="seconds to wait once ready (or started)"
    )
    parser.add_argument(
        "--no-wait-ready",
        action="store_true",
        help="call as soon as the gRPC port answers, without waiting for /readiness",
    )
    args = parser.parse_args()

    kubeconfig = os.environ.get("KUBECONFIG")
    if not kubeconfig:
        out = subprocess.run(
            ["bash", str(REPO / "scripts/local-cluster.sh"), "env"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        kubeconfig = out.strip().split("KUBECONFIG=", 1)[1]
    conf = client.Configuration()
    config.load_kube_config(config_file=kubeconfig, client_configuration=conf)
    conf.connection_pool_maxsize = args.workers
    core = client.CoreV1Api(client.ApiClient(conf))
    if args.reseed:
        core.patch_namespace(NAMESPACE, {"metadata": {"annotations": {SEEDED: None}}})
    seed(core, args.releases, args.revisions, args.workers)

    port, probe_port = free_port(), free_port()
    env = {**os.environ, "KUBECONFIG": kubeconfig, "TILLER_NAMESPACE": NAMESPACE}
    log = open(Path("/tmp") / f"bench-tiller-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tiller",
            "--storage",
            "configmap",
            "--listen",
            f"127.0.0.1:{port}",
            "--probe-listen",
            f"127.0.0.1:{probe_port}",
            f"--storage-cache={args.storage_cache}",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    started = time.monotonic()
    try:
        channel = grpc.insecure_channel(
            f"127.0.0.1:{port}", options=[("grpc.max_receive_message_length", 64 << 20)]
        )
        grpc.channel_ready_future(channel).result(timeout=30)
        stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
        print(f"tiller pid {proc.pid}, RSS after start {rss_mb(proc.pid)[0]:.0f} MB")
        if not args.no_wait_ready:
            wait_ready(probe_port, proc, timeout=120)
            now, peak = rss_mb(proc.pid)
            print(
                f"ready {time.monotonic() - started:.2f} s after start: "
                f"RSS {now:.0f} MB, peak {peak:.0f} MB"
            )
        if args.settle:
            time.sleep(args.settle)
            now, peak = rss_mb(proc.pid)
            print(f"after {args.settle:.0f} s settle: RSS {now:.0f} MB, peak {peak:.0f} MB")
        firsts = [list_once(stub, 256) for _ in range(3)]
        warm = min(t for _, _, t in firsts[1:])
        print(
            f"first page of 256:    cold {firsts[0][2]:.3f} s, warm best {warm:.3f} s "
            f"({firsts[0][0]} releases, next={firsts[0][1]})  [target < 0.3 s]"
        )
        fulls = [list_once(stub, 1_000_000) for _ in range(3)]
        warm = min(t for _, _, t in fulls[1:])
        print(
            f"full list, 1 request: cold {fulls[0][2]:.3f} s, warm best {warm:.3f} s "
            f"({fulls[0][0]} releases)  [target < 3 s]"
        )
        count, seconds = paged(stub, 256)
        print(f"full list, pages of 256: {seconds:.3f} s ({count} releases)")
        now, peak = rss_mb(proc.pid)
        print(f"tiller RSS: {now:.0f} MB now, {peak:.0f} MB peak  [target < 200 MB]")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
