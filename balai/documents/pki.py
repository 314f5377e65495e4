"""The development PKI: a local CA, one certificate per signing official, and a time-stamping
authority, so that documents issued on a developer's machine carry real PAdES B-LTA signatures
that any validator can check, revocation included.

NOT FOR PRODUCTION. Production keys come from the officials' own PKCS#12 files and production
time-stamps from a real TSA (see signing.py and docs/howto/signing.md). Everything here is
idempotent: existing keys are kept.

Every certificate the CA issues names where its status is published: the CRL distribution point
(`/pki/ca.crl`), the OCSP responder (`/pki/ocsp`) and the CA certificate (`/pki/ca.crt`), under
the base address given when it is issued (BALAI_PUBLIC_URL). Balai serves them
(balai/documents/pki_views.py), built here from the revocations recorded in the database.

Layout of the directory (0700; private keys 0600):
    ca.cert.pem, ca.key.pem          the development root CA
    tsa/cert.pem, tsa/key.pem         the development time-stamping authority
    <username>.p12                    an official's key and certificate (+ the CA), password
                                      DEV_P12_PASSWORD
    <username>.cert.pem               the same certificate, for inspection
    revoked/<serial>.cert.pem         certificates replaced after their revocation
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

CA_NAME = "Balai Development CA — NOT FOR PRODUCTION"
TSA_NAME = "Balai Development TSA — NOT FOR PRODUCTION"
ORGANIZATION = "Pemerintah Kabupaten Kubu Raya (pengembangan)"
DEV_P12_PASSWORD = b"balai-dev"  # noqa: S105 - development keys only, documented
KEY_SIZE = 2048
CA_VALID_DAYS = 10 * 365
SIGNER_VALID_DAYS = 2 * 365
TSA_VALID_DAYS = 5 * 365
# How long a CRL or an OCSP answer may be relied on before a fresh one must be fetched.
STATUS_VALID_FOR = dt.timedelta(hours=12)
# How far a status answer's thisUpdate lies before the moment it is made (never before the
# latest revocation it reports). Validators fix "now" when they start and refuse answers from
# after it; like a responder serving pre-signed answers, ours are a little older than the request.
STATUS_BACKDATE = dt.timedelta(minutes=5)
# Where Balai publishes the status of what the development CA issued (pki_urls.py).
CA_CERT_PATH = "pki/ca.crt"
CRL_PATH = "pki/ca.crl"
OCSP_PATH = "pki/ocsp"
TSA_PATH = "pki/tsa"
# A username becomes a file name: letters, digits and @.+-_ (Django's rule), no leading dot;
# "ca" would overwrite the CA's own files.
_SAFE_USERNAME = re.compile(r"^[\w@+-][\w.@+-]*$")
_RESERVED_USERNAMES = {"ca"}


@dataclass(frozen=True)
class DevCertificate:
    username: str
    path: Path
    created: bool


@dataclass(frozen=True)
class PkiUrls:
    """The addresses a validator fetches; printed into every certificate the CA issues."""

    ca_cert: str
    crl: str
    ocsp: str
    tsa: str

    @classmethod
    def under(cls, base_url: str) -> PkiUrls:
        base = base_url.rstrip("/")
        return cls(ca_cert=f"{base}/{CA_CERT_PATH}", crl=f"{base}/{CRL_PATH}",
                   ocsp=f"{base}/{OCSP_PATH}", tsa=f"{base}/{TSA_PATH}")


@dataclass(frozen=True)
class Revocation:
    """A certificate of the CA that may no longer be relied on, from `revoked_at`."""

    serial_number: int
    revoked_at: dt.datetime
    reason: x509.ReasonFlags = x509.ReasonFlags.unspecified


def p12_file_name(username: str) -> str | None:
    """The PKCS#12 file name of an official, or None if the username cannot be a file name."""
    if (not _SAFE_USERNAME.match(username) or len(username) > 150
            or username.lower() in _RESERVED_USERNAMES):
        return None
    return f"{username}.p12"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


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


