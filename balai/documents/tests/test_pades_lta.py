"""Issued documents are PAdES B-LTA, checked by independent validators (the pyHanko command
line and poppler's pdfsig) that fetch the CA certificate, the CRL and the OCSP answers from a
running Balai over real HTTP; signing itself time-stamps through that server's TSA."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from balai.accounts.models import Office, User
from balai.core.errors import DomainError
from balai.documents.actions import revoke_signing_certificate
from balai.documents.models import IssuedDocument
from balai.documents.testing import DevPki, make_office, make_official, tool
from balai.documents.tests.helpers import issue, stored_bytes


@pytest.fixture
def served(transactional_db: None, live_server: Any, settings: Any, dev_pki: DevPki) -> Any:
    """A Balai on a live server whose certificates name its CRL, OCSP and CA addresses, and
    that signs with its own TSA over HTTP (BALAI_TSA_URL), as production signs with BSrE's."""
    settings.BALAI_PUBLIC_URL = live_server.url
    settings.BALAI_TSA_URL = f"{live_server.url}/pki/tsa"
    return live_server


@pytest.fixture
def office(served: Any) -> Office:
    return make_office("disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
def official(office: Office, dev_pki: DevPki) -> User:
    user = make_official("pejabat.dukcapil", office)
    dev_pki.certify(user)
    return user


@pytest.fixture
def issued_pdf(office: Office, official: User, tmp_path: Path) -> Path:
    path = tmp_path / "issued.pdf"
    path.write_bytes(stored_bytes(issue(source=official, office=office, signer=official)))
    return path


def pyhanko(command: str, pdf: Path, dev_pki: DevPki, *options: str) -> Any:
    """The pyHanko command line (pyhanko-cli) with a configuration that trusts only the
    development CA; it fetches revocation data itself (and logs what it fetches)."""
    config = pdf.parent / "pyhanko.yml"
    config.write_text(
        "validation-contexts:\n"
        "  balai:\n"
        f"    trust: {dev_pki.ca_cert_path}\n"
        "    trust-replace: true\n")
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "pyhanko", "--verbose", "--config", str(config), "sign", command,
         "--validation-context", "balai", *options, str(pdf)],
        capture_output=True, text=True, timeout=120)


def pdfsig(pdf: Path, dev_pki: DevPki) -> str:
    """poppler's pdfsig report, with an NSS database that trusts the development CA (pdfsig
    checks the certificates' status online with OCSP)."""
    certutil = tool("certutil", package="libnss3-tools")
    nss = pdf.parent / "nss"
    nss.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{nss}", "--empty-password"],  # noqa: S603
                   check=True, capture_output=True)
    subprocess.run([certutil, "-A", "-d", f"sql:{nss}", "-n", "balai-dev-ca",  # noqa: S603
                    "-t", "CT,C,C", "-i", str(dev_pki.ca_cert_path)],
                   check=True, capture_output=True)
    result = subprocess.run([tool("pdfsig"), "-nssdir", f"sql:{nss}", str(pdf)],  # noqa: S603
                            capture_output=True, text=True, timeout=120)
    return result.stdout


def test_issued_document_is_valid_for_pyhanko_cli_with_revocation_forced(
        issued_pdf, dev_pki, served):
    result = pyhanko("validate", issued_pdf, dev_pki, "--force-revinfo", "--pretty-print")

    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "The signer's certificate is trusted." in report
    assert "Signature timestamp token:" in report  # B-T
    assert "This timestamp is backed by a time stamping authority." in report
    assert "The TSA certificate is trusted." in report
    # B-LTA: after the signature come only its validation data and the document time-stamp.
    assert "All modifications relate to signature maintenance" in report
    assert "The signature is judged VALID." in report
    # The revocation status was fetched from the running server, over HTTP.
    assert f"Requesting OCSP response from {served.url}/pki/ocsp" in result.stderr


def test_issued_document_summary_of_pyhanko_cli_names_timestamp_and_lta_updates(
        issued_pdf, dev_pki):
    result = pyhanko("validate", issued_pdf, dev_pki, "--force-revinfo")

    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip()
    assert summary.startswith("Signature1:")
    assert "INTACT:TRUSTED" in summary
    assert "TIMESTAMP_TOKEN<INTACT:TRUSTED>" in summary
    assert "EXTENDED_WITH_LTA_UPDATES" in summary


def test_issued_document_passes_pyhanko_cli_ades_long_term_validation(issued_pdf, dev_pki):
    # ETSI EN 319 102-1 section 5.6.3: validation with long-term availability and integrity,
    # driven by the chain of document time-stamps.
    result = pyhanko("adesverify", issued_pdf, dev_pki, "--pretty-print")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Signature timestamp token:" in result.stdout
    assert "The signature is judged VALID." in result.stdout


def test_issued_document_is_valid_and_time_stamped_for_pdfsig(issued_pdf, dev_pki):
    report = pdfsig(issued_pdf, dev_pki)

    signature, document_timestamp = report.split("Signature #2:")
    assert "Signature Field Name: Signature1" in signature
    assert "Signature Type: ETSI.CAdES.detached" in signature
    assert "Signature Validation: Signature is Valid." in signature
    assert "Certificate Validation: Certificate is Trusted." in signature
    # The document time-stamp, signed by the TSA (poppler 22 lists it, without checking it).
    assert "Signature Field Name: DocumentTimestamp1" in document_timestamp
    assert "Signer Certificate Common Name: Balai Development TSA" in document_timestamp


def test_revoked_signer_certificate_fails_validation_with_revocation_forced(
        issued_pdf, official, dev_pki):
    admin = get_user_model().objects.create_superuser("admin.kominfo", "sandi-uji-panjang-9")
    revoke_signing_certificate(official=official, actor=admin, reason="key_compromise")

    result = pyhanko("validate", issued_pdf, dev_pki, "--force-revinfo", "--pretty-print")

    assert result.returncode != 0
    assert "The signer's certificate is revoked." in result.stdout
    assert "The signature is judged INVALID." in result.stdout
    report = pdfsig(issued_pdf, dev_pki)
    assert "Certificate Validation: Certificate has been Revoked." in report.split(
        "Signature #2:")[0]


def test_issue_document_with_an_unreachable_tsa_is_refused(office, official, settings):
    settings.BALAI_TSA_URL = "http://127.0.0.1:9/tsa"  # the discard port: nobody answers

    with pytest.raises(DomainError) as caught:
        issue(source=official, office=office, signer=official)

    assert caught.value.code == "DOCUMENT_SIGNING_UNAVAILABLE"
    assert "layanan cap waktu (TSA)" in caught.value.message
    assert not IssuedDocument.objects.exists()
