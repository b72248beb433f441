"""Opening the gRPC channel to Tiller, with Helm v2's limits and keepalive (spec §2.3)."""

from __future__ import annotations

import asyncio

import grpc

from app.client.errors import TillerError, TillerUnreachableError
from app.client.settings import ConnectionSettings
from app.client.tls import tls_channel

MAX_MESSAGE_BYTES = 20 * 1024 * 1024

CHANNEL_OPTIONS: tuple[tuple[str, int], ...] = (
    # Tiller sends up to 20 MiB (e.g. a release with a large chart); gRPC's default is 4 MiB.
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    # Tiller receives up to 20 MiB; failing here gives a clearer error than Tiller's reset.
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    # Helm pings every 30 s; Tiller accepts pings no more often than every 20 s.
    ("grpc.keepalive_time_ms", 30_000),
    # Keep pinging through long quiet calls (an install waiting on resources) so idle
    # timeouts in port-forwards and NATs do not cut them; gRPC stops after 2 by default.
    ("grpc.http2.max_pings_without_data", 0),
    # Own subchannels instead of gRPC's process-wide pool, so that a new channel really
    # makes a new connection attempt instead of inheriting a failed one's backoff.
    ("grpc.use_local_subchannel_pool", 1),
)


async def open_channel(settings: ConnectionSettings) -> grpc.aio.Channel:
    """Create (but do not yet connect) the channel ``settings`` describe.

    Raises:
        TlsError: TLS files are unusable, or Tiller's certificate could not be fetched.
        TillerUnreachableError: (``--tls`` only) Tiller could not be reached to fetch it.
    """
    if settings.tls is None:
        return grpc.aio.insecure_channel(settings.host, options=CHANNEL_OPTIONS)
    tls = await tls_channel(settings.host, settings.tls, settings.connect_timeout)
    return grpc.aio.secure_channel(
        settings.host, tls.credentials, options=CHANNEL_OPTIONS + tls.options
    )


async def wait_connected(channel: grpc.aio.Channel, settings: ConnectionSettings) -> None:
    """Wait until the channel is connected, or its first attempt has failed.

    A failed attempt returns at once rather than retrying until the timeout (Helm's
    blocking dial would): the call that follows fails fast with gRPC's own reason
    (refused, TLS, ...), which ``map_rpc_error`` turns into a useful message. Only an
    attempt that neither succeeds nor fails in time ends here.

    Raises:
        TillerUnreachableError: no connection within ``settings.connect_timeout``.
        TillerError: the channel was closed.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.connect_timeout
    state = channel.get_state(try_to_connect=True)
    while state not in (grpc.ChannelConnectivity.READY, grpc.ChannelConnectivity.TRANSIENT_FAILURE):
        if state == grpc.ChannelConnectivity.SHUTDOWN:
            raise TillerError("the connection to Tiller was closed; open a new client.")
        try:
            await asyncio.wait_for(channel.wait_for_state_change(state), deadline - loop.time())
        except TimeoutError:
            raise TillerUnreachableError(
                f"could not reach Tiller at {settings.host}: no connection after "
                f"{settings.connect_timeout:g} s. Is the address right and reachable? Set "
                "--host or HELM_HOST, or allow more time with --tiller-connection-timeout.",
                detail="connect timeout",
            ) from None
        state = channel.get_state(try_to_connect=True)
