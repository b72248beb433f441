"""A TCP proxy that a test can cut, to play an API server that goes away or restarts.

The shared local API server must not be stopped, so tests put this proxy between a Tiller
process and it: Tiller's kubeconfig names the proxy's address; TLS passes through
untouched (the server certificate is for 127.0.0.1, any port).

States, switched from the test thread:

* forwarding (after :meth:`TcpProxy.start` or :meth:`TcpProxy.restore`);
* :meth:`TcpProxy.cut`: the listener is closed (new connections are refused by the
  kernel) and every live connection is closed: the API server vanished;
* :meth:`TcpProxy.reset_new`: live connections are closed and new ones are accepted and
  reset at once, each counted in :attr:`TcpProxy.resets`: a restarting API server
  behind a load balancer, and a way for the test to see that Tiller noticed;
* :meth:`TcpProxy.stall`: connections stay open (new ones are accepted) but nothing
  gets through in either direction: a hung API server, or a network partition.

Example:
    with TcpProxy("127.0.0.1", 6443) as proxy:
        ...  # point a client at proxy.port
        proxy.cut()
        proxy.restore()
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType

_CHUNK = 64 * 1024


def _close(sock: socket.socket, *, reset: bool = False) -> None:
    """Close a socket; with ``reset``, send RST instead of FIN (linger 0)."""
    with contextlib.suppress(OSError):
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    """Forward 127.0.0.1:<port> to an upstream address, until told otherwise.

    Attributes:
        upstream: (host, port) connections are forwarded to.
        port: The local port (stable across :meth:`cut` / :meth:`restore`).
        accepted: Connections forwarded so far.
        resets: Connections reset by :meth:`reset_new` mode so far.
    """

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        """Prepare the proxy (nothing listens until :meth:`start`).

        Args:
            upstream_host: Where to forward.
            upstream_port: Port to forward to.
        """
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.accepted = 0
        self.resets = 0
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._live: set[socket.socket] = set()
        self._resetting = False
        self._stalled = False
        self._held: list[socket.socket] = []  # accepted while stalled, never forwarded
        self._changed = threading.Condition(self._lock)

    # ------------------------------------------------------------------ states

    def start(self) -> TcpProxy:
        """Listen on a free port and forward.

        Returns:
            self.
        """
        self._listen()
        return self

    def restore(self) -> None:
        """Forward again, on the same port ("the API server is back")."""
        with self._lock:
            self._resetting = False
            was_stalled, self._stalled = self._stalled, False
        if was_stalled:
            self._sever()  # their streams lost bytes: only new connections can work
        if self._listener is None:
            self._listen()

    def cut(self) -> None:
        """Stop listening and close every live connection ("the API server is gone")."""
        with self._lock:
            self._resetting = self._stalled = False
        self._stop_listening()
        self._sever()

    def reset_new(self) -> None:
        """Close live connections; accept new ones and reset them at once."""
        with self._lock:
            self._resetting, self._stalled = True, False
        if self._listener is None:
            self._listen()
        self._sever()

    def stall(self) -> None:
        """Let nothing through any more, without closing anything."""
        with self._lock:
            self._stalled = True
        if self._listener is None:
            self._listen()

    def wait_resets(self, count: int, timeout: float) -> bool:
        """Block until at least ``count`` connections were reset.

        Args:
            count: Resets to wait for (in total since the proxy was created).
            timeout: Seconds to wait at most.

        Returns:
            Whether that many resets happened.
        """
        with self._changed:
            return self._changed.wait_for(lambda: self.resets >= count, timeout)

    def stop(self) -> None:
        """Stop everything (end of test)."""
        self.cut()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ plumbing

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = int(listener.getsockname()[1])
        self._listener = listener
        self._acceptor = threading.Thread(
            target=self._accept_loop, args=(listener,), name=f"proxy-{self.port}", daemon=True
        )
        self._acceptor.start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is None:
            return
        # shutdown() wakes the thread blocked in accept(); close() alone may not.
        _close(listener)
        if self._acceptor is not None:
            self._acceptor.join(timeout=10)
            self._acceptor = None

    def _sever(self) -> None:
        with self._lock:
            live, self._live = self._live, set()
            live.update(self._held)
            self._held = []
        for sock in live:
            _close(sock)

    def _accept_loop(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: cut() or stop()
            with self._changed:
                resetting = self._resetting
                if resetting:
                    self.resets += 1
                    self._changed.notify_all()
                elif self._stalled:
                    self._held.append(client)
                    continue
            if resetting:
                _close(client, reset=True)
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                _close(client, reset=True)
                continue
            upstream.settimeout(None)
            with self._lock:
                self.accepted += 1
                self._live.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(_CHUNK):
                if not self._stalled:  # stalled: swallowed, as by a dead link
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._live.discard(src)
                self._live.discard(dst)
            _close(src)
            _close(dst)
