"""Signing officials' keys and PAdES B-LTA signatures (pyHanko).

Where an official's key comes from:
- production: BALAI_SIGNING_P12_DIR/<username>.p12, opened with BALAI_SIGNING_P12_PASSWORD;
- development (not in production mode): BALAI_DEV_PKI_DIR/<username>.p12 written by
  `manage.py create_dev_pki` (see pki.py).

Every signature is PAdES baseline B-LTA, so that it can still be validated after the signer's
certificate has expired or been revoked:
- B-T: the signature carries a time-stamp token from a TSA (timestamps.py);
- B-LT: the certificates, CRLs and OCSP answers needed to validate the signer's and the TSA's
  certificates are stored in the document security store (DSS);
- B-LTA: a document time-stamp over all of that closes the document.

Revocation information at signing time comes from where a validator would get it: with
BALAI_TSA_URL set, over HTTP from the addresses in the certificates. In development without
BALAI_TSA_URL, the development CA's CRL and OCSP answers are made in process, exactly as
/pki/ca.crl and /pki/ocsp would answer, so that signing never calls its own server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.utils import timezone
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from balai.accounts.models import User
from balai.core.errors import DomainError
from balai.documents import pki, queries, timestamps
from balai.documents.pki import DEV_P12_PASSWORD, p12_file_name

SIGNATURE_FIELD = "Signature1"
DOCUMENT_TIMESTAMP_FIELD = "DocumentTimestamp1"
SIGNATURE_REASON = "Ditandatangani secara elektronik"

T = TypeVar("T")


class SignerHasNoCertificateError(DomainError):
    code = "DOCUMENT_SIGNER_HAS_NO_CERTIFICATE"
    message = ("Pejabat penandatangan ini belum memiliki sertifikat elektronik, sehingga dokumen "
               "belum dapat ditandatangani. Hubungi admin Diskominfo untuk memasang "
               "sertifikatnya.")


class SignerCertificateUnusableError(DomainError):
    code = "DOCUMENT_SIGNER_CERTIFICATE_UNUSABLE"
    message = ("Sertifikat elektronik pejabat penandatangan tidak dapat dipakai (rusak, kata "
               "sandi salah, atau masa berlakunya habis). Hubungi admin Diskominfo.")


class SignerCertificateRevokedError(DomainError):
    code = "DOCUMENT_SIGNER_CERTIFICATE_REVOKED"
    message = ("Sertifikat elektronik pejabat penandatangan sudah dicabut, sehingga tidak dapat "
               "dipakai menandatangani lagi. Hubungi admin Diskominfo untuk sertifikat baru.")


class SigningUnavailableError(DomainError):
    code = "DOCUMENT_SIGNING_UNAVAILABLE"
    message = ("Dokumen belum dapat ditandatangani: layanan cap waktu (TSA) atau status "
               "sertifikat (CRL/OCSP) tidak dapat dihubungi atau menolak. Coba lagi beberapa "
               "saat lagi; bila tetap gagal, hubungi pengelola Balai.")


def _key_file(username: str) -> tuple[Path, bytes | None] | None:
    file_name = p12_file_name(username)
    if file_name is None:
        return None
    if settings.BALAI_SIGNING_P12_DIR:
        password = settings.BALAI_SIGNING_P12_PASSWORD
        return (Path(settings.BALAI_SIGNING_P12_DIR) / file_name,
                password.encode() if password else None)
    if settings.BALAI_DEV_PKI_DIR:
        return Path(settings.BALAI_DEV_PKI_DIR) / file_name, DEV_P12_PASSWORD
    return None


class OfficialSigner(SimpleSigner):
    """pyHanko's SimpleSigner with the private key loaded once.

    SimpleSigner loads the key again for each signature it computes, two per document (a dry run
    that sizes the signature, then the real one), and loading an RSA key checks it, which costs
    some 60 ms: more than the signature itself.
    """

    @cached_property
    def _private_key(self) -> Any:
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            algorithm = mechanism["algorithm"].native
        key = self._private_key
        if algorithm == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(),
                            get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)


def signer_from_pkcs12(data: bytes, password: bytes | None) -> OfficialSigner:
    """The signer for a PKCS#12 file's key and certificate chain (ValueError if unusable)."""
    loaded = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password)
    if loaded is None or loaded.signing_cert is None:
        raise ValueError("the PKCS#12 data holds no key and certificate")
    return OfficialSigner(signing_cert=loaded.signing_cert, signing_key=loaded.signing_key,
                          cert_registry=loaded.cert_registry)


def _load_signer(user: User) -> OfficialSigner:
    location = _key_file(user.get_username())
    if location is None or not location[0].is_file():
        raise SignerHasNoCertificateError(details={"username": user.get_username()})
    path, password = location
    try:
        return signer_from_pkcs12(path.read_bytes(), password)
    except (OSError, ValueError) as exc:
        raise SignerCertificateUnusableError(details={"username": user.get_username()}) from exc


