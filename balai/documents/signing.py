"""Signing officials' keys and PAdES signatures (pyHanko).

Where an official's key comes from:
- production: BALAI_SIGNING_P12_DIR/<username>.p12, opened with BALAI_SIGNING_P12_PASSWORD;
- development (not in production mode): BALAI_DEV_PKI_DIR/<username>.p12 written by
  `manage.py create_dev_pki` (see pki.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner

from balai.accounts.models import User
from balai.core.errors import DomainError
from balai.documents.pki import DEV_P12_PASSWORD, p12_file_name

SIGNATURE_FIELD = "Signature1"
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


def signer_for(user: User) -> SimpleSigner:
    """The pyHanko signer holding `user`'s signing key and certificate chain.

    Raises SignerHasNoCertificateError when the official has no key file, and
    SignerCertificateUnusableError when it cannot be opened or the certificate is not valid now.
    """
    location = _key_file(user.get_username())
    if location is None or not location[0].is_file():
        raise SignerHasNoCertificateError(details={"username": user.get_username()})
    path, password = location
    try:
        signer = SimpleSigner.load_pkcs12_data(path.read_bytes(), other_certs=[],
                                               passphrase=password)
    except (OSError, ValueError) as exc:
        raise SignerCertificateUnusableError(details={"username": user.get_username()}) from exc
    validity = signer.signing_cert["tbs_certificate"]["validity"]
    now = timezone.now()
    not_before: dt.datetime = validity["not_before"].native
    not_after: dt.datetime = validity["not_after"].native
    if not (not_before <= now <= not_after):
        raise SignerCertificateUnusableError(details={"username": user.get_username(),
                                                      "not_after": not_after.isoformat()})
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


def sign_pdf(pdf: bytes, *, signer: SimpleSigner, signer_name: str, location: str) -> bytes:
    """Add a PAdES baseline signature (ETSI.CAdES.detached) over the whole PDF."""
    metadata = PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=SIGNATURE_REASON,
        name=signer_name,
        location=location,
    )

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = PdfSigner(metadata, signer=signer).sign_pdf(writer)
        return bytes(output.getvalue())

    return _outside_event_loop(sign)
