"""Where Tiller is and how to talk to it: flags and environment, resolved as Helm v2 does.

Precedence for every setting: explicit value (a flag) > environment variable > default.
Pure: no gRPC here, so the CLI can resolve settings before paying for importing gRPC.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.client.errors import SettingsError
from app.version import CLIENT_VERSION

TILLER_PORT = 44134
# Where Helm would find Tiller through its Kubernetes port-forward (spec §2.4). Until that
# discovery exists, a Tiller on this machine's default port is the best guess.
# TODO(port-forward): with no --host/HELM_HOST, find the ready pod labelled
# app=helm,name=tiller in --tiller-namespace and tunnel to its port 44134.
DEFAULT_HOST = f"127.0.0.1:{TILLER_PORT}"
DEFAULT_TILLER_NAMESPACE = "kube-system"

# Helm's library dials with a 5 s connect timeout (its CLI passes 300 s, the
# --tiller-connection-timeout default). Refused connections fail at once regardless.
DEFAULT_CONNECT_TIMEOUT = 5.0
# Helm sets no deadline on calls at all. Reads should not hang forever, yet listing
# thousands of releases can take Tiller tens of seconds (it decodes every stored
# revision, helm/helm#3500), so reads get a minute.
DEFAULT_READ_TIMEOUT = 60.0


@dataclass(frozen=True)
class TlsSettings:
    """TLS towards Tiller (Helm's ``--tls*`` flags, spec §2.5).

    Attributes:
        verify: check Tiller's certificate against ``ca_cert`` (``--tls-verify``). When
            false (``--tls``), the connection is encrypted and the client certificate is
            presented, but Tiller's certificate is not checked against any CA.
        ca_cert: CA bundle used when ``verify``.
        cert: client certificate (PEM), always presented, as Helm does.
        key: the client certificate's private key (PEM).
        hostname: the name Tiller's certificate must carry (``--tls-hostname``); empty means
            the host part of the address dialled.
    """

    verify: bool
    ca_cert: Path
    cert: Path
    key: Path
    hostname: str = ""


@dataclass(frozen=True)
class ConnectionSettings:
    """Everything ``TillerClient`` needs to reach Tiller.

    Attributes:
        host: ``host:port`` of Tiller's gRPC port.
        tls: TLS settings, or ``None`` for plaintext (Tiller's default).
        connect_timeout: seconds to wait for a connection before giving up.
        read_timeout: deadline in seconds for read calls (version, list, status, ...).
        client_version: sent as ``x-helm-api-client`` on every call.
    """

    host: str = DEFAULT_HOST
    tls: TlsSettings | None = None
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    client_version: str = CLIENT_VERSION

    def __post_init__(self) -> None:
        split_host(self.host)  # fail early, with a useful message, on a malformed address


def split_host(address: str) -> tuple[str, int]:
    """Split ``host:port`` (``[v6]:port`` for IPv6) into its parts.

    Raises:
        SettingsError: the address has no usable host or port.
    """
    host, sep, port = address.rpartition(":")
    if sep and host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SettingsError(
            f"{address!r} is not a host:port address. Give Tiller's address as "
            f"--host HOST:PORT or HELM_HOST=HOST:PORT (Tiller listens on port {TILLER_PORT})."
        )
    return host, int(port)


def parse_go_bool(text: str) -> bool | None:
    """Parse a boolean the way Go's ``strconv.ParseBool`` does; ``None`` if it is not one.

    Helm reads ``HELM_TLS_ENABLE``/``HELM_TLS_VERIFY`` through its flag parser, which uses
    ParseBool and silently ignores values it cannot parse.
    """
    if text in ("1", "t", "T", "true", "TRUE", "True"):
        return True
    if text in ("0", "f", "F", "false", "FALSE", "False"):
        return False
    return None


def helm_home(flag: str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """Return ``$HELM_HOME``: ``--home``, else ``HELM_HOME``, else ``~/.helm``."""
    env = os.environ if env is None else env
    raw = flag or env.get("HELM_HOME") or "~/.helm"
    return Path(os.path.expanduser(os.path.expandvars(raw)))


def resolve_tls(
    *,
    enable: bool | None = None,
    verify: bool | None = None,
    ca_cert: str | None = None,
    cert: str | None = None,
    key: str | None = None,
    hostname: str | None = None,
    home: Path,
    env: Mapping[str, str] | None = None,
) -> TlsSettings | None:
    """Combine Helm's TLS flags with ``HELM_TLS_*`` and ``$HELM_HOME`` defaults.

    ``None`` for a flag means "not given on the command line". Returns ``None`` when TLS
    is off; ``--tls-verify`` turns TLS on by itself, as in Helm.
    """
    env = os.environ if env is None else env

    def flag_or_env_bool(value: bool | None, name: str) -> bool:
        if value is not None:
            return value
        return bool(parse_go_bool(env.get(name, "")))

    def path(value: str | None, name: str, default: str) -> Path:
        raw = value or env.get(name) or str(home / default)
        return Path(os.path.expanduser(os.path.expandvars(raw)))

    do_verify = flag_or_env_bool(verify, "HELM_TLS_VERIFY")
    if not (do_verify or flag_or_env_bool(enable, "HELM_TLS_ENABLE")):
        return None
    return TlsSettings(
        verify=do_verify,
        ca_cert=path(ca_cert, "HELM_TLS_CA_CERT", "ca.pem"),
        cert=path(cert, "HELM_TLS_CERT", "cert.pem"),
        key=path(key, "HELM_TLS_KEY", "key.pem"),
        hostname=hostname if hostname is not None else env.get("HELM_TLS_HOSTNAME", ""),
    )


def resolve_host(flag: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Return Tiller's address: ``--host``, else ``HELM_HOST``, else ``DEFAULT_HOST``."""
    env = os.environ if env is None else env
    return flag or env.get("HELM_HOST") or DEFAULT_HOST
