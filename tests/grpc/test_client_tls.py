"""TillerClient over TLS: Helm's --tls and --tls-verify modes against a fake TLS Tiller."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import grpc
import pytest
import pytest_asyncio

from app.client import (
    ConnectionSettings,
    TillerClient,
    TillerUnreachableError,
    TlsError,
    TlsSettings,
)
from app.client._x509 import CertificateParseError, certificate_names
from tests.grpc.certs import SERVER_NAME, Pki, make_pki
from tests.grpc.fake_tiller import FakeTiller, RunningFake, start_fake


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pki]:
    yield make_pki(tmp_path_factory.mktemp("pki"))


def _server_credentials(
    pki: Pki, *, verify_clients: bool, self_signed: bool = False
) -> grpc.ServerCredentials:
    cert, key = (
        (pki.self_signed_cert, pki.self_signed_key)
        if self_signed
        else (pki.server_cert, pki.server_key)
    )
    return grpc.ssl_server_credentials(
        [(key.read_bytes(), cert.read_bytes())],
        root_certificates=pki.ca.read_bytes() if verify_clients else None,
        require_client_auth=verify_clients,
    )


@pytest_asyncio.fixture
async def tls_tiller(pki: Pki) -> AsyncIterator[RunningFake]:
    """Tiller started with --tls: encrypts, asks for no client certificate."""
    running = await start_fake(FakeTiller(), _server_credentials(pki, verify_clients=False))
    yield running
    await running.server.stop(None)


@pytest_asyncio.fixture
async def verifying_tiller(pki: Pki) -> AsyncIterator[RunningFake]:
    """Tiller started with --tls-verify: requires a client certificate signed by its CA."""
    running = await start_fake(FakeTiller(), _server_credentials(pki, verify_clients=True))
    yield running
    await running.server.stop(None)


@pytest_asyncio.fixture
async def plain_tiller() -> AsyncIterator[RunningFake]:
    running = await start_fake(FakeTiller())
    yield running
    await running.server.stop(None)


def _tls(pki: Pki, *, verify: bool, hostname: str = "") -> TlsSettings:
    return TlsSettings(
        verify=verify,
        ca_cert=pki.ca,
        cert=pki.client_cert,
        key=pki.client_key,
        hostname=hostname,
    )


async def _version(host: str, tls: TlsSettings | None) -> str:
    settings = ConnectionSettings(host=host, tls=tls, connect_timeout=5, read_timeout=5)
    async with TillerClient(settings) as tiller:
        return (await tiller.version()).sem_ver


async def test_tls_verify_by_ip_san(pki: Pki, tls_tiller: RunningFake) -> None:
    assert await _version(tls_tiller.host, _tls(pki, verify=True)) == "v2.17.0"


async def test_tls_verify_with_hostname(pki: Pki, tls_tiller: RunningFake) -> None:
    tls = _tls(pki, verify=True, hostname=SERVER_NAME)
    assert await _version(tls_tiller.host, tls) == "v2.17.0"


async def test_tls_verify_rejects_a_certificate_from_another_ca(
    pki: Pki, tls_tiller: RunningFake
) -> None:
    tls = replace(_tls(pki, verify=True), ca_cert=pki.other_ca)
    with pytest.raises(TlsError) as caught:
        await _version(tls_tiller.host, tls)
    assert f"not signed by the CA in {pki.other_ca}" in str(caught.value)
    assert "--tls-ca-cert" in str(caught.value)


async def test_tls_verify_rejects_a_wrong_hostname(pki: Pki, tls_tiller: RunningFake) -> None:
    with pytest.raises(TlsError) as caught:
        await _version(tls_tiller.host, _tls(pki, verify=True, hostname="elsewhere"))
    assert "not issued for the name checked (elsewhere)" in str(caught.value)


async def test_tls_without_verify_trusts_any_server_certificate(pki: Pki) -> None:
    # A self-signed certificate for a name unrelated to the address: Helm's --tls accepts it.
    credentials = _server_credentials(pki, verify_clients=False, self_signed=True)
    running = await start_fake(FakeTiller(), credentials)
    try:
        tls = replace(_tls(pki, verify=False), ca_cert=Path("/nonexistent/ca.pem"))
        assert await _version(running.host, tls) == "v2.17.0"
    finally:
        await running.server.stop(None)


async def test_tls_without_verify_presents_the_client_certificate(
    pki: Pki, verifying_tiller: RunningFake
) -> None:
    assert await _version(verifying_tiller.host, _tls(pki, verify=False)) == "v2.17.0"


async def test_mutual_tls_with_the_right_client_certificate(
    pki: Pki, verifying_tiller: RunningFake
) -> None:
    assert await _version(verifying_tiller.host, _tls(pki, verify=True)) == "v2.17.0"


async def test_mutual_tls_rejects_a_foreign_client_certificate(
    pki: Pki, verifying_tiller: RunningFake
) -> None:
    tls = replace(_tls(pki, verify=True), cert=pki.other_client_cert, key=pki.other_client_key)
    with pytest.raises(TlsError) as caught:
        await _version(verifying_tiller.host, tls)
    assert f"refused the client certificate {pki.other_client_cert}" in str(caught.value)


async def test_missing_client_certificate_says_which_flag(
    pki: Pki, tls_tiller: RunningFake
) -> None:
    tls = replace(_tls(pki, verify=True), cert=Path("/nonexistent/cert.pem"))
    with pytest.raises(TlsError) as caught:
        await _version(tls_tiller.host, tls)
    message = str(caught.value)
    assert message.startswith("cannot read the TLS client certificate /nonexistent/cert.pem")
    assert "--tls-cert" in message and "HELM_TLS_CERT" in message


@pytest.mark.parametrize("verify", [True, False])
async def test_tls_against_a_plaintext_tiller(
    pki: Pki, plain_tiller: RunningFake, verify: bool
) -> None:
    with pytest.raises(TlsError) as caught:
        await _version(plain_tiller.host, _tls(pki, verify=verify))
    assert "TLS" in str(caught.value)


async def test_plaintext_against_a_tls_tiller(tls_tiller: RunningFake) -> None:
    with pytest.raises(TillerUnreachableError) as caught:
        await _version(tls_tiller.host, None)
    assert str(caught.value) == (
        f"could not reach Tiller at {tls_tiller.host}: the server closed the connection. "
        "If Tiller serves TLS, add --tls or --tls-verify. "
        "Is Tiller running? Set --host or HELM_HOST."
    )


def test_certificate_names(pki: Pki) -> None:
    def names(path: Path) -> list[str]:
        return certificate_names(ssl.PEM_cert_to_DER_cert(path.read_text()))

    assert names(pki.server_cert) == [SERVER_NAME, "127.0.0.1", SERVER_NAME]
    assert names(pki.self_signed_cert) == ["self-signed", "self-signed"]
    assert names(pki.ca) == ["ca"]
    with pytest.raises(CertificateParseError):
        certificate_names(b"\x30\x05junk")
