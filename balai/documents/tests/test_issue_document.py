from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from pyhanko.sign.validation import validate_pdf_signature

from balai.accounts.models import Role
from balai.core.errors import DomainError, PermissionDeniedError
from balai.documents import pki
from balai.documents.models import DocumentCounter, IssuedDocument
from balai.documents.signing import SIGNATURE_FIELD, SIGNATURE_REASON
from balai.documents.testing import DevPki, make_official, pdf_text, read_pdf, tool
from balai.documents.tests.helpers import issue, stored_bytes
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_issue_document_signature_is_valid_and_trusted_for_pyhanko(office, official, citizen,
                                                                   dev_pki: DevPki):
    document = issue(source=citizen, office=office, signer=official)

    signatures = read_pdf(stored_bytes(document)).embedded_regular_signatures
    assert len(signatures) == 1
    signature = signatures[0]
    status = validate_pdf_signature(signature, dev_pki.validation_context())
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    # What follows the signature is only its validation data and the document time-stamp.
    assert status.coverage.name == "ENTIRE_REVISION"
    assert status.modification_level.name == "LTA_UPDATES"
    assert signature.field_name == SIGNATURE_FIELD
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature.sig_object["/Reason"] == SIGNATURE_REASON
    assert signature.signer_cert.subject.native["common_name"] == "Drs. Hendra Gunawan"


def test_issue_document_signature_is_not_trusted_without_the_dev_ca(office, official, citizen,
                                                                    tmp_path: Path):
    from pyhanko_certvalidator import ValidationContext

    document = issue(source=citizen, office=office, signer=official)
    stranger_ca_dir = tmp_path / "other-ca"
    pki.ensure_ca(stranger_ca_dir)
    from pyhanko.keys import load_cert_from_pemder

    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(stranger_ca_dir / "ca.cert.pem"))],
        allow_fetching=False)
    status = validate_pdf_signature(
        read_pdf(stored_bytes(document)).embedded_regular_signatures[0], context)
    assert status.intact and status.valid
    assert not status.trusted


def test_issue_document_signature_is_valid_for_poppler_pdfsig(office, official, citizen,
                                                              tmp_path: Path):
    pdfsig = tool("pdfsig")
    document = issue(source=citizen, office=office, signer=official)
    path = tmp_path / "issued.pdf"
    path.write_bytes(stored_bytes(document))

    result = subprocess.run([pdfsig, str(path)], capture_output=True, text=True)  # noqa: S603
    report = result.stdout
    assert "Signature Field Name: Signature1" in report
    assert "Signer Certificate Common Name: Drs. Hendra Gunawan" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature Validation: Signature is Valid." in report


def test_issue_document_pdf_shows_number_title_and_verification_url(office, official, citizen,
                                                                    tmp_path: Path):
    document = issue(source=citizen, office=office, signer=official)

    text = " ".join(pdf_text(stored_bytes(document), tmp_path).split())
    assert document.number in text
    assert "PEMERINTAH KABUPATEN KUBU RAYA" in text
    assert "Dinas Kependudukan dan Pencatatan Sipil" in text
    assert "KUTIPAN AKTA KELAHIRAN" in text  # the heading is set in capitals
    assert "Putri Ayu Lestari" in text
    assert f"http://testserver.balai/verifikasi/{document.code}/" in text
    assert "ditandatangani secara elektronik" in text


def test_issue_document_pdf_carries_qr_code_of_the_verification_url(office, official, citizen,
                                                                   monkeypatch):
    from balai.documents import rendering
    from balai.documents.templatetags.balai_documents import qr_data_uri

    rendered: list[str] = []
    original = rendering.render_to_string

    def spy(*args: Any, **kwargs: Any) -> str:
        rendered.append(original(*args, **kwargs))
        return rendered[-1]

    monkeypatch.setattr(rendering, "render_to_string", spy)
    document = issue(source=citizen, office=office, signer=official)

    # segno is deterministic: the same URL always gives the same QR drawing.
    expected = qr_data_uri(f"http://testserver.balai/verifikasi/{document.code}/")
    assert f'<img src="{expected}"' in rendered[0]


def test_issue_document_stores_file_with_its_hash_and_size(office, official, citizen):
    document = issue(source=citizen, office=office, signer=official)

    document.refresh_from_db()
    data = stored_bytes(document)
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.file.name.endswith(f"{document.code}.pdf")
    assert document.source == citizen
    assert document.signed_by == official
    assert document.signer_role == Role.PEJABAT_PENANDATANGAN
    assert document.subject_name_masked == "P**** A** L******"
    assert len(document.code) == 20
    assert document.number == f"AKL-DISDUKCAPIL-{timezone.localdate().year}-000001"


def test_issue_document_records_a_ledger_entry(office, official, citizen):
    document = issue(source=citizen, office=office, signer=official)

    entry = LedgerEntry.objects.get(action="dokumen.terbit")
    assert entry.object_type == "documents.issueddocument"
    assert entry.object_id == str(document.pk)
    assert entry.actor_id == official.pk


