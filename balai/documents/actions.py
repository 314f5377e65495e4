"""Issuing and revoking signed documents, and revoking signing certificates."""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from balai.accounts.models import Office, Role, User
from balai.accounts.queries import has_role
from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.documents import pki, rendering, signing
from balai.documents.masking import mask_name
from balai.documents.models import DocumentCounter, IssuedDocument, RevokedCertificate
from balai.ledger.actions import record_event

# Verification codes are typed by hand from paper: no 0/O, 1/I/L, and no case to get wrong.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20  # about 99 bits: cannot be guessed, so the public page needs no login
_NUMBER_FIELDS = re.compile(r"\{(\w+)(?::[^}]*)?\}")


class NumberFormatError(DomainError):
    code = "DOCUMENT_NUMBER_FORMAT_INVALID"
    message = ("Format nomor dokumen tidak sah: harus memuat {year} dan {seq}, dan hanya boleh "
               "memakai {office}, {year} dan {seq}.")


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _check_number_format(number_format: str) -> None:
    used = set(_NUMBER_FIELDS.findall(number_format))
    # Without {year} and {seq} the yearly counters would produce the same number twice.
    if not {"year", "seq"} <= used or used - {"office", "year", "seq"}:
        raise NumberFormatError(details={"number_format": number_format})


def allocate_number(*, number_format: str, office: Office, year: int) -> str:
    """The next document number for `number_format` in `office` and `year`.

    The counter is per (format with the office filled in, year) and its row is locked until
    the caller's transaction ends, so concurrent issuers wait and never share a number.
    """
    _check_number_format(number_format)
    office_code = office.code.upper()
    scope = number_format.replace("{office}", office_code)[:120]
    with transaction.atomic():
        DocumentCounter.objects.get_or_create(scope=scope, year=year)
        counter = DocumentCounter.objects.select_for_update().get(scope=scope, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    try:
        return number_format.format(office=office_code, year=year, seq=counter.last)
    except (ValueError, IndexError) as exc:
        raise NumberFormatError(details={"number_format": number_format}) from exc


def verification_url(code: str) -> str:
    return settings.BALAI_PUBLIC_URL + reverse("documents:detail", args=[code])


@transaction.atomic
def issue_document(*, source: models.Model, template: str, context: dict[str, Any], title: str,
                   number_format: str, office: Office, subject_name: str,
                   signer: User) -> IssuedDocument:
    """Number, render, sign (PAdES, with the signing official's own certificate) and store a
    document for `source`, in the caller's transaction.

    The signer must hold the pejabat_penandatangan role in `office`. The PDF carries a QR code
    to the public verification page. If the transaction rolls back, the stored file is left
    unreferenced; nothing points to it and its number was never committed.
    """
    if not has_role(signer, Role.PEJABAT_PENANDATANGAN, office):
        raise PermissionDeniedError(
            "Hanya pejabat penandatangan kantor ini yang dapat menandatangani dokumen.",
            code="DOCUMENT_SIGNER_NOT_AUTHORIZED")
    key = signing.signer_for(signer)  # fails before a number is taken
    issued_at = timezone.now()
    number = allocate_number(number_format=number_format, office=office,
                             year=timezone.localdate(issued_at).year)
    document = IssuedDocument(
        number=number, code=new_verification_code(), title=title, office=office,
        source_type=ContentType.objects.get_for_model(source), source_id=str(source.pk),
        subject_name_masked=mask_name(subject_name), issued_at=issued_at, signed_by=signer,
        signer_name=signer.get_full_name() or signer.get_username(),
        signer_role=Role.PEJABAT_PENANDATANGAN,
    )
    pdf = rendering.render_pdf(template, {
        **context,
        "document": document,
        "office": office,
        "verification_url": verification_url(document.code),
    })
    signed = signing.sign_pdf(pdf, signer=key, signer_name=document.signer_name,
                              location=settings.BALAI_REGENCY_NAME)
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.size = len(signed)
    document.file.save(f"{document.code}.pdf", ContentFile(signed), save=False)
    document.save(force_insert=True)
    record_event(actor=signer, action="dokumen.terbit", obj=document, payload={
        "number": number, "sha256": document.sha256, "title": title,
        "source": f"{document.source_type.app_label}.{document.source_type.model}:"
                  f"{document.source_id}",
    })
    return document


@transaction.atomic
def revoke_document(*, document: IssuedDocument, actor: User, reason: str) -> IssuedDocument:
    """Revoke an issued document: the verification page says REVOKED, with the date and reason.

    Only its signer, a signing official of its office, or an admin may revoke it.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("Alasan pencabutan wajib diisi.", code="DOCUMENT_REVOCATION_NO_REASON")
    allowed = (actor.pk == document.signed_by_id or actor.is_superuser
               or has_role(actor, Role.PEJABAT_PENANDATANGAN, document.office))
    if not allowed:
        raise PermissionDeniedError("Anda tidak berwenang mencabut dokumen ini.",
                                    code="DOCUMENT_REVOKE_NOT_AUTHORIZED")
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise ConflictError("Dokumen ini sudah dicabut sebelumnya.",
                            code="DOCUMENT_ALREADY_REVOKED")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record_event(actor=actor, action="dokumen.cabut", obj=locked,
                 payload={"number": locked.number, "reason": reason})
    return locked


@transaction.atomic
def revoke_signing_certificate(*, official: User, actor: User, reason: str,
                               note: str = "") -> RevokedCertificate:
    """Revoke the certificate `official` signs with: Balai never signs with it again, and if the
    development CA issued it, its CRL and OCSP responder report it revoked from now on.

    A superuser may revoke anyone's certificate; an official may revoke their own (a lost or
    leaked key must be stopped at once). `reason` is a RevokedCertificate.Reason. The revocation
    takes effect at `revoked_at`; the documents signed before carry time-stamps that show when
    they were signed.
    """
    if reason not in RevokedCertificate.Reason.values:
        raise DomainError("Alasan pencabutan sertifikat tidak dikenal.",
                          code="DOCUMENT_CERTIFICATE_REVOCATION_REASON_INVALID",
                          details={"reason": reason})
    if not (actor.is_superuser or actor.pk == official.pk):
        raise PermissionDeniedError("Anda tidak berwenang mencabut sertifikat pejabat ini.",
                                    code="DOCUMENT_CERTIFICATE_REVOKE_NOT_AUTHORIZED")
    certificate = signing.signing_certificate(official)
    already = ConflictError("Sertifikat ini sudah dicabut sebelumnya.",
                            code="DOCUMENT_CERTIFICATE_ALREADY_REVOKED")
    try:
        with transaction.atomic():
            revocation = RevokedCertificate.objects.create(
                issuer_key_id=pki.issuer_key_id(certificate),
                serial_number=f"{certificate.serial_number:x}",
                subject=certificate.subject.rfc4514_string()[:200],
                holder=official, reason=reason, note=note.strip(), revoked_at=timezone.now(),
                revoked_by=actor)
    except IntegrityError as exc:
        raise already from exc
    record_event(actor=actor, action="sertifikat.cabut", obj=revocation, payload={
        "holder": official.get_username(), "serial_number": revocation.serial_number,
        "issuer_key_id": revocation.issuer_key_id, "reason": reason,
    })
    return revocation
