"""Reads about issued documents and revoked signing certificates."""

from __future__ import annotations

import re

from cryptography import x509
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from balai.documents import pki
from balai.documents.models import IssuedDocument, RevokedCertificate

_NOT_CODE = re.compile(r"[\s-]+")


def normalize_code(code: str) -> str:
    """A verification code as typed by a person: spaces and dashes dropped, upper case."""
    return _NOT_CODE.sub("", code).upper()


def get_document_by_code(code: str) -> IssuedDocument | None:
    """The document with this verification code, with what its public page shows."""
    return (IssuedDocument.objects.select_related("office", "revoked_by")
            .filter(code=normalize_code(code)).first())


def documents_for_source(source: models.Model) -> QuerySet[IssuedDocument]:
    """The documents issued for one record (an application, a tax receipt…), newest first."""
    return (IssuedDocument.objects.select_related("office")
            .filter(source_type=ContentType.objects.get_for_model(source),
                    source_id=str(source.pk))
            .order_by("-issued_at"))


_CRL_REASONS = {
    RevokedCertificate.Reason.UNSPECIFIED: x509.ReasonFlags.unspecified,
    RevokedCertificate.Reason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    RevokedCertificate.Reason.AFFILIATION_CHANGED: x509.ReasonFlags.affiliation_changed,
    RevokedCertificate.Reason.SUPERSEDED: x509.ReasonFlags.superseded,
    RevokedCertificate.Reason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
}


def certificate_revocations(*, issuer_key_id: str) -> dict[int, pki.Revocation]:
    """The revoked certificates of one CA (by its key identifier, hex), by serial number."""
    rows = RevokedCertificate.objects.filter(issuer_key_id=issuer_key_id).values_list(
        "serial_number", "revoked_at", "reason")
    return {int(serial, 16): pki.Revocation(int(serial, 16), revoked_at, _CRL_REASONS[reason])
            for serial, revoked_at, reason in rows}


def is_certificate_revoked(*, issuer_key_id: str, serial_number: int) -> bool:
    return RevokedCertificate.objects.filter(issuer_key_id=issuer_key_id,
                                             serial_number=f"{serial_number:x}").exists()
