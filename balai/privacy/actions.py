"""Writes of UU PDP: consent decisions, the access log, correction and erasure requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import User
from balai.core.errors import DomainError
from balai.ledger.actions import record_event
from balai.privacy.models import AccessLogEntry, Consent, DataRequest, Purpose

# The version of the privacy notice (templates/privacy/notice.html) a consent refers to.
NOTICE_VERSION = "2026-11"
# UU PDP Pasal 32-34: access, correction, restriction within 3 × 24 hours.
ANSWER_WITHIN = dt.timedelta(hours=72)
# The same officer opening the same record again within this window is one access.
ACCESS_DEDUP_WINDOW = dt.timedelta(minutes=15)
OPTIONAL_PURPOSES = (Purpose.SURVEI, Purpose.INFORMASI)


class PrivacyError(DomainError):
    code = "PRIVACY_ERROR"


@transaction.atomic
def record_consents(*, actor: Any, user: User, choices: dict[str, bool], channel: str) -> None:
    """Record one decision per purpose (at registration, or on the Data saya page)."""
    for purpose, granted in choices.items():
        if purpose not in Purpose.values:
            raise PrivacyError(_("Tujuan persetujuan tidak dikenal."))
        Consent.objects.create(user=user, purpose=purpose, granted=bool(granted),
                               notice_version=NOTICE_VERSION, channel=channel)
    record_event(actor=actor, action="privasi.persetujuan_dicatat", obj=user,
                 payload={"choices": {p: bool(g) for p, g in sorted(choices.items())},
                          "channel": channel, "notice": NOTICE_VERSION})


@transaction.atomic
def change_consent(*, actor: User, purpose: str, granted: bool) -> None:
    """A citizen grants or withdraws an optional purpose; effective at once (UU PDP requires
    processing to stop within 3 × 24 hours of a withdrawal)."""
    if purpose not in OPTIONAL_PURPOSES:
        raise PrivacyError(_("Persetujuan ini tidak dapat diubah di sini."))
    record_consents(actor=actor, user=actor, choices={purpose: granted}, channel="data_saya")


def record_access(*, officer: User, citizen: User, what: str,
                  obj: models.Model | None = None) -> AccessLogEntry | None:
    """Note that `officer` opened `citizen`'s personal data. Repeated opening of the same
    record within a few minutes counts once. Not for a citizen opening their own data."""
    if officer.pk == citizen.pk or not hasattr(citizen, "citizen"):
        return None
    object_type = f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    since = timezone.now() - ACCESS_DEDUP_WINDOW
    if AccessLogEntry.objects.filter(citizen=citizen, officer=officer, object_type=object_type,
                                     object_id=object_id, what=what,
                                     accessed_at__gte=since).exists():
        return None
    from balai.accounts.models import OfficeRole

    role = (OfficeRole.objects.filter(user=officer).select_related("office")
            .order_by("pk").first())
    return AccessLogEntry.objects.create(
        citizen=citizen, officer=officer, officer_name=officer.full_name or officer.username,
        office_name=role.office.name if role else "", what=what[:200],
        object_type=object_type, object_id=object_id)


@transaction.atomic
def request_correction(*, actor: User, details: str) -> DataRequest:
    """A citizen asks for their data to be corrected; answered within 3 × 24 hours."""
    return _open_request(actor=actor, kind=DataRequest.Kind.KOREKSI, details=details)


@transaction.atomic
def request_erasure(*, actor: User, details: str) -> DataRequest:
    """A citizen asks for their data to be erased where the law allows (see erase_account)."""
    if DataRequest.objects.filter(user=actor, kind=DataRequest.Kind.HAPUS,
                                  status=DataRequest.Status.DIAJUKAN).exists():
        raise PrivacyError(_("Permintaan penghapusan Anda sebelumnya masih diproses."))
    return _open_request(actor=actor, kind=DataRequest.Kind.HAPUS, details=details)


def _open_request(*, actor: User, kind: str, details: str) -> DataRequest:
    from balai.notifications.actions import queue_message

    request = DataRequest.objects.create(user=actor, kind=kind, details=details.strip(),
                                         due_at=timezone.now() + ANSWER_WITHIN)
    record_event(actor=actor, action=f"privasi.{kind}_diajukan", obj=request,
                 payload={"kind": kind})
    queue_message(channel="in_app", recipient=actor,
                  subject=_("Permintaan data pribadi diterima"),
                  body=_("Permintaan %(kind)s Anda kami terima dan dijawab paling lambat "
                         "%(due)s.") % {"kind": request.get_kind_display().lower(),
                                        "due": timezone.localtime(request.due_at)
                                        .strftime("%d-%m-%Y %H:%M")})
    return request


@transaction.atomic
def answer_request(*, actor: User, data_request: DataRequest, accept: bool,
                   response: str) -> DataRequest:
    """An admin answers a request. Accepting an erasure erases what the law allows."""
    from balai.notifications.actions import queue_message

    locked = DataRequest.objects.select_for_update().get(pk=data_request.pk)
    if locked.status != DataRequest.Status.DIAJUKAN:
        raise PrivacyError(_("Permintaan ini sudah dijawab."))
    if not response.strip():
        raise PrivacyError(_("Tulis jawaban untuk warga."))
    if accept and locked.kind == DataRequest.Kind.HAPUS:
        erase_account(actor=actor, user=locked.user)
    locked.status = DataRequest.Status.SELESAI if accept else DataRequest.Status.DITOLAK
    locked.response = response.strip()
    locked.handled_by = actor
    locked.handled_at = timezone.now()
    locked.save(update_fields=["status", "response", "handled_by", "handled_at"])
    record_event(actor=actor, action="privasi.permintaan_dijawab", obj=locked,
                 payload={"kind": locked.kind, "status": locked.status})
    queue_message(channel="in_app", recipient=locked.user,
                  subject=_("Jawaban permintaan data pribadi"), body=locked.response)
    return locked


def erase_account(*, actor: User, user: User) -> None:
    """Erase what UU PDP lets a citizen erase and close the account.

    Erased: phone, email, address and desa, optional consents, API tokens; the account can no
    longer sign in. Kept (and the Data saya page says why): NIK, name and birth date, because
    they identify the civil-registration records (applications, issued documents) that
    UU 24/2013 on population administration and the archive retention schedule require the
    regency to keep; and the audit ledger, which holds no personal data.
    """
    from balai.accounts.actions import close_account, update_contact_details
    from balai.api.actions import revoke_token

    citizen = getattr(user, "citizen", None)
    if citizen is not None:
        update_contact_details(citizen=citizen, actor=actor, phone="", email="", address="",
                               village=None)
    for token in user.api_tokens.filter(revoked_at__isnull=True):
        revoke_token(token=token, actor=actor)
    record_consents(actor=actor, user=user, channel="penghapusan",
                    choices={purpose: False for purpose in OPTIONAL_PURPOSES})
    close_account(user=user, actor=actor, reason="uu_pdp_penghapusan")


@transaction.atomic
def apply_retention(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is past its retention period (docs/security.md, "Retention")."""
    from balai.privacy.retention import RETENTION

    now = now or timezone.now()
    removed = {}
    access_cutoff = now - RETENTION["access_log"]
    removed["access_log"], _details = AccessLogEntry.objects.filter(
        accessed_at__lt=access_cutoff).delete()
    request_cutoff = now - RETENTION["closed_requests"]
    removed["closed_requests"], _details = DataRequest.objects.exclude(
        status=DataRequest.Status.DIAJUKAN).filter(handled_at__lt=request_cutoff).delete()
    record_event(actor="sistem:retensi", action="privasi.retensi_dijalankan",
                 payload=removed)
    return removed
