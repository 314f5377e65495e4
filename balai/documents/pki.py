"""The development PKI: a local CA and one certificate per signing official, so that documents
issued on a developer's machine carry real, verifiable PAdES signatures.

NOT FOR PRODUCTION. Production keys come from the officials' own PKCS#12 files (see
signing.py and docs/howto/signing.md). Everything here is idempotent: existing keys are kept.

Layout of the directory (0700; private keys 0600):
    ca.cert.pem, ca.key.pem          the development root CA
    <username>.p12                    an official's key and certificate (+ the CA), password
                                      DEV_P12_PASSWORD
    <username>.cert.pem               the same certificate, for inspection
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

CA_NAME = "Balai Development CA — NOT FOR PRODUCTION"
ORGANIZATION = "Pemerintah Kabupaten Kubu Raya (pengembangan)"
DEV_P12_PASSWORD = b"balai-dev"  # noqa: S105 - development keys only, documented
KEY_SIZE = 2048
CA_VALID_DAYS = 10 * 365
SIGNER_VALID_DAYS = 2 * 365
# A username becomes a file name: letters, digits and @.+-_ (Django's rule), no leading dot.
_SAFE_USERNAME = re.compile(r"^[\w@+-][\w.@+-]*$")


@dataclass(frozen=True)
class DevCertificate:
    username: str
    path: Path
    created: bool


def p12_file_name(username: str) -> str | None:
    """The PKCS#12 file name of an official, or None if the username cannot be a file name."""
    if not _SAFE_USERNAME.match(username) or len(username) > 150:
        return None
    return f"{username}.p12"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _name(common_name: str, unit: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION)]
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit[:64]))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(attributes)


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer, content_commitment=signer, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=not signer,
        crl_sign=not signer, encipher_only=False, decipher_only=False)


def ensure_ca(directory: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The development CA in `directory`, created on first use."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    cert_path, key_path = directory / "ca.cert.pem", directory / "ca.key.pem"
    if cert_path.exists() and key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), key
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    now = dt.datetime.now(dt.UTC)
    name = _name(CA_NAME)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=CA_VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def ensure_certificate(directory: Path, *, username: str, full_name: str, unit: str = "",
                       password: bytes = DEV_P12_PASSWORD) -> DevCertificate:
    """An official's development certificate, issued by the development CA on first use.

    `password` protects the PKCS#12 file (tests use another to stand in for production keys).
    """
    file_name = p12_file_name(username)
    if file_name is None:
        raise ValueError(f"username {username!r} cannot name a key file")
    path = directory / file_name
    if path.exists():
        return DevCertificate(username, path, created=False)
    ca_cert, ca_key = ensure_ca(directory)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(_name(full_name or username, unit))
        .issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=SIGNER_VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    bundle = pkcs12.serialize_key_and_certificates(
        username.encode(), key, cert, [ca_cert],
        serialization.BestAvailableEncryption(password))
    _write_private(path, bundle)
    (directory / f"{username}.cert.pem").write_bytes(
        cert.public_bytes(serialization.Encoding.PEM))
    return DevCertificate(username, path, created=True)
