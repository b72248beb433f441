"""Run ``tiller`` as a real process on a free port, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
from hapi.services import tiller_pb2, tiller_pb2_grpc

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TillerProcess:
    """A running tiller subprocess."""

    process: subprocess.Popen[str]
    port: int
    probe_port: int
    log_path: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text()

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM, then wait; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def _wait_ready(
    proc: TillerProcess,
    deadline: float,
    credentials: grpc.ChannelCredentials | None,
    options: list[tuple[str, object]],
) -> None:
    while time.monotonic() < deadline:
        if proc.process.poll() is not None:
            raise RuntimeError(f"tiller exited with {proc.process.returncode}:\n{proc.log()}")
        channel = (
            grpc.secure_channel(proc.address, credentials, options=options)
            if credentials
            else grpc.insecure_channel(proc.address)
        )
        try:
            stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
            stub.GetVersion(tiller_pb2.GetVersionRequest(), timeout=1)
            return
        except grpc.RpcError:
            time.sleep(0.1)
        finally:
            channel.close()
    raise RuntimeError(f"tiller did not become ready:\n{proc.log()}")


@contextmanager
def run_tiller(
    tmp_path: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    credentials: grpc.ChannelCredentials | None = None,
    channel_options: list[tuple[str, object]] | None = None,
    timeout: float = 30.0,
) -> Iterator[TillerProcess]:
    """Start ``python -m tiller ARGS`` and yield it once GetVersion answers."""
    port, probe_port = free_port(), free_port()
    log_path = tmp_path / f"tiller-{port}.log"
    full_env = dict(os.environ if env is None else env)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tiller",
                "--listen",
                f"127.0.0.1:{port}",
                "--probe-listen",
                f"127.0.0.1:{probe_port}",
                *args,
            ],
            cwd=REPO_ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    proc = TillerProcess(process, port, probe_port, log_path)
    try:
        _wait_ready(proc, time.monotonic() + timeout, credentials, channel_options or [])
        yield proc
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
