"""RFC 3161 time-stamps for signatures: which time-stamping authority (TSA) signing asks, and
Balai's own development TSA.

- BALAI_TSA_URL set (production: a real TSA such as BSrE's): signing sends its requests there
  over HTTP, with BALAI_TSA_USERNAME / BALAI_TSA_PASSWORD as HTTP Basic credentials if set.
- BALAI_TSA_URL empty, outside production mode: the development TSA (its certificate from the
  development PKI, pki.ensure_tsa), called in process. The same TSA answers over HTTP at
  /pki/tsa (pki_views.py), so a development installation can also point BALAI_TSA_URL at
  itself, and the tests do so against a live server.

The development TSA is pyHanko's own DummyTimeStamper: it signs every well-formed request with
the TSA key at the current time.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from asn1crypto import cms, core, keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.timestamps import DummyTimeStamper, HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from balai.core.errors import DomainError
from balai.documents import pki

TSA_TIMEOUT_SECONDS = 10
# Digests a time-stamp request may carry (RFC 3161 section 2.4.1: the TSA checks the OID and
# the length of the hashed message).
_DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}
MAX_REQUEST_BYTES = 4096


class TimestampingNotConfiguredError(DomainError):
    code = "DOCUMENT_TIMESTAMP_NOT_CONFIGURED"
    message = ("Layanan cap waktu (TSA) belum diatur, sehingga dokumen belum dapat "
               "ditandatangani. Hubungi pengelola Balai (BALAI_TSA_URL).")


def development_tsa_directory() -> Path | None:
    """The directory of the development PKI, or None in production mode."""
    return Path(settings.BALAI_DEV_PKI_DIR) if settings.BALAI_DEV_PKI_DIR else None


class DevelopmentTimeStamper(DummyTimeStamper):
    """pyHanko's DummyTimeStamper with the TSA's key loaded once: the parent loads it again for
    every token, and loading an RSA key (which checks it) costs far more than signing with it."""

    def __init__(self, *, private_key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._private_key = private_key

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str,
                       dt: datetime.datetime) -> tuple[bytes, cms.CMSAttributes]:
        # As DummyTimeStamper._sign_tst_info (RFC 3161 section 2.4.2, RFC 5035 signing
        # certificate), without reloading the key.
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),
            simple_cms_attribute("signing_certificate",
                                 as_signing_certificate(self.tsa_cert)),
            simple_cms_attribute("message_digest", digest.finalize()),
        ])
        signature = self._private_key.sign(signed_attrs.dump(), padding.PKCS1v15(),
                                           get_pyca_cryptography_hash(md_algorithm.upper()))
        return signature, signed_attrs


@lru_cache(maxsize=4)
def _development_timestamper(directory: Path, base_url: str,
                             tsa_mtime: float) -> DevelopmentTimeStamper:
    # Cached per TSA certificate file (its mtime changes when a new one is made).
    del tsa_mtime
    cert, key = pki.ensure_tsa(directory, base_url=base_url)
    ca_cert, _ = pki.ensure_ca(directory)
    return DevelopmentTimeStamper(
        private_key=key,
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(
            ca_cert.public_bytes(serialization.Encoding.DER))],
    )


def development_timestamper() -> DevelopmentTimeStamper | None:
    """Balai's development TSA, or None in production mode."""
    directory = development_tsa_directory()
    if directory is None:
        return None
    pki.ensure_tsa(directory, base_url=settings.BALAI_PUBLIC_URL)
    mtime = (directory / "tsa" / "cert.pem").stat().st_mtime
    return _development_timestamper(directory, settings.BALAI_PUBLIC_URL, mtime)


def uses_development_tsa() -> bool:
    """Whether signing time-stamps in process with the development TSA (no BALAI_TSA_URL)."""
    return not settings.BALAI_TSA_URL and development_tsa_directory() is not None


def timestamper() -> TimeStamper:
    """The TSA client that signing uses (see the module docstring)."""
    if settings.BALAI_TSA_URL:
        auth = ((settings.BALAI_TSA_USERNAME, settings.BALAI_TSA_PASSWORD)
                if settings.BALAI_TSA_USERNAME else None)
        return HTTPTimeStamper(settings.BALAI_TSA_URL, auth=auth, timeout=TSA_TIMEOUT_SECONDS)
    development = development_timestamper()
    if development is None:
        raise TimestampingNotConfiguredError()
    return development


class _TimeStampResp(core.Sequence):
    # RFC 3161 section 2.4.2: the token is OPTIONAL (absent when the request is refused);
    # asn1crypto's tsp.TimeStampResp declares it mandatory.
    _fields = [
        ("status", tsp.PKIStatusInfo),
        ("time_stamp_token", cms.ContentInfo, {"optional": True}),
    ]


def _rejection(failure: str) -> bytes:
    return _TimeStampResp({"status": tsp.PKIStatusInfo({
        "status": tsp.PKIStatus("rejection"),
        "fail_info": tsp.PKIFailureInfo({failure}),
    })}).dump()


def respond(request_der: bytes) -> tuple[bytes, bool]:
    """The development TSA's DER TimeStampResp to a DER TimeStampReq, and whether it granted it.

    A request that cannot be parsed, or hashes with an algorithm other than SHA-2 or with a
    digest of the wrong length, gets a `rejection` (badDataFormat / badAlg), as RFC 3161 says.
    """
    stamper = development_timestamper()
    assert stamper is not None, "the development TSA is never served in production mode"
    if len(request_der) > MAX_REQUEST_BYTES:
        return _rejection("bad_data_format"), False
    try:
        request = tsp.TimeStampReq.load(request_der)
        imprint = request["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        digest = imprint["hashed_message"].native
        request.native  # noqa: B018 - parses every field now, so a bad one fails here
    except (ValueError, TypeError, KeyError):
        return _rejection("bad_data_format"), False
    if algorithm not in _DIGEST_SIZES:
        return _rejection("bad_alg"), False
    if len(digest) != _DIGEST_SIZES[algorithm]:
        return _rejection("bad_data_format"), False
    if request["req_policy"].native is not None:
        return _rejection("unaccepted_policy"), False
    response = stamper.request_tsa_response(request)
    return response.dump(), True

