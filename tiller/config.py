"""Tiller's command-line flags and environment, as Helm v2's Tiller reads them."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

STORAGE_DRIVERS = ("configmap", "secret", "memory")
_SERVICE_ACCOUNT_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")


@dataclass(frozen=True)
class TlsConfig:
    """Server TLS material; ``verify`` requires and checks client certificates (mTLS)."""

    cert: Path
    key: Path
    ca_cert: Path | None
    verify: bool


@dataclass(frozen=True)
class TillerConfig:
    """Everything Tiller needs to start."""

    listen: str
    probe_listen: str
    storage: str
    history_max: int
    namespace: str
    kubeconfig: str | None
    tls: TlsConfig | None
    log_level: str
    storage_cache: bool = True


def _env_flag(name: str) -> bool:
    return bool(os.environ.get(name, ""))


def _parse_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {value!r}")


def default_namespace() -> str:
    """TILLER_NAMESPACE, else the pod's service-account namespace, else kube-system."""
    env = os.environ.get("TILLER_NAMESPACE")
    if env:
        return env
    try:
        return _SERVICE_ACCOUNT_NAMESPACE.read_text().strip() or "kube-system"
    except OSError:
        return "kube-system"


def build_parser() -> argparse.ArgumentParser:
    """The flag set of Helm v2's tiller binary (the parts this Tiller implements)."""
    certs = Path(os.environ.get("TILLER_TLS_CERTS", "/etc/certs"))
    p = argparse.ArgumentParser(prog="tiller", description="Tiller: the Helm v2 release server")
    p.add_argument("--listen", default=":44134", help="address:port to listen on")
    p.add_argument(
        "--probe-listen", default=":44135", help="address:port for /readiness and /liveness"
    )
    p.add_argument(
        "--storage", default="configmap", choices=STORAGE_DRIVERS, help="release storage driver"
    )
    p.add_argument(
        "--history-max",
        type=int,
        default=int(os.environ.get("TILLER_HISTORY_MAX", "0") or 0),
        help="maximum number of revisions kept per release (0: no limit)",
    )
    p.add_argument(
        "--storage-cache",
        type=_parse_bool,
        default=_parse_bool(os.environ.get("TILLER_STORAGE_CACHE", "true") or "true"),
        help="serve reads from a watch-kept in-memory index of the storage (default true)",
    )
    p.add_argument("--kubeconfig", default=None, help="kubeconfig file (default: $KUBECONFIG)")
    p.add_argument("--tls", action="store_true", default=_env_flag("TILLER_TLS_ENABLE"))
    p.add_argument("--tls-verify", action="store_true", default=_env_flag("TILLER_TLS_VERIFY"))
    p.add_argument("--tls-cert", default=str(certs / "tls.crt"))
    p.add_argument("--tls-key", default=str(certs / "tls.key"))
    p.add_argument("--tls-ca-cert", default=str(certs / "ca.crt"))
    p.add_argument(
        "--log-level",
        default=os.environ.get("TILLER_LOG_LEVEL", "info"),
        choices=("debug", "info", "warning", "error"),
    )
    return p


def parse_config(argv: Sequence[str] | None = None) -> TillerConfig:
    """Parse flags (and their environment defaults) into a :class:`TillerConfig`."""
    args = build_parser().parse_args(argv)
    tls = None
    if args.tls or args.tls_verify:
        tls = TlsConfig(
            cert=Path(args.tls_cert),
            key=Path(args.tls_key),
            ca_cert=Path(args.tls_ca_cert) if args.tls_verify else None,
            verify=bool(args.tls_verify),
        )
    return TillerConfig(
        listen=args.listen,
        probe_listen=args.probe_listen,
        storage=args.storage,
        history_max=max(0, args.history_max),
        namespace=default_namespace(),
        kubeconfig=args.kubeconfig or os.environ.get("KUBECONFIG") or None,
        tls=tls,
        log_level=args.log_level,
        storage_cache=args.storage_cache,
    )


def grpc_address(listen: str) -> str:
    """Turn Go's ``:44134`` form into an address gRPC can bind (all interfaces)."""
    return f"0.0.0.0{listen}" if listen.startswith(":") else listen
