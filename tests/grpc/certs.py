"""Throw-away TLS material for tests, made with the openssl command-line tool."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_NAME = "tiller-server"


@dataclass(frozen=True)
class Pki:
    """Files of a test PKI: a CA, a server and a client certificate it signed, and a
    second, unrelated CA with its own client certificate."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path
    other_client_cert: Path
    other_client_key: Path
    self_signed_cert: Path  # a server certificate that is its own CA
    self_signed_key: Path


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _ca(name: str, cwd: Path) -> None:
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", f"{name}.key", "-out", f"{name}.pem", "-subj", f"/CN={name}",
        cwd=cwd,
    )  # fmt: skip


def _signed(name: str, ca: str, cwd: Path, extensions: str = "") -> None:
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key",
        "-out", f"{name}.csr", "-subj", f"/CN={name}",
        cwd=cwd,
    )  # fmt: skip
    (cwd / f"{name}.ext").write_text(extensions or "basicConstraints=CA:FALSE\n")
    _openssl(
        "x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
        "-CAcreateserial", "-days", "2", "-out", f"{name}.pem", "-extfile", f"{name}.ext",
        cwd=cwd,
    )  # fmt: skip


def make_pki(directory: Path) -> Pki:
    """Create the test PKI in ``directory``; skip the test if openssl is missing."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command-line tool is needed to make test certificates")
    _ca("ca", directory)
    _ca("other-ca", directory)
    san = f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
    _signed(SERVER_NAME, "ca", directory, san)
    _signed("client", "ca", directory)
    _signed("other-client", "other-ca", directory)
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", "self.key", "-out", "self.pem", "-subj", "/CN=self-signed",
        "-addext", "subjectAltName=DNS:self-signed",
        cwd=directory,
    )  # fmt: skip
    return Pki(
        ca=directory / "ca.pem",
        server_cert=directory / f"{SERVER_NAME}.pem",
        server_key=directory / f"{SERVER_NAME}.key",
        client_cert=directory / "client.pem",
        client_key=directory / "client.key",
        other_ca=directory / "other-ca.pem",
        other_client_cert=directory / "other-client.pem",
        other_client_key=directory / "other-client.key",
        self_signed_cert=directory / "self.pem",
        self_signed_key=directory / "self.key",
    )