def as_cryptography(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def signing_certificate(user: User) -> x509.Certificate:
    """The certificate `user` signs with now (expired or revoked ones included).

    Raises SignerHasNoCertificateError or SignerCertificateUnusableError as signer_for does.
    """
    return as_cryptography(_load_signer(user).signing_cert)


def signer_for(user: User) -> SimpleSigner:
    """The pyHanko signer holding `user`'s signing key and certificate chain.

    Raises SignerHasNoCertificateError when the official has no key file,
    SignerCertificateUnusableError when it cannot be opened or the certificate is not valid now,
    and SignerCertificateRevokedError when the certificate was revoked.
    """
    signer = _load_signer(user)
    validity = signer.signing_cert["tbs_certificate"]["validity"]
    now = timezone.now()
    not_before: dt.datetime = validity["not_before"].native
    not_after: dt.datetime = validity["not_after"].native
    if not (not_before <= now <= not_after):
        raise SignerCertificateUnusableError(details={"username": user.get_username(),
                                                      "not_after": not_after.isoformat()})
    cert = as_cryptography(signer.signing_cert)
    if queries.is_certificate_revoked(issuer_key_id=pki.issuer_key_id(cert),
                                      serial_number=cert.serial_number):
        raise SignerCertificateRevokedError(details={
            "username": user.get_username(), "serial_number": f"{cert.serial_number:x}"})
    return signer


def _outside_event_loop(function: Callable[[], T]) -> T:
    # pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running
    # event loop (an ASGI worker, a Playwright test); then it runs on a helper thread.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def _development_ca() -> x509.Certificate | None:
    if not settings.BALAI_DEV_PKI_DIR:
        return None
    return pki.load_ca_certificate(Path(settings.BALAI_DEV_PKI_DIR))


def _trust_roots(signer: SimpleSigner, development_ca: x509.Certificate | None) -> list:
    """The roots the signer's and the TSA's certificates must chain to: the development CA,
    BALAI_SIGNING_TRUST_ROOTS, and the self-signed certificates in the official's PKCS#12."""
    roots = [cert for cert in signer.cert_registry if cert.self_signed == "maybe"
             or cert.self_signed == "yes"]
    if settings.BALAI_SIGNING_TRUST_ROOTS:
        roots += list(load_certs_from_pemder([settings.BALAI_SIGNING_TRUST_ROOTS]))
    if development_ca is not None:
        roots.append(asn1_x509.Certificate.load(development_ca.public_bytes(
            serialization.Encoding.DER)))
    return roots


def _development_revocation_info(signer_cert: x509.Certificate,
                                 ca: x509.Certificate) -> tuple[list[bytes], list[bytes]]:
    """The development CA's current CRL, and its OCSP answers for the signer's and the TSA's
    certificates: what /pki/ca.crl and /pki/ocsp answer at this moment."""
    directory = Path(settings.BALAI_DEV_PKI_DIR)
    revocations = queries.certificate_revocations(issuer_key_id=pki.key_id(ca))
    tsa_cert, _ = pki.ensure_tsa(directory, base_url=settings.BALAI_PUBLIC_URL)
    crl = pki.build_crl(directory, revocations.values())
    ocsps = [pki.ocsp_response(directory, pki.ocsp_request(cert, ca), revocations)
             for cert in (signer_cert, tsa_cert)]
    return [crl], ocsps


def validation_context(signer: SimpleSigner) -> ValidationContext:
    """The validation context whose revocation information signing embeds (module docstring).

    Revocation checking fails hard: a signature is only made when the status of every
    certificate involved is known and good.
    """
    ca = _development_ca()
    signer_cert = as_cryptography(signer.signing_cert)
    roots = _trust_roots(signer, ca)
    local = (timestamps.uses_development_tsa() and ca is not None
             and pki.issuer_key_id(signer_cert) == pki.key_id(ca))
    if local:
        assert ca is not None
        crls, ocsps = _development_revocation_info(signer_cert, ca)
        return ValidationContext(trust_roots=roots, other_certs=list(signer.cert_registry),
                                 crls=crls, ocsps=ocsps, allow_fetching=False,
                                 revocation_mode="hard-fail")
    return ValidationContext(trust_roots=roots, other_certs=list(signer.cert_registry),
                             allow_fetching=True, revocation_mode="hard-fail")


class _NoFetchingWarning(logging.Filter):
    # With the development CA's revocation information made in process, fetching is off on
    # purpose; pyHanko warns about that on every signature.
    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_NoFetchingWarning())


def sign_pdf(pdf: bytes, *, signer: SimpleSigner, signer_name: str, location: str) -> bytes:
    """Sign the whole PDF as PAdES B-LTA (ETSI.CAdES.detached, a signature time-stamp,
    validation information in the DSS, then a document time-stamp).

    Raises TimestampingNotConfiguredError without a TSA, and SigningUnavailableError when the
    TSA or a revocation source cannot be reached or does not vouch for a certificate.
    """

    def sign() -> bytes:
        stamper = timestamps.timestamper()
        metadata = PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=SIGNATURE_REASON,
            name=signer_name,
            location=location,
            embed_validation_info=True,
            use_pades_lta=True,
            timestamp_field_name=DOCUMENT_TIMESTAMP_FIELD,
            validation_context=validation_context(signer),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        try:
            output = PdfSigner(metadata, signer=signer, timestamper=stamper).sign_pdf(writer)
        except (SigningError, TimestampRequestError, OSError) as exc:
            raise SigningUnavailableError(details={"reason": str(exc)}) from exc
        return bytes(output.getvalue())

    return _outside_event_loop(sign)
