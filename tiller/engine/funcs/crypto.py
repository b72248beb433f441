"""Sprig v2.22.0 crypto functions (crypto.go) on top of ``cryptography``.

Key types, PEM block types, certificate templates (Go 1.14's x509.CreateCertificate:
no subject/authority key identifiers), AES-CBC framing and the Master Password
algorithm follow Sprig; random material is of course different on every call.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import importlib.util
import ipaddress
import os
import secrets
import struct
import threading
from typing import TYPE_CHECKING, Any

from ._go import GoFuncError, GoStruct, format_value, panic
from ._lazy import LazyAttr, LazyModule
from ._registry import sprig
from .encoding import CorruptInputError, go_b64decode
from .goconv import from_bytes, to_bytes

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
else:
    # cryptography costs ~40 ms to import and only these functions need it: load it on
    # first use so every render (and `helm-tui template`) doesn't pay for it.
    x509 = LazyModule("cryptography.x509")
    hashes = LazyModule("cryptography.hazmat.primitives.hashes")
    serialization = LazyModule("cryptography.hazmat.primitives.serialization")
    dsa = LazyModule("cryptography.hazmat.primitives.asymmetric.dsa")
    ec = LazyModule("cryptography.hazmat.primitives.asymmetric.ec")
    rsa = LazyModule("cryptography.hazmat.primitives.asymmetric.rsa")
    _ciphers = LazyModule("cryptography.hazmat.primitives.ciphers")
    _oid = LazyModule("cryptography.x509.oid")
    Cipher = LazyAttr(_ciphers, "Cipher")
    algorithms = LazyAttr(_ciphers, "algorithms")
    modes = LazyAttr(_ciphers, "modes")
    ExtendedKeyUsageOID = LazyAttr(_oid, "ExtendedKeyUsageOID")
    NameOID = LazyAttr(_oid, "NameOID")

HAVE_CRYPTOGRAPHY = importlib.util.find_spec("cryptography") is not None


_CHARS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}
_TEMPLATES = {
    "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
    "long": [
        "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv",
        "CvccCvcvnoCvcv", "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv",
        "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
        "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc",
        "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
        "CvccCvcvCvccno",
    ],
    "medium": ["CvcnoCvc", "CvcCvcno"],
    "short": ["Cvcn"],
    "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
    "pin": ["nnnn"],
}  # fmt: skip
_SEED = b"com.lyndir.masterpassword"


@sprig(
    "derivePassword",
    params=("uint32", "string", "string", "string", "string"),
    result="string",
)
def derive_password(counter: int, ptype: str, password: str, user: str, site: str) -> str:
    """Master Password algorithm (scrypt N=32768 r=8 p=2, HMAC-SHA256 seed)."""
    templates = _TEMPLATES.get(ptype)
    if templates is None:
        return f"cannot find password template {ptype}"
    u, s = to_bytes(user), to_bytes(site)
    salt = _SEED + struct.pack(">I", len(u)) + u
    key = hashlib.scrypt(to_bytes(password), salt=salt, n=32768, r=8, p=2, maxmem=2**27, dklen=64)
    msg = _SEED + struct.pack(">I", len(s)) + s + struct.pack(">I", counter & 0xFFFFFFFF)
    seed = hmac.new(key, msg, hashlib.sha256).digest()
    temp = templates[seed[0] % len(templates)]
    return "".join(_CHARS[c][seed[i + 1] % len(_CHARS[c])] for i, c in enumerate(temp))


def _need_cryptography() -> None:
    # Keep the function map importable without the optional dependency; only the
    # functions that need it fail, with a clear message.
    if not HAVE_CRYPTOGRAPHY:
        raise GoFuncError("this function needs the Python package 'cryptography'")


def _pem_key(key: Any) -> str:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return str(data.decode("ascii"))


@sprig("genPrivateKey", params=("string",), result="string")
def gen_private_key(typ: str) -> str:
    """PEM private key: ``rsa`` (4096, PKCS#1), ``dsa`` (L2048N256), ``ecdsa`` (P-256)."""
    _need_cryptography()
    key: Any
    if typ in ("", "rsa"):
        key = rsa.generate_private_key(65537, 4096)
    elif typ == "dsa":
        key = dsa.generate_private_key(2048)
    elif typ == "ecdsa":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        return "Unknown type " + typ
    return _pem_key(key)


class Certificate(GoStruct):
    """Sprig's ``certificate`` struct (``.Cert`` and ``.Key`` PEM strings)."""

    _go_type = "sprig.certificate"
    _go_fields = ("Cert", "Key")
    Cert: str
    Key: str


def _ips(ips: list[Any] | None) -> list[x509.GeneralName]:
    out: list[x509.GeneralName] = []
    for ip in ips or []:
        if not isinstance(ip, str):
            raise GoFuncError(f"error parsing ip: {format_value(ip)} is not a string")
        try:
            out.append(x509.IPAddress(ipaddress.ip_address(ip)))
        except ValueError:
            raise GoFuncError(f"error parsing ip: {ip}") from None
    return out


def _dns(names: list[Any] | None) -> list[x509.GeneralName]:
    out: list[x509.GeneralName] = []
    for n in names or []:
        if not isinstance(n, str):
            raise GoFuncError(
                f"error processing alternate dns name: {format_value(n)} is not a string"
            )
        out.append(x509.DNSName(n))
    return out


def _make_cert(
    cn: str,
    sans: list[x509.GeneralName],
    days: int,
    is_ca: bool,
    issuer: x509.Name | None = None,
    signer: rsa.RSAPrivateKey | None = None,
) -> Certificate:
    _need_cryptography()
    key = rsa.generate_private_key(65537, 2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]) if cn else x509.Name([])
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .serial_number(secrets.randbelow(1 << 128))
        .subject_name(subject)
        .issuer_name(issuer if issuer is not None else subject)
        .public_key(key.public_key())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(
            x509.KeyUsage(True, False, True, False, False, is_ca, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    cert = builder.sign(signer or key, hashes.SHA256())
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    key_pem = _pem_key(key)
    _remember_key(key_pem, key)
    return Certificate(Cert=pem, Key=key_pem)


# Keys this process generated, by PEM text: `genSignedCert` nearly always gets its CA
# from `genCA` in the same render, and parsing the key back costs ~50 ms (OpenSSL
# re-validates the primes). The same PEM text is the same key, so this is exact.
_GENERATED_KEYS: dict[str, Any] = {}
_GENERATED_KEYS_MAX = 32
_GENERATED_KEYS_LOCK = threading.Lock()  # Tiller renders in several threads


def _remember_key(pem: str, key: Any) -> None:
    with _GENERATED_KEYS_LOCK:
        if len(_GENERATED_KEYS) >= _GENERATED_KEYS_MAX:
            del _GENERATED_KEYS[next(iter(_GENERATED_KEYS))]  # the oldest
        _GENERATED_KEYS[pem] = key


@sprig("genCA", params=("string", "int"), result="sprig.certificate", can_fail=True)
def gen_ca(cn: str, days: int) -> Certificate:
    """Self-signed 2048-bit RSA certificate authority."""
    return _make_cert(cn, [], days, is_ca=True)


@sprig(
    "genSelfSignedCert",
    params=("string", "[]interface {}", "[]interface {}", "int"),
    result="sprig.certificate",
    can_fail=True,
)
def gen_self_signed_cert(cn: str, ips: Any, dns: Any, days: int) -> Certificate:
    """Self-signed server/client certificate."""
    return _make_cert(cn, _ips(ips) + _dns(dns), days, is_ca=False)


@sprig(
    "genSignedCert",
    params=("string", "[]interface {}", "[]interface {}", "int", "sprig.certificate"),
    result="sprig.certificate",
    can_fail=True,
)
def gen_signed_cert(cn: str, ips: Any, dns: Any, days: int, ca: Certificate) -> Certificate:
    """Certificate signed by ``ca`` (as returned by ``genCA``)."""
    ca_cert, ca_key = _load_pair(str(ca.Cert or ""), str(ca.Key or ""), "decodedSigner")
    sans = _ips(ips) + _dns(dns)
    return _make_cert(cn, sans, days, False, ca_cert.subject, ca_key)


def _load_pair(cert: str, key: str, label: str) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    _need_cryptography()
    if "-----BEGIN" not in cert:
        raise GoFuncError("unable to decode certificate")
    try:
        c = x509.load_pem_x509_certificate(to_bytes(cert))
    except ValueError as e:
        raise GoFuncError(f"error parsing certificate: {label}Cert.Bytes: {e}") from None
    if "-----BEGIN" not in key:
        raise GoFuncError("unable to decode key")
    try:
        k = _GENERATED_KEYS.get(key) or serialization.load_pem_private_key(to_bytes(key), None)
    except ValueError as e:
        raise GoFuncError(f"error parsing prive key: {label}Key.Bytes: {e}") from None
    if not isinstance(k, rsa.RSAPrivateKey) or "RSA PRIVATE KEY" not in key:
        raise GoFuncError(
            f"error parsing prive key: {label}Key.Bytes: x509: failed to parse private key"
        )
    return c, k


@sprig(
    "buildCustomCert",
    params=("string", "string"),
    result="sprig.certificate",
    can_fail=True,
)
def build_custom_cert(b64cert: str, b64key: str) -> Certificate:
    """Validate base64-encoded PEM certificate and PKCS#1 key and wrap them."""
    try:
        cert = from_bytes(go_b64decode(to_bytes(b64cert)))
    except CorruptInputError:
        raise GoFuncError("unable to decode base64 certificate") from None
    try:
        key = from_bytes(go_b64decode(to_bytes(b64key)))
    except CorruptInputError:
        raise GoFuncError("unable to decode base64 private key") from None
    _load_pair(cert, key, "decoded")
    return Certificate(Cert=cert, Key=key)


def _aes_key(password: str) -> bytes:
    return (to_bytes(password) + bytes(32))[:32]


@sprig("encryptAES", params=("string", "string"), result="string", can_fail=True)
def encrypt_aes(password: str, plaintext: str) -> str:
    """AES-256-CBC, PKCS#7 padding, random IV prepended, base64."""
    _need_cryptography()
    if plaintext == "":
        return ""
    content = to_bytes(plaintext)
    pad = 16 - len(content) % 16
    content += bytes([pad]) * pad
    iv = os.urandom(16)
    enc = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + enc.update(content) + enc.finalize()).decode("ascii")


@sprig("decryptAES", params=("string", "string"), result="string", can_fail=True)
def decrypt_aes(password: str, crypt64: str) -> str:
    """Inverse of :func:`encrypt_aes` (no padding validation, as in Sprig)."""
    _need_cryptography()
    if crypt64 == "":
        return ""
    try:
        crypt = go_b64decode(to_bytes(crypt64))
    except CorruptInputError as e:
        raise GoFuncError(f"illegal base64 data at input byte {e.args[0]}") from None
    if len(crypt) < 16:
        raise panic(f"runtime error: slice bounds out of range [:16] with capacity {len(crypt)}")
    iv, body = crypt[:16], crypt[16:]
    if len(body) % 16:
        raise panic("crypto/cipher: input not full blocks")
    if not body:
        raise panic("runtime error: index out of range [-1]")
    dec = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).decryptor()
    plain = dec.update(body) + dec.finalize()
    cut = len(plain) - plain[-1]
    if cut < 0:
        raise panic(f"runtime error: slice bounds out of range [:{cut}]")
    return from_bytes(plain[:cut])
