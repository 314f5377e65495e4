"""Revoking a signing certificate: recorded, in the ledger, and never signed with again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cryptography import x509
from django.contrib.auth import get_user_model
from django.core.management import call_command

from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.documents import pki
from balai.documents.actions import revoke_signing_certificate
from balai.documents.models import DocumentCounter, IssuedDocument, RevokedCertificate
from balai.documents.testing import DevPki, make_official
from balai.documents.tests.helpers import issue
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin.kominfo", "sandi-uji-panjang-9")


def certificate(dev_pki: DevPki, username: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((dev_pki.directory / f"{username}.cert.pem")
                                          .read_bytes())


def test_admin_revokes_a_certificate_which_then_signs_nothing(office, official, citizen, admin,
                                                             dev_pki):
    cert = certificate(dev_pki, official.username)

    revocation = revoke_signing_certificate(official=official, actor=admin,
                                            reason="key_compromise", note="Token hilang.")

    assert revocation.serial_number == f"{cert.serial_number:x}"
    assert revocation.issuer_key_id == pki.key_id(
        x509.load_pem_x509_certificate(dev_pki.ca_cert_path.read_bytes()))
    assert "Drs. Hendra Gunawan" in revocation.subject
    assert (revocation.holder, revocation.revoked_by) == (official, admin)
    assert revocation.note == "Token hilang."
    entry = LedgerEntry.objects.get(action="sertifikat.cabut")
    assert (entry.actor_id, entry.object_id) == (admin.pk, str(revocation.pk))

    with pytest.raises(DomainError) as caught:
        issue(source=citizen, office=office, signer=official)

    assert caught.value.code == "DOCUMENT_SIGNER_CERTIFICATE_REVOKED"
    assert "sudah dicabut" in caught.value.message
    assert not IssuedDocument.objects.exists()
    assert not DocumentCounter.objects.exists()  # no number was used up


def test_official_may_revoke_their_own_certificate(official):
    revocation = revoke_signing_certificate(official=official, actor=official,
                                            reason="superseded")

    assert revocation.reason == RevokedCertificate.Reason.SUPERSEDED


def test_another_official_may_not_revoke_a_certificate(office, official, dev_pki):
    colleague = make_official("pejabat.lain", office, full_name="Ani Rahmawati")

    with pytest.raises(PermissionDeniedError) as caught:
        revoke_signing_certificate(official=official, actor=colleague, reason="key_compromise")

    assert caught.value.code == "DOCUMENT_CERTIFICATE_REVOKE_NOT_AUTHORIZED"
    assert not RevokedCertificate.objects.exists()
    assert not LedgerEntry.objects.filter(action="sertifikat.cabut").exists()


def test_revoking_a_certificate_twice_is_a_conflict(official, admin):
    revoke_signing_certificate(official=official, actor=admin, reason="key_compromise")

    with pytest.raises(ConflictError) as caught:
        revoke_signing_certificate(official=official, actor=admin, reason="superseded")

    assert caught.value.code == "DOCUMENT_CERTIFICATE_ALREADY_REVOKED"
    assert RevokedCertificate.objects.count() == 1


def test_revoking_with_an_unknown_reason_is_refused(official, admin):
    with pytest.raises(DomainError) as caught:
        revoke_signing_certificate(official=official, actor=admin, reason="bosan")

    assert caught.value.code == "DOCUMENT_CERTIFICATE_REVOCATION_REASON_INVALID"
    assert not RevokedCertificate.objects.exists()


def test_revoking_the_certificate_of_an_official_without_one_is_refused(office, admin, dev_pki):
    newcomer = make_official("pejabat.baru", office, full_name="Ani Rahmawati")

    with pytest.raises(DomainError) as caught:
        revoke_signing_certificate(official=newcomer, actor=admin, reason="superseded")

    assert caught.value.code == "DOCUMENT_SIGNER_HAS_NO_CERTIFICATE"


def test_create_dev_pki_replaces_a_revoked_certificate_and_signing_works_again(
        office, official, citizen, admin, dev_pki):
    old = certificate(dev_pki, official.username)
    revoke_signing_certificate(official=official, actor=admin, reason="key_compromise")

    call_command("create_dev_pki", "--username", official.username, stdout=io.StringIO())

    new = certificate(dev_pki, official.username)
    assert new.serial_number != old.serial_number
    archived = Path(dev_pki.directory / "revoked" / f"{old.serial_number:x}.cert.pem")
    assert x509.load_pem_x509_certificate(archived.read_bytes()) == old
    assert issue(source=citizen, office=office, signer=official).signed_by == official
