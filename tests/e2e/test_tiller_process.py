"""Tiller as a real process: start-up, probes, TLS, graceful stop (no cluster needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import grpc
import pytest
from hapi.services import tiller_pb2, tiller_pb2_grpc

from tests.e2e.tiller_process import REPO_ROOT, run_tiller
from tests.tls_certs import make_certs

HEADER = (("x-helm-api-client", "v2.17.0"),)


def _env_without_cluster() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("KUBECONFIG", "KUBERNETES_SERVICE_HOST")
    }
    env["HOME"] = "/nonexistent"  # no ~/.kube/config either
    return env


def test_memory_storage_needs_no_cluster_and_stops_on_sigterm(tmp_path: Path) -> None:
    with run_tiller(tmp_path, "--storage", "memory", env=_env_without_cluster()) as tiller:
        channel = grpc.insecure_channel(tiller.address)
        stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
        assert stub.GetVersion(tiller_pb2.GetVersionRequest()).Version.sem_ver == "v2.17.0"
        assert list(stub.ListReleases(tiller_pb2.ListReleasesRequest(), metadata=HEADER)) == []
        with pytest.raises(grpc.RpcError) as err:
            stub.GetReleaseContent(tiller_pb2.GetReleaseContentRequest(name="x"), metadata=HEADER)
        assert err.value.details() == 'no revision for release "x"'
        for path in ("/readiness", "/liveness"):
            with urllib.request.urlopen(f"http://127.0.0.1:{tiller.probe_port}{path}") as resp:
                assert resp.status == 200
        channel.close()
        assert tiller.stop() == 0
        assert "Tiller stopped" in tiller.log()


def test_cluster_storage_without_a_cluster_refuses_to_start_clearly() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tiller",
            "--storage",
            "configmap",
            "--listen",
            "127.0.0.1:0",
            "--probe-listen",
            "127.0.0.1:0",
        ],
        cwd=REPO_ROOT,
        env=_env_without_cluster(),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 1
    assert "--storage configmap needs a Kubernetes cluster" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with run_tiller(tmp_path, "--storage", "memory", env=_env_without_cluster()) as tiller:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "tiller",
                "--storage",
                "memory",
                "--listen",
                tiller.address,
                "--probe-listen",
                "127.0.0.1:0",
            ],
            cwd=REPO_ROOT,
            env=_env_without_cluster(),
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert proc.returncode == 1
    assert "cannot start" in proc.stderr and "Traceback" not in proc.stderr


def test_mutual_tls(tmp_path: Path) -> None:
    certs = make_certs(tmp_path)
    args = [
        "--storage",
        "memory",
        "--tls-verify",
        "--tls-cert",
        str(certs.server_cert),
        "--tls-key",
        str(certs.server_key),
        "--tls-ca-cert",
        str(certs.ca),
    ]
    good = grpc.ssl_channel_credentials(
        root_certificates=certs.ca.read_bytes(),
        private_key=certs.client_key.read_bytes(),
        certificate_chain=certs.client_cert.read_bytes(),
    )
    with run_tiller(tmp_path, *args, env=_env_without_cluster(), credentials=good) as tiller:
        with grpc.secure_channel(tiller.address, good) as channel:
            stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
            assert stub.GetVersion(tiller_pb2.GetVersionRequest(), timeout=5).Version.sem_ver
        no_client_cert = grpc.ssl_channel_credentials(root_certificates=certs.ca.read_bytes())
        with grpc.secure_channel(tiller.address, no_client_cert) as channel:
            stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
            with pytest.raises(grpc.RpcError) as err:
                stub.GetVersion(tiller_pb2.GetVersionRequest(), timeout=5)
            assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        with grpc.insecure_channel(tiller.address) as channel:
            stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
            with pytest.raises(grpc.RpcError):
                stub.GetVersion(tiller_pb2.GetVersionRequest(), timeout=5)


def test_tls_without_client_verification(tmp_path: Path) -> None:
    certs = make_certs(tmp_path)
    args = [
        "--storage",
        "memory",
        "--tls",
        "--tls-cert",
        str(certs.server_cert),
        "--tls-key",
        str(certs.server_key),
    ]
    creds = grpc.ssl_channel_credentials(root_certificates=certs.ca.read_bytes())
    with (
        run_tiller(tmp_path, *args, env=_env_without_cluster(), credentials=creds) as tiller,
        grpc.secure_channel(tiller.address, creds) as channel,
    ):
        stub = tiller_pb2_grpc.ReleaseServiceStub(channel)
        assert stub.GetVersion(tiller_pb2.GetVersionRequest(), timeout=5).Version.sem_ver