def _load_key(path: Path) -> rsa.RSAPrivateKey:
    stat = path.stat()
    return _load_key_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load_key_file(path: str, mtime_ns: int, size: int) -> rsa.RSAPrivateKey:
    # Cached per file version: loading an RSA key checks it, which takes some 60 ms, far more
    # than a signature with it; the CA and TSA keys are used several times per document.
    del mtime_ns, size
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def ensure_ca(directory: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The development CA in `directory`, created on first use."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    cert_path, key_path = directory / "ca.cert.pem", directory / "ca.key.pem"
    if cert_path.exists() and key_path.exists():
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), _load_key(key_path)
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
    _write_private(key_path, _private_pem(key))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def _issue(ca: tuple[x509.Certificate, rsa.RSAPrivateKey], *, subject: x509.Name,
           key: rsa.RSAPrivateKey, valid_days: int, urls: PkiUrls,
           extensions: Iterable[tuple[x509.ExtensionType, bool]]) -> x509.Certificate:
    """A certificate of the CA that says where its revocation status is published."""
    ca_cert, ca_key = ca
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(min(now + dt.timedelta(days=valid_days), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(urls.crl)], relative_name=None,
            reasons=None, crl_issuer=None)]), critical=False)
        .add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                   x509.UniformResourceIdentifier(urls.ocsp)),
            x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                   x509.UniformResourceIdentifier(urls.ca_cert)),
        ]), critical=False)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(ca_key, hashes.SHA256())


def ensure_certificate(directory: Path, *, username: str, full_name: str, base_url: str,
                       unit: str = "", password: bytes = DEV_P12_PASSWORD,
                       revoked_serials: frozenset[int] = frozenset()) -> DevCertificate:
    """An official's development certificate, issued by the development CA on first use, and
    again when the one they have was revoked (it then moves to revoked/).

    `base_url` is where Balai publishes the CA's CRL and OCSP answers (BALAI_PUBLIC_URL);
    `password` protects the PKCS#12 file (tests use another to stand in for production keys).
    """
    file_name = p12_file_name(username)
    if file_name is None:
        raise ValueError(f"username {username!r} cannot name a key file")
    path = directory / file_name
    cert_path = directory / f"{username}.cert.pem"
    if path.exists():
        current = (x509.load_pem_x509_certificate(cert_path.read_bytes())
                   if cert_path.exists() else None)
        if current is None or current.serial_number not in revoked_serials:
            return DevCertificate(username, path, created=False)
        archive = directory / "revoked"
        archive.mkdir(mode=0o700, exist_ok=True)
        cert_path.replace(archive / f"{current.serial_number:x}.cert.pem")
        path.unlink()
    ca = ensure_ca(directory)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    cert = _issue(ca, subject=_name(full_name or username, unit), key=key,
                  valid_days=SIGNER_VALID_DAYS, urls=PkiUrls.under(base_url),
                  extensions=[(_key_usage(signer=True), True)])
    bundle = pkcs12.serialize_key_and_certificates(
        username.encode(), key, cert, [ca[0]],
        serialization.BestAvailableEncryption(password))
    _write_private(path, bundle)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return DevCertificate(username, path, created=True)


def ensure_tsa(directory: Path, *, base_url: str) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The development time-stamping authority's certificate and key, created on first use.

    RFC 3161 section 2.3: the certificate has exactly one extended key usage, timeStamping,
    marked critical.
    """
    ca = ensure_ca(directory)
    tsa_dir = directory / "tsa"
    cert_path, key_path = tsa_dir / "cert.pem", tsa_dir / "key.pem"
    if cert_path.exists() and key_path.exists():
        return x509.load_pem_x509_certificate(cert_path.read_bytes()), _load_key(key_path)
    tsa_dir.mkdir(mode=0o700, exist_ok=True)
    # Made on first use, possibly by the web server and the task worker at once: one makes it.
    with open(tsa_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cert_path.exists() and key_path.exists()):
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
            cert = _issue(ca, subject=_name(TSA_NAME), key=key, valid_days=TSA_VALID_DAYS,
                          urls=PkiUrls.under(base_url), extensions=[
                              (_key_usage(signer=True), True),
                              (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                               True),
                          ])
            key_path.unlink(missing_ok=True)
            _write_private(key_path, _private_pem(key))
            cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return x509.load_pem_x509_certificate(cert_path.read_bytes()), _load_key(key_path)


def load_ca_certificate(directory: Path) -> x509.Certificate | None:
    """The development CA's certificate, or None if there is no CA in `directory`."""
    path = directory / "ca.cert.pem"
    if not path.is_file():
        return None
    return x509.load_pem_x509_certificate(path.read_bytes())


