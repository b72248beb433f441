"""Regex (RE2 semantics), semver, crypto, dates, URLs and UUIDs."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from tiller.engine.funcs import crypto as C
from tiller.engine.funcs import dates as DT
from tiller.engine.funcs import network as NW
from tiller.engine.funcs import regex as RX
from tiller.engine.funcs import semver as SV
from tiller.engine.funcs import urls as U
from tiller.engine.funcs.gotime import GoTime, format_duration, go_format, parse_duration
from tiller.engine.funcs.re2 import GoRegexpError, Unsupported, compile_go
from tiller.engine.gotemplate import GoFuncError


def test_regex_functions() -> None:
    assert RX.regex_match("^[a-z]+$", "abc") and not RX.regex_match("(", "x")
    assert not RX.regex_match("^a$", "a\n")
    # RE2 reads "-" after a Perl class inside brackets as a literal (stable/redis-ha).
    assert RX.regex_match(r"^[\w-\.]+$", "redis-ha.v1") and not RX.regex_match(r"^[\w-]+$", "a.b")
    assert RX.regex_find_all("a.", "abacad", -1) == ["ab", "ac", "ad"]
    assert RX.regex_find_all("a.", "abacad", 2) == ["ab", "ac"]
    assert RX.regex_find_all("a*", "baaa", -1) == ["", "aaa"]
    assert RX.regex_find("[0-9]+", "ab12cd34") == "12"
    assert RX.regex_replace_all("a(x*)b", "-ab-axxb-", "${1}W") == "-W-xxW-"
    assert RX.regex_replace_all("a(x*)b", "-ab-axxb-", "$1W") == "---"
    assert RX.regex_replace_all("a(?P<x>x*)b", "-axb-", "[$x$$]") == "-[x$]-"
    assert RX.regex_replace_all("a*", "baaa", "X") == "XbX"
    assert RX.regex_replace_all_literal("a(x*)b", "-ab-axxb-", "${1}") == "-${1}-${1}-"
    assert RX.regex_split("z+", "pizza", -1) == ["pi", "a"]
    assert RX.regex_split("a", "banana", 2) == ["b", "nana"]
    assert RX.regex_split("", "abc", -1) == ["a", "b", "c"]
    assert RX.regex_find_all(r"\d", "1٣", -1) == ["1"]
    assert RX.regex_find_all(r"(?i)é", "É", -1) == ["É"]
    assert RX.regex_find_all("[[:upper:]]+", "abCDe", -1) == ["CD"]
    assert RX.regex_find_all(r"a(?i)b|c", "aB C", -1) == ["aB", "C"]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(", "error parsing regexp: missing closing ): `(`"),
        (")", "error parsing regexp: unexpected ): `)`"),
        ("[a", "error parsing regexp: missing closing ]: `[a`"),
        ("(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        (r"\1", "error parsing regexp: invalid escape sequence: `\\1`"),
        ("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
    ],
)
def test_regex_compile_errors(pattern: str, message: str) -> None:
    with pytest.raises(GoRegexpError) as err:
        compile_go(pattern)
    assert str(err.value) == message
    with pytest.raises(GoFuncError, match=re.escape(f"regexp: Compile(`{pattern}`): {message}")):
        RX.regex_find(pattern, "x")


def test_regex_refuses_untranslatable() -> None:
    with pytest.raises(Unsupported):
        compile_go(r"\pL")


def test_semver() -> None:
    assert SV.semver_compare(">=1.9-0", "1.10.1")
    assert not SV.semver_compare("~1.2", "1.3.0")
    assert SV.semver_compare("~1.2", "1.2.9")
    assert not SV.semver_compare("^1.2.0", "1.9.9-beta")
    assert SV.semver_compare("^1.2.0", "1.9.9")
    assert SV.semver_compare("1.2 - 1.4", "1.3.5")
    assert SV.semver_compare(">= 1.2, < 1.5", "1.4.9")
    assert SV.semver_compare("<1 || >=2", "2.0.0")
    assert SV.semver_compare("1.x", "1.9.0") and SV.semver_compare("*", "3.0.0")
    assert SV.semver_compare(">1.x", "1.9.0")  # v1.5.0's ">" ignores the wildcard: > 1.0.0
    assert SV.semver_compare("!=1.2.3", "1.2.4")
    v = SV.semver("1.2.3-alpha+b")
    assert (v.go_major(), v.go_minor(), v.go_prerelease(), v.go_metadata()) == (1, 2, "alpha", "b")
    assert SV.semver("v1.2").go_string() == "1.2.0"
    assert SV.semver("1.0.0-alpha.2").go_compare(SV.semver("1.0.0-alpha.10")) == -1
    for constraint, version, message in (
        ("foo", "1.0.0", "improper constraint: foo"),
        (">1", "x", "Invalid Semantic Version"),
    ):
        with pytest.raises(GoFuncError, match=f"^{message}$"):
            SV.semver_compare(constraint, version)


def test_derive_password_matches_sprig() -> None:
    assert C.derive_password(1, "long", "password", "user", "example.com") == "ZedaFaxcZaso9*"
    assert C.derive_password(1, "nope", "p", "u", "s") == "cannot find password template nope"


def test_certificates() -> None:
    pytest.importorskip("cryptography")
    ca = C.gen_ca("ca", 3)
    assert ca.Cert.startswith("-----BEGIN CERTIFICATE-----\n")
    assert ca.Key.startswith("-----BEGIN RSA PRIVATE KEY-----\n")
    cert = C.gen_signed_cert("svc", ["10.0.0.1"], ["svc.local"], 3, ca)
    b64 = base64.b64encode
    rebuilt = C.build_custom_cert(b64(cert.Cert.encode()).decode(), b64(cert.Key.encode()).decode())
    assert rebuilt.Cert == cert.Cert
    with pytest.raises(GoFuncError, match="^error parsing ip: 1 is not a string$"):
        C.gen_self_signed_cert("a", [1], None, 1)
    with pytest.raises(GoFuncError, match="^unable to decode base64 certificate$"):
        C.build_custom_cert("!", "")
    assert C.gen_private_key("ecdsa").startswith("-----BEGIN EC PRIVATE KEY-----")
    assert C.gen_private_key("x") == "Unknown type x"


def test_aes_roundtrip() -> None:
    pytest.importorskip("cryptography")
    enc = C.encrypt_aes("secret", "hello")
    assert len(base64.b64decode(enc)) == 32
    assert C.decrypt_aes("secret", enc) == "hello"
    assert C.encrypt_aes("k", "") == "" and C.decrypt_aes("k", "") == ""


def test_dates() -> None:
    t = GoTime(dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC), 120_000_000)
    assert go_format(t, "2006-01-02 15:04:05.000 Mon Jan _2 3PM Z07:00 MST") == (
        "2020-01-02 03:04:05.120 Thu Jan  2 3AM Z UTC"
    )
    assert t.go_string() == "2020-01-02 03:04:05.12 +0000 UTC"
    assert DT.date_in_zone("2006-01-02T15:04:05-07:00", 0, "Asia/Tokyo") == (
        "1970-01-01T09:00:00+09:00"
    )
    assert DT.date_in_zone("2006", 0, "Not/AZone") == "1970"
    assert DT.unix_epoch(DT.to_date("2006-01-02T15:04:05Z07:00", "2020-01-02T03:04:05Z")) == (
        "1577934245"
    )
    assert DT.to_date("2006-01-02", "nope").go_string() == "0001-01-01 00:00:00 +0000 UTC"
    assert DT.date_modify("-1.5h", t).go_string() == "2020-01-02 01:34:05.12 +0000 UTC"
    assert DT.date_modify("bad", t) is t
    assert format_duration(3723 * 10**9) == "1h2m3s" and format_duration(1500) == "1.5µs"
    assert parse_duration("1h2m3.5s") == 3723_500_000_000 and parse_duration("1x") is None


def test_urls() -> None:
    d = U.url_parse("http://user:pass@host.com:8080/path?query=1#frag")
    assert d == {
        "scheme": "http",
        "host": "host.com:8080",
        "hostname": "host.com",
        "path": "/path",
        "query": "query=1",
        "opaque": "",
        "fragment": "frag",
        "userinfo": "user:pass",
    }
    assert U.url_join(d) == "http://user:pass@host.com:8080/path?query=1#frag"
    assert U.url_join({"host": "h", "path": "a b", "scheme": "https"}) == "https://h/a%20b"
    with pytest.raises(GoFuncError, match='^unable to parse url: parse "::": missing protocol'):
        U.url_parse("::")
    with pytest.raises(GoFuncError, match="must be of type string, but float64 found"):
        U.url_join({"host": 1.5})


def test_uuid_and_hosts() -> None:
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", NW.uuidv4()
    )
    with pytest.raises(GoFuncError, match="^invalid argument to Intn$"):
        NW.get_host_by_name("example.com")
