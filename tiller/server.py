"""Tiller's gRPC server: options, TLS, health, probes and graceful shutdown."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass
from types import FrameType

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from hapi.services import tiller_pb2_grpc

from tiller.config import TillerConfig, TlsConfig, grpc_address
from tiller.interceptors import VersionCheckInterceptor
from tiller.malloc import return_large_blocks_to_os
from tiller.probes import ProbeServer, Readiness, always_ready
from tiller.releases.env import Env
from tiller.servicer import ReleaseServicer
from tiller.storage.indexed import IndexedDriver
from tiller.storage.storage import Storage
from tiller.wiring import build_env

log = logging.getLogger("tiller")

MAX_MESSAGE_BYTES = 20 * 1024 * 1024
HEALTH_SERVICE = "Tiller"
GRACE_SECONDS = 10.0
# How long /readiness waits for the storage index's first sync at most. Past that Tiller
# reports ready anyway: reads then go to the API server, slower but correct (the index
# may never sync, e.g. when Tiller's service account may list ConfigMaps but not watch).
READINESS_WAIT_SECONDS = 60.0

# Helm v2: MaxConnectionIdle 10 min; clients may ping no more often than every 20 s.
SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_connection_idle_ms", 10 * 60 * 1000),
    ("grpc.http2.min_recv_ping_interval_without_data_ms", 20 * 1000),
    ("grpc.http2.min_ping_interval_without_data_ms", 20 * 1000),
    ("grpc.keepalive_permit_without_calls", 1),
    # gRPC Python enables SO_REUSEPORT by default, which would let a second Tiller
    # silently share a port that is already in use; fail to bind instead.
    ("grpc.so_reuseport", 0),
]


def _credentials(tls: TlsConfig) -> grpc.ServerCredentials:
    key, cert = tls.key.read_bytes(), tls.cert.read_bytes()
    root = tls.ca_cert.read_bytes() if tls.verify and tls.ca_cert else None
    return grpc.ssl_server_credentials(
        [(key, cert)], root_certificates=root, require_client_auth=tls.verify
    )


@dataclass
class RunningTiller:
    """A started Tiller: its servers and bound ports."""

    server: grpc.Server
    port: int
    probes: ProbeServer | None
    health: health.HealthServicer

    def stop(self, grace: float = GRACE_SECONDS) -> None:
        """Stop accepting calls, let running ones finish (up to ``grace`` s), then close."""
        self.health.enter_graceful_shutdown()
        self.server.stop(grace).wait()
        if self.probes is not None:
            self.probes.stop()


def storage_readiness(
    storage: Storage,
    max_wait: float = READINESS_WAIT_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> Readiness:
    """What ``/readiness`` reports for a storage: ready once its index has synced.

    Args:
        storage: Tiller's storage.
        max_wait: Seconds after which Tiller is ready even if the index has not synced.
        clock: Monotonic time source.

    Returns:
        The readiness check.
    """
    driver = storage.driver
    if not isinstance(driver, IndexedDriver):
        return always_ready
    deadline = clock() + max_wait

    def ready() -> bool:
        return driver.synced or clock() >= deadline

    return ready


def start(config: TillerConfig, env: Env | None = None, *, probes: bool = True) -> RunningTiller:
    """Start Tiller's servers and return at once.

    Args:
        config: flags and environment.
        env: collaborators to use instead of the ones ``config`` describes (tests).
        probes: whether to start the HTTP probe server.
    """
    env = env or build_env(config)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=32, thread_name_prefix="rpc"),
        interceptors=[VersionCheckInterceptor(env.version.sem_ver)],
        options=SERVER_OPTIONS,
    )
    tiller_pb2_grpc.add_ReleaseServiceServicer_to_server(ReleaseServicer(env), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    address = grpc_address(config.listen)
    if config.tls is not None:
        port = server.add_secure_port(address, _credentials(config.tls))
    else:
        port = server.add_insecure_port(address)
    server.start()
    health_servicer.set(HEALTH_SERVICE, health_pb2.HealthCheckResponse.SERVING)
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    probe_server = None
    if probes:
        probe_server = ProbeServer(
            grpc_address(config.probe_listen), storage_readiness(env.storage)
        )
        probe_server.start()
    log.info(
        "Tiller %s listening on %s (port %d), storage %s, namespace %s%s",
        env.version.sem_ver,
        address,
        port,
        config.storage,
        config.namespace,
        ", TLS" + (" with client verification" if config.tls.verify else "") if config.tls else "",
    )
    return RunningTiller(server=server, port=port, probes=probe_server, health=health_servicer)


def serve(config: TillerConfig) -> None:
    """Run Tiller until SIGTERM or SIGINT, then stop gracefully."""
    return_large_blocks_to_os()
    running = start(config)
    stopping = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, stopping", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    stopping.wait()
    running.stop()
    log.info("Tiller stopped")