def issued_serial_numbers(directory: Path) -> set[int]:
    """The serial numbers of every certificate the development CA issued and kept a copy of."""
    paths = [*directory.glob("*.cert.pem"), *directory.glob("revoked/*.cert.pem"),
             directory / "tsa" / "cert.pem"]
    return {x509.load_pem_x509_certificate(path.read_bytes()).serial_number
            for path in paths if path.name != "ca.cert.pem" and path.is_file()}


def build_crl(directory: Path, revocations: Iterable[Revocation], *,
              now: dt.datetime | None = None) -> bytes:
    """A fresh DER CRL of the development CA listing `revocations`, signed by the CA."""
    ca_cert, ca_key = ensure_ca(directory)
    now = now or dt.datetime.now(dt.UTC)
    revocations = list(revocations)
    this_update = max([now - STATUS_BACKDATE, *(r.revoked_at for r in revocations)])
    builder = (
        x509.CertificateRevocationListBuilder().issuer_name(ca_cert.subject)
        .last_update(this_update).next_update(now + STATUS_VALID_FOR)
        # A CRL number that only grows (RFC 5280 section 5.2.3), without a counter to keep.
        .add_extension(x509.CRLNumber(int(now.timestamp() * 1000)), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
    )
    for revocation in revocations:
        entry = (x509.RevokedCertificateBuilder().serial_number(revocation.serial_number)
                 .revocation_date(revocation.revoked_at))
        if revocation.reason != x509.ReasonFlags.unspecified:
            entry = entry.add_extension(x509.CRLReason(revocation.reason), critical=False)
        builder = builder.add_revoked_certificate(entry.build())
    crl = builder.sign(ca_key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.DER)


def ocsp_response(directory: Path, request_der: bytes, revocations: Mapping[int, Revocation],
                  *, now: dt.datetime | None = None) -> bytes:
    """The DER OCSP response (RFC 6960) of the development CA to a DER OCSP request.

    Signed by the CA itself. A malformed request gets `malformedRequest`; a certificate of
    another CA, or one this CA never issued, gets `unknown`.
    """
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST).public_bytes(serialization.Encoding.DER)
    ca_cert, ca_key = ensure_ca(directory)
    now = now or dt.datetime.now(dt.UTC)
    algorithm = request.hash_algorithm
    name_hash = hashes.Hash(algorithm)
    name_hash.update(ca_cert.subject.public_bytes())
    key_hash = hashes.Hash(algorithm)
    key_hash.update(ca_cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1))
    ours = (request.issuer_name_hash == name_hash.finalize()
            and request.issuer_key_hash == key_hash.finalize())
    revocation = revocations.get(request.serial_number) if ours else None
    if revocation is not None:
        status = ocsp.OCSPCertStatus.REVOKED
    elif ours and request.serial_number in issued_serial_numbers(directory):
        status = ocsp.OCSPCertStatus.GOOD
    else:
        status = ocsp.OCSPCertStatus.UNKNOWN
    this_update = max([now - STATUS_BACKDATE, *([revocation.revoked_at] if revocation else [])])
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=request.issuer_name_hash, issuer_key_hash=request.issuer_key_hash,
        serial_number=request.serial_number, algorithm=algorithm, cert_status=status,
        this_update=this_update, next_update=now + STATUS_VALID_FOR,
        revocation_time=revocation.revoked_at if revocation else None,
        revocation_reason=(revocation.reason if revocation
                           and revocation.reason != x509.ReasonFlags.unspecified else None),
    ).responder_id(ocsp.OCSPResponderEncoding.HASH, ca_cert)
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def issuer_key_id(cert: x509.Certificate) -> str:
    """The key identifier of the CA that issued `cert`, in hex (its Authority Key Identifier;
    for a certificate without one, a digest of the issuer's name)."""
    try:
        identifier = cert.extensions.get_extension_for_class(
            x509.AuthorityKeyIdentifier).value.key_identifier
    except x509.ExtensionNotFound:
        identifier = None
    if identifier:
        return identifier.hex()
    digest = hashes.Hash(hashes.SHA256())
    digest.update(cert.issuer.public_bytes())
    return digest.finalize().hex()


def key_id(ca_cert: x509.Certificate) -> str:
    """A CA's own key identifier, in hex: what issuer_key_id gives for what it issued."""
    return ca_cert.extensions.get_extension_for_class(
        x509.SubjectKeyIdentifier).value.digest.hex()


def ocsp_request(cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
    """A DER OCSP request for one certificate, as a validator sends it."""
    return (ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())  # noqa: S303
            .build().public_bytes(serialization.Encoding.DER))
