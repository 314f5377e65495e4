from __future__ import annotations

import pytest

from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.documents.actions import revoke_document
from balai.documents.models import IssuedDocument
from balai.documents.testing import make_official
from balai.documents.tests.helpers import issue
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office, official, citizen) -> IssuedDocument:
    return issue(source=citizen, office=office, signer=official)


def test_revoke_document_records_who_when_why_and_a_ledger_entry(document, official):
    revoke_document(document=document, actor=official, reason="  Salah ketik nama.  ")

    document.refresh_from_db()
    assert document.is_revoked
    assert document.revoked_by == official
    assert document.revocation_reason == "Salah ketik nama."
    entry = LedgerEntry.objects.get(action="dokumen.cabut")
    assert entry.object_id == str(document.pk)
    assert entry.actor_id == official.pk


def test_revoking_twice_is_a_conflict(document, official):
    revoke_document(document=document, actor=official, reason="Salah ketik nama.")

    with pytest.raises(ConflictError) as caught:
        revoke_document(document=document, actor=official, reason="Lagi.")

    assert caught.value.code == "DOCUMENT_ALREADY_REVOKED"


def test_revoke_without_reason_is_refused(document, official):
    with pytest.raises(DomainError) as caught:
        revoke_document(document=document, actor=official, reason="   ")

    assert caught.value.code == "DOCUMENT_REVOCATION_NO_REASON"
    document.refresh_from_db()
    assert not document.is_revoked


def test_citizen_cannot_revoke(document, citizen):
    with pytest.raises(PermissionDeniedError):
        revoke_document(document=document, actor=citizen, reason="Saya tidak suka.")


def test_officer_without_signing_role_cannot_revoke(document, office):
    verifier = make_official("verifikator.dukcapil", office, role="verifikator")

    with pytest.raises(PermissionDeniedError):
        revoke_document(document=document, actor=verifier, reason="Salah ketik nama.")

    assert not LedgerEntry.objects.filter(action="dokumen.cabut").exists()


def test_other_signing_official_of_same_office_can_revoke(document, office, dev_pki):
    successor = make_official("pejabat.pengganti", office, full_name="Ir. Yanti Susanti")

    revoke_document(document=document, actor=successor, reason="Diganti dokumen baru.")

    document.refresh_from_db()
    assert document.revoked_by == successor
