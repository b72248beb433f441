"""Connection settings: flags over HELM_* environment over Helm's defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.client.errors import SettingsError
from app.client.settings import (
    DEFAULT_HOST,
    ConnectionSettings,
    helm_home,
    parse_go_bool,
    resolve_host,
    resolve_tls,
    split_host,
)

HOME = Path("/h")


def test_host_precedence() -> None:
    assert resolve_host(None, {}) == DEFAULT_HOST == "127.0.0.1:44134"
    assert resolve_host(None, {"HELM_HOST": "t:1"}) == "t:1"
    assert resolve_host("f:2", {"HELM_HOST": "t:1"}) == "f:2"


def test_helm_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/users/me")
    assert helm_home(None, {}) == Path("/users/me/.helm")
    assert helm_home(None, {"HELM_HOME": "/etc/helm"}) == Path("/etc/helm")
    assert helm_home("/flag", {"HELM_HOME": "/etc/helm"}) == Path("/flag")


@pytest.mark.parametrize(
    ("address", "parts"),
    [("127.0.0.1:44134", ("127.0.0.1", 44134)), ("[::1]:5", ("::1", 5)), ("h:1", ("h", 1))],
)
def test_split_host(address: str, parts: tuple[str, int]) -> None:
    assert split_host(address) == parts


@pytest.mark.parametrize("address", ["tiller", ":44134", "h:", "h:x", "h:70000", "h:0"])
def test_bad_addresses(address: str) -> None:
    with pytest.raises(SettingsError, match="HELM_HOST=HOST:PORT"):
        ConnectionSettings(host=address)


def test_go_bools() -> None:
    assert [parse_go_bool(v) for v in ("1", "t", "TRUE", "True", "0", "F", "false", "yes", "")] == [
        True, True, True, True, False, False, False, None, None,
    ]  # fmt: skip


def test_tls_off_by_default() -> None:
    assert resolve_tls(home=HOME, env={}) is None
    assert resolve_tls(home=HOME, env={"HELM_TLS_ENABLE": "yes"}) is None  # not a Go bool


def test_tls_defaults_come_from_helm_home() -> None:
    tls = resolve_tls(enable=True, home=HOME, env={})
    assert tls is not None
    assert (tls.verify, tls.ca_cert, tls.cert, tls.key, tls.hostname) == (
        False,
        HOME / "ca.pem",
        HOME / "cert.pem",
        HOME / "key.pem",
        "",
    )


def test_tls_verify_implies_tls_and_env_applies() -> None:
    env = {
        "HELM_TLS_VERIFY": "1",
        "HELM_TLS_CA_CERT": "/e/ca.pem",
        "HELM_TLS_CERT": "/e/cert.pem",
        "HELM_TLS_KEY": "/e/key.pem",
        "HELM_TLS_HOSTNAME": "tiller.example",
    }
    tls = resolve_tls(home=HOME, env=env)
    assert tls is not None and tls.verify
    assert (tls.ca_cert, tls.cert, tls.key, tls.hostname) == (
        Path("/e/ca.pem"),
        Path("/e/cert.pem"),
        Path("/e/key.pem"),
        "tiller.example",
    )
    flagged = resolve_tls(cert="/f/c.pem", hostname="", home=HOME, env=env)
    assert flagged is not None and flagged.cert == Path("/f/c.pem") and flagged.hostname == ""


def test_tls_paths_expand_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELM_HOME", "/hh")
    tls = resolve_tls(enable=True, ca_cert="$HELM_HOME/other.pem", home=HOME, env={})
    assert tls is not None and tls.ca_cert == Path("/hh/other.pem")