def test_issue_document_without_certificate_raises_clear_error(office, citizen, dev_pki):
    signer_without_key = make_official("pejabat.baru", office, full_name="Ani Rahmawati")

    with pytest.raises(DomainError) as caught:
        issue(source=citizen, office=office, signer=signer_without_key)

    assert caught.value.code == "DOCUMENT_SIGNER_HAS_NO_CERTIFICATE"
    assert "belum memiliki sertifikat elektronik" in caught.value.message
    assert not IssuedDocument.objects.exists()
    assert not DocumentCounter.objects.exists()  # no number was used up


def test_issue_document_by_official_without_signing_role_is_refused(office, citizen, dev_pki):
    verifier = make_official("verifikator.dukcapil", office, role=Role.VERIFIKATOR)
    dev_pki.certify(verifier)

    with pytest.raises(PermissionDeniedError) as caught:
        issue(source=citizen, office=office, signer=verifier)

    assert caught.value.code == "DOCUMENT_SIGNER_NOT_AUTHORIZED"
    assert not IssuedDocument.objects.exists()


def test_issue_document_by_signing_official_of_other_office_is_refused(office, other_office,
                                                                       citizen, dev_pki):
    other_signer = make_official("pejabat.dinkes", other_office)
    dev_pki.certify(other_signer)

    with pytest.raises(PermissionDeniedError):
        issue(source=citizen, office=office, signer=other_signer)


def _production_p12(directory: Path, dev_pki: DevPki, *, password: bytes) -> None:
    """A PKCS#12 file as a PSrE would hand it over, with its own password; issued here by the
    test CA, whose revocation status signing can learn (a PSrE's would come over HTTP)."""
    directory.mkdir()
    for name in ("ca.cert.pem", "ca.key.pem"):
        (directory / name).write_bytes((dev_pki.directory / name).read_bytes())
    pki.ensure_certificate(directory, username="pejabat.dukcapil",
                           full_name="Drs. Hendra Gunawan", base_url="http://testserver.balai",
                           password=password)
    for name in ("ca.cert.pem", "ca.key.pem"):
        (directory / name).unlink()


def test_issue_document_uses_production_pkcs12_from_signing_dir(office, citizen, settings,
                                                                dev_pki: DevPki,
                                                                tmp_path: Path):
    production_dir = tmp_path / "p12"
    _production_p12(production_dir, dev_pki, password=b"rahasia-produksi")
    settings.BALAI_SIGNING_P12_DIR = str(production_dir)
    settings.BALAI_SIGNING_P12_PASSWORD = "rahasia-produksi"
    (dev_pki.directory / "pejabat.dukcapil.p12").unlink(missing_ok=True)
    signer = make_official("pejabat.dukcapil", office)

    document = issue(source=citizen, office=office, signer=signer)

    from pyhanko.keys import load_cert_from_pemder

    signature = read_pdf(stored_bytes(document)).embedded_regular_signatures[0]
    assert validate_pdf_signature(signature, dev_pki.validation_context()).bottom_line
    assert signature.signer_cert.dump() == load_cert_from_pemder(
        str(production_dir / "pejabat.dukcapil.cert.pem")).dump()


def test_issue_document_with_wrong_pkcs12_password_raises_clear_error(office, citizen, settings,
                                                                      dev_pki: DevPki,
                                                                      tmp_path: Path):
    production_dir = tmp_path / "p12"
    _production_p12(production_dir, dev_pki, password=b"rahasia-produksi")
    settings.BALAI_SIGNING_P12_DIR = str(production_dir)
    settings.BALAI_SIGNING_P12_PASSWORD = "salah"
    signer = make_official("pejabat.dukcapil", office)

    with pytest.raises(DomainError) as caught:
        issue(source=citizen, office=office, signer=signer)

    assert caught.value.code == "DOCUMENT_SIGNER_CERTIFICATE_UNUSABLE"


def test_issue_document_rolls_back_with_the_callers_transaction(office, official, citizen):
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(source=citizen, office=office, signer=official)
        raise RuntimeError("the caller's next step failed")

    assert not IssuedDocument.objects.exists()
    assert not LedgerEntry.objects.filter(action="dokumen.terbit").exists()


def test_issue_document_renders_in_indonesian_whatever_the_active_language(office, official,
                                                                           citizen,
                                                                           tmp_path: Path):
    from django.utils import translation

    with translation.override("en"):
        document = issue(source=citizen, office=office, signer=official)

    text = " ".join(pdf_text(stored_bytes(document), tmp_path).split())
    assert "Nomor dokumen" in text


@pytest.fixture(autouse=True)
def _public_url(settings: Any) -> None:
    settings.BALAI_PUBLIC_URL = "http://testserver.balai"
