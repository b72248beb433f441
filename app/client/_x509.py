"""Just enough DER reading to learn which host names an X.509 certificate is issued for.

Used for ``--tls`` (see ``app.client.tls``): the standard library hands out an unverified
peer certificate only as DER bytes, and the ``cryptography`` package is not a dependency.
"""

from __future__ import annotations

import ipaddress

_SEQUENCE = 0x30
_SET = 0x31
_OID = 0x06
_CONTEXT_VERSION = 0xA0  # [0] EXPLICIT version
_CONTEXT_EXTENSIONS = 0xA3  # [3] EXPLICIT extensions
_SAN_DNS = 0x82  # GeneralName [2] dNSName
_SAN_IP = 0x87  # GeneralName [7] iPAddress

_OID_COMMON_NAME = bytes([0x55, 0x04, 0x03])  # 2.5.4.3
_OID_SUBJECT_ALT_NAME = bytes([0x55, 0x1D, 0x11])  # 2.5.29.17


class CertificateParseError(ValueError):
    """The bytes are not a DER certificate this reader understands."""


def _read(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """Read one TLV at ``pos``: return (tag, value, position after it)."""
    if pos + 2 > len(data):
        raise CertificateParseError("truncated DER")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise CertificateParseError("bad DER length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise CertificateParseError("truncated DER value")
    return tag, data[pos : pos + length], pos + length


def _children(data: bytes) -> list[tuple[int, bytes]]:
    items, pos = [], 0
    while pos < len(data):
        tag, value, pos = _read(data, pos)
        items.append((tag, value))
    return items


def certificate_names(der: bytes) -> list[str]:
    """Return the DNS names and IP addresses a certificate names, SANs first, then the CN.

    Raises:
        CertificateParseError: ``der`` is not a well-formed certificate.
    """
    tag, cert, _ = _read(der, 0)
    if tag != _SEQUENCE:
        raise CertificateParseError("not a certificate")
    tag, tbs, _ = _read(cert, 0)
    if tag != _SEQUENCE:
        raise CertificateParseError("no TBSCertificate")
    fields = _children(tbs)
    if fields and fields[0][0] == _CONTEXT_VERSION:
        fields = fields[1:]
    # serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
    if len(fields) < 6:
        raise CertificateParseError("short TBSCertificate")
    names = []
    for ext_tag, ext_value in fields[6:]:
        if ext_tag == _CONTEXT_EXTENSIONS:
            names += _san_names(ext_value)
    return names + _common_names(fields[4][1])


def _san_names(explicit: bytes) -> list[str]:
    names: list[str] = []
    _, extensions, _ = _read(explicit, 0)
    for _, extension in _children(extensions):
        parts = _children(extension)  # extnID, critical?, extnValue
        if not parts or parts[0] != (_OID, _OID_SUBJECT_ALT_NAME):
            continue
        _, general_names, _ = _read(parts[-1][1], 0)
        for tag, value in _children(general_names):
            if tag == _SAN_DNS:
                names.append(value.decode("ascii", "replace"))
            elif tag == _SAN_IP and len(value) in (4, 16):
                names.append(str(ipaddress.ip_address(value)))
    return names


def _common_names(subject: bytes) -> list[str]:
    names = []
    for rdn_tag, rdn in _children(subject):
        if rdn_tag != _SET:
            continue
        for _, attribute in _children(rdn):
            parts = _children(attribute)
            if len(parts) == 2 and parts[0] == (_OID, _OID_COMMON_NAME):
                names.append(parts[1][1].decode("utf-8", "replace"))
    return names
