"""gRPC server interceptor: Helm's client version check."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import grpc

from tiller.compat import incompatible_message, is_compatible

log = logging.getLogger("tiller.grpc")

VERSION_HEADER = "x-helm-api-client"
# Unary GetVersion is exempt so `helm version` works across versions. Streaming calls and
# the health check are not exempt (as in Helm v2.17).
_EXEMPT_METHODS = frozenset({"GetVersion"})

Handler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"
if TYPE_CHECKING:
    _Interceptor = grpc.ServerInterceptor[Any, Any]
else:  # grpc's classes are generic only in the type stubs
    _Interceptor = grpc.ServerInterceptor


def _client_version(details: grpc.HandlerCallDetails) -> str:
    for key, value in details.invocation_metadata or ():
        if key == VERSION_HEADER:
            return value if isinstance(value, str) else value.decode()
    return ""


def _rejecting_handler(handler: Handler, message: str) -> Handler:
    """A handler of the same shape as ``handler`` that fails with ``message``."""

    def abort(_request: Any, context: grpc.ServicerContext) -> Any:
        context.abort(grpc.StatusCode.UNKNOWN, message)

    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            abort, handler.request_deserializer, handler.response_serializer
        )
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            abort, handler.request_deserializer, handler.response_serializer
        )
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(
            abort, handler.request_deserializer, handler.response_serializer
        )
    return grpc.stream_stream_rpc_method_handler(
        abort, handler.request_deserializer, handler.response_serializer
    )


class VersionCheckInterceptor(_Interceptor):
    """Reject calls from clients whose ``x-helm-api-client`` version is incompatible."""

    def __init__(self, server_version: str) -> None:
        self._server_version = server_version

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Handler | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> Handler | None:
        """Pass compatible calls on; answer incompatible ones with Helm's error."""
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method.rsplit("/", 1)[-1]
        if method in _EXEMPT_METHODS and handler.unary_unary is not None:
            return handler
        client = _client_version(handler_call_details)
        if is_compatible(client, self._server_version):
            return handler
        log.warning("rejecting %s from client version %r", method, client)
        return _rejecting_handler(handler, incompatible_message(client, self._server_version))
