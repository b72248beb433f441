"""Helpers shared by command modules: Helm's TLS flags, connection settings, calling Tiller."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from app.client.client import TillerClient
    from app.client.settings import ConnectionSettings

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

T = TypeVar("T")


def add_tls_flags(parser: argparse.ArgumentParser) -> None:
    """Add Helm v2's client TLS flags; ``HELM_TLS_*`` apply when a flag is not given."""
    group = parser.add_argument_group("TLS flags")
    # store_const with default None (not store_true): "not given" must stay distinguishable
    # from "false" so that HELM_TLS_ENABLE / HELM_TLS_VERIFY can apply.
    group.add_argument(
        "--tls",
        action="store_const",
        const=True,
        help="enable TLS for request (without verifying Tiller's certificate) [HELM_TLS_ENABLE]",
    )
    group.add_argument(
        "--tls-verify",
        action="store_const",
        const=True,
        help="enable TLS for request and verify remote [HELM_TLS_VERIFY]",
    )
    group.add_argument(
        "--tls-ca-cert",
        metavar="FILE",
        help='path to TLS CA certificate file (default "$HELM_HOME/ca.pem") [HELM_TLS_CA_CERT]',
    )
    group.add_argument(
        "--tls-cert",
        metavar="FILE",
        help='path to TLS certificate file (default "$HELM_HOME/cert.pem") [HELM_TLS_CERT]',
    )
    group.add_argument(
        "--tls-key",
        metavar="FILE",
        help='path to TLS key file (default "$HELM_HOME/key.pem") [HELM_TLS_KEY]',
    )
    group.add_argument(
        "--tls-hostname",
        metavar="NAME",
        help="the server name used to verify the hostname on the returned certificates "
        "from the server [HELM_TLS_HOSTNAME]",
    )


def connection_settings(
    args: argparse.Namespace, env: dict[str, str] | None = None
) -> ConnectionSettings:
    """Resolve where and how to reach Tiller from global and TLS flags plus environment."""
    # Deferred: every parser build imports this module, few commands connect anywhere.
    from app.client.settings import ConnectionSettings, helm_home, resolve_host, resolve_tls

    environ = dict(os.environ) if env is None else env
    home = helm_home(args.home, environ)
    tls = resolve_tls(
        enable=getattr(args, "tls", None),
        verify=getattr(args, "tls_verify", None),
        ca_cert=getattr(args, "tls_ca_cert", None),
        cert=getattr(args, "tls_cert", None),
        key=getattr(args, "tls_key", None),
        hostname=getattr(args, "tls_hostname", None),
        home=home,
        env=environ,
    )
    return ConnectionSettings(
        host=resolve_host(args.host, environ),
        tls=tls,
        connect_timeout=float(args.tiller_connection_timeout),
        read_timeout=float(args.request_timeout),
    )


class _Session:
    """One event loop and one client per connection settings, shared by many commands."""

    def __init__(self) -> None:
        import asyncio

        self.runner = asyncio.Runner()
        self.clients: dict[ConnectionSettings, Any] = {}

    def call(self, settings: ConnectionSettings, work: Callable[[TillerClient], Awaitable[T]]) -> T:
        from app.client.client import TillerClient

        async def session() -> T:
            client = self.clients.get(settings)
            if client is None:
                client = self.clients[settings] = TillerClient(settings)
            return await work(client)

        return self.runner.run(session())

    def close(self) -> None:
        for client in self.clients.values():
            self.runner.run(client.close())
        self.runner.close()


_session: _Session | None = None


@contextlib.contextmanager
def tiller_session() -> Iterator[None]:
    """Within this block, ``call_tiller`` reuses one loop and connection (script mode)."""
    global _session
    outer, _session = _session, _Session()
    try:
        yield
    finally:
        current, _session = _session, outer
        if current is not None:
            current.close()


def call_tiller(args: argparse.Namespace, work: Callable[[TillerClient], Awaitable[T]]) -> T:
    """Connect as the flags say, run ``work`` with the client, close, return its result.

    Inside ``tiller_session()`` the connection stays open for the next call.

    Raises:
        app.client.TillerError: any failure; ``app.cli`` reports it.
    """
    import asyncio  # deferred, like gRPC: commands that never call Tiller skip both

    from app.client.client import TillerClient

    settings = connection_settings(args)
    if _session is not None:
        return _session.call(settings, work)

    async def session() -> T:
        async with TillerClient(settings) as client:
            return await work(client)

    return asyncio.run(session())
