"""Every change to complaints: filing, the officers' triage (verify, forward, reject, merge),
answers and internal notes, closing, the reporter's confirmation, reopening and rating, and the
daily escalation. Each action is atomic, appends to the ledger (never with the reporter of an
anonymous complaint), keeps the monthly counters, and notifies the people concerned.

Stages and deadlines follow SP4N-LAPOR!: verification within 3 working days, a first
follow-up within 5 working days after that; the whole complaint is resolved within the
category's tier and never later than 60 days (Perpres 76/2013).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Citizen, Office, User
from balai.accounts.queries import escalation_recipients
from balai.complaints import queries
from balai.complaints.models import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    NUMBER_PREFIX,
    Complaint,
    ComplaintCategory,
    ComplaintCounter,
    ComplaintPhoto,
    ComplaintStat,
    ComplaintUpdate,
    SealedReporter,
    Status,
)
from balai.complaints.photos import MAX_PHOTOS
from balai.core import events
from balai.core.calendar import WorkingCalendar, working_calendar
from balai.core.errors import DomainError, PermissionDeniedError
from balai.core.uploads import CleanFile
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.regions.models import Region

VERIFY_DAYS = 3  # SP4N-LAPOR!: verified within 3 working days
FOLLOW_UP_DAYS = 5  # the agency posts a follow-up within 5 working days
MAX_RESOLUTION_DAYS = 60  # Perpres 76/2013: resolved within 60 days
AUTO_CONFIRM_DAYS = 10  # a closed complaint the reporter leaves unanswered is confirmed
ANONYMOUS_ACTOR = "pelapor:anonim"



class ComplaintError(DomainError):
    code = "COMPLAINT_ERROR"


class WrongStatus(ComplaintError):
    code = "COMPLAINT_WRONG_STATUS"
    message = _("Pengaduan ini tidak dapat diproses pada statusnya sekarang.")


# --- helpers ------------------------------------------------------------------------------

def _next_number(year: int) -> str:
    counter = ComplaintCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ComplaintCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another filing created the year's row a moment earlier
        counter = ComplaintCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}-{year}-{counter.last:06d}"


def reporter_digest(user: User) -> str:
    return queries.reporter_digest(user)


def _reporter_actor(complaint: Complaint, user: User) -> Any:
    """Who the ledger names for a reporter's own step: never the person, if anonymous."""
    return ANONYMOUS_ACTOR if complaint.is_anonymous else user


def _bump(complaint: Complaint, **counts: int) -> None:
    """Add to the month's counters of the complaint's office, category and kecamatan."""
    month = timezone.localdate(complaint.created_at).replace(day=1)
    stat, _created = ComplaintStat.objects.get_or_create(
        month=month, office_id=complaint.office_id, category_id=complaint.category_id,
        kecamatan_code=complaint.kecamatan_id or "")
    ComplaintStat.objects.filter(pk=stat.pk).update(
        **{name: F(name) + value for name, value in counts.items()})


def _move_stats(complaint: Complaint, *, to_office: Office) -> None:
    """A forwarded complaint counts for the office that handles it now."""
    _bump(complaint, filed=-1)
    complaint.office = to_office
    _bump(complaint, filed=1)


def _days(calendar: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> int:
    return max(0, calendar.working_days_between(timezone.localdate(start),
                                                timezone.localdate(end)))


def _notify_reporter(complaint: Complaint, *, subject: str, body: str,
                     reporter: User | None = None) -> None:
    """The reporter learns of every step. An anonymous reporter gets an in-app message that
    does not name the complaint: their inbox row must not tie them to its number."""
    if complaint.is_anonymous:
        if reporter is None:
            reporter = queries.sealed_reporter_user(complaint)
        if reporter is not None:
            queue_message(channel="in_app", recipient=reporter,
                          subject=_("Ada kabar baru tentang pengaduan anonim Anda"),
                          body=_("Buka menu Pengaduan Saya untuk melihat perkembangannya."))
        return
    user = complaint.reporter
    if user is None:
        return
    queue_message(channel="in_app", recipient=user, subject=subject, body=body)
    citizen = Citizen.objects.filter(user=user).only("phone").first()
    if citizen is not None and citizen.phone:
        queue_message(channel="sms", recipient=user, address=citizen.phone,
                      body=f"Balai: {body}")


def _notify_office(complaint: Complaint, *, subject: str, body: str,
                   exclude: User | None = None) -> None:
    for user in queries.handling_officers(complaint.office_id):
        if exclude is not None and user.pk == exclude.pk:
            continue
        queue_message(channel="in_app", recipient=user, subject=subject, body=body)


def _status_body(complaint: Complaint) -> str:
    return _("Status pengaduan %(number)s kini: %(status)s.") % {
        "number": complaint.number, "status": complaint.get_status_display()}


def _log(complaint: Complaint, kind: str, *, officer: User | None = None, note: str = "",
         public: bool = True, by_reporter: bool = False,
         office: Office | None = None) -> ComplaintUpdate:
    return ComplaintUpdate.objects.create(
        complaint=complaint, kind=kind, officer=officer, note=note.strip(), public=public,
        by_reporter=by_reporter, office=office or complaint.office)


def _store_photos(complaint: Complaint, photos: Iterable[CleanFile], *,
                  update: ComplaintUpdate | None = None, proof: bool = False) -> int:
    count = 0
    for clean in photos:
        photo = ComplaintPhoto(complaint=complaint, update=update, is_proof=proof,
                               content_type=clean.content_type, size=clean.size,
                               sha256=clean.sha256)
        photo.file.save(f"{secrets.token_hex(16)}.{clean.format}", ContentFile(clean.content),
                        save=False)
        photo.save()
        count += 1
    return count


def _lock(complaint: Complaint) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    locked.category = complaint.category
    return locked


def _require_handler(actor: User, complaint: Complaint) -> None:
    if not queries.is_handling_officer(user=actor, office_id=complaint.office_id):
        raise PermissionDeniedError()


def _require_reporter(actor: User, complaint: Complaint) -> None:
    if not queries.is_reporter(user=actor, complaint=complaint):
        raise PermissionDeniedError()


def _require_status(complaint: Complaint, *allowed: str) -> None:
    if complaint.status not in allowed:
        raise WrongStatus(details={"status": complaint.status})


def _save(complaint: Complaint) -> None:
    complaint.version += 1
    complaint.save()


def _send_closed(complaint: Complaint, *, outcome: str, closed_at: dt.datetime,
                 calendar: WorkingCalendar) -> None:
    opened = timezone.localdate(complaint.created_at)
    closed = timezone.localdate(closed_at)
    on_time = complaint.resolution_due is None or closed <= complaint.resolution_due
    events.case_closed.send(
        sender=Complaint, kind="complaint", obj=complaint, office_id=complaint.office_id,
        topic=complaint.category.code, kecamatan_code=complaint.kecamatan_id or "",
        opened_at=complaint.created_at, closed_at=closed_at, outcome=outcome, on_time=on_time,
        working_days=max(0, calendar.working_days_between(opened, closed)),
        user_id=None if complaint.is_anonymous else complaint.reporter_id)


# --- filing -------------------------------------------------------------------------------

@transaction.atomic
def file_complaint(*, actor: User, category: ComplaintCategory, description: str,
                   village: Region | None = None, location_note: str = "",
                   latitude: float | None = None, longitude: float | None = None,
                   anonymous: bool = False, confidential: bool = False,
                   photos: Iterable[CleanFile] = (), attributes: dict[str, str] | None = None,
                   channel: str = "web", media_url: str = "",
                   issue_token: bool = False) -> Complaint:
    """A citizen reports a problem; it is routed to the category's office and gets a
    tracking number. An anonymous complaint keeps only a sealed link to its reporter.

    `media_url` is a photo the reporting application hosts (already checked to be an http(s)
    URL by the interface); `issue_token` gives the complaint an unguessable Open311 token."""
    description = description.strip()
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        raise ComplaintError(
            _("Uraian pengaduan harus %(min)d sampai %(max)d karakter.")
            % {"min": DESCRIPTION_MIN, "max": DESCRIPTION_MAX}, code="COMPLAINT_DESCRIPTION")
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ComplaintError(_("Paling banyak %(n)d foto.") % {"n": MAX_PHOTOS},
                             code="COMPLAINT_TOO_MANY_PHOTOS")
    if not category.is_active:
        raise ComplaintError(_("Kategori ini tidak menerima pengaduan."),
                             code="COMPLAINT_CATEGORY_CLOSED")
    if village is not None and not village.is_village:
        raise ComplaintError(_("Pilih desa atau kelurahan."), code="COMPLAINT_LOCATION")
    now = timezone.now()
    today = timezone.localdate(now)
    calendar = working_calendar()
    resolution_days = min(category.resolution_days, MAX_RESOLUTION_DAYS)
    complaint = Complaint.objects.create(
        number=_next_number(today.year), category=category, office=category.office,
        description=description, village=village,
        kecamatan_id=village.parent_id if village is not None else None,
        location_note=location_note.strip()[:200], latitude=latitude, longitude=longitude,
        reporter=None if anonymous else actor, is_anonymous=anonymous,
        is_confidential=confidential, is_listed=not confidential, attributes=attributes or {},
        channel=channel, media_url=media_url,
        request_token=secrets.token_urlsafe(32) if issue_token else None,
        due_date=calendar.add_working_days(today, VERIFY_DAYS),
        resolution_due=calendar.add_working_days(today, resolution_days))
    if anonymous:
        SealedReporter.objects.create(complaint=complaint, reporter_ref=str(actor.pk),
                                      reporter_digest=reporter_digest(actor))
    _log(complaint, ComplaintUpdate.Kind.FILED, by_reporter=True)
    stored = _store_photos(complaint, photos)
    _bump(complaint, filed=1)
    record_event(actor=_reporter_actor(complaint, actor), action="pengaduan.dilaporkan",
                 obj=complaint,
                 payload={"number": complaint.number, "category": category.code,
                          "office": complaint.office_id, "anonymous": anonymous,
                          "confidential": confidential, "photos": stored, "channel": channel,
                          "media_url": bool(media_url)})
    events.case_opened.send(sender=Complaint, kind="complaint", obj=complaint,
                            office_id=complaint.office_id, topic=category.code,
                            kecamatan_code=complaint.kecamatan_id or "",
                            opened_at=complaint.created_at)
    _notify_reporter(complaint, reporter=actor,
                     subject=_("Pengaduan %(number)s diterima") % {"number": complaint.number},
                     body=_("Pengaduan Anda diterima dengan nomor %(number)s. Petugas "
                            "memverifikasinya paling lambat %(due)s.") % {
                         "number": complaint.number,
                         "due": complaint.due_date.strftime("%d-%m-%Y")})  # type: ignore[union-attr]
    _notify_office(complaint, subject=_("Pengaduan baru %(number)s") % {
        "number": complaint.number},
        body=_("Pengaduan baru kategori %(category)s menunggu verifikasi.") % {
            "category": category.name})
    return complaint


# --- triage -------------------------------------------------------------------------------

@transaction.atomic
def verify_complaint(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    """The office accepts the complaint as its own; the follow-up stage begins."""
    _require_handler(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.BARU)
    now = timezone.now()
    locked.status = Status.DIPROSES
    locked.verified_at = now
    locked.due_date = working_calendar().add_working_days(timezone.localdate(now),
                                                          FOLLOW_UP_DAYS)
    locked.escalated_at = None
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.VERIFIED, officer=actor, note=note)
    record_event(actor=actor, action="pengaduan.diverifikasi", obj=locked,
                 payload={"number": locked.number, "version": locked.version})
    _notify_reporter(locked, subject=_("Pengaduan %(number)s diverifikasi") % {
        "number": locked.number}, body=_status_body(locked))
    return locked


@transaction.atomic
def forward_complaint(*, actor: User, complaint: Complaint, office: Office,
                      note: str) -> Complaint:
    """Send the complaint to the office that is competent for it; its verification restarts
    there."""
    _require_handler(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.BARU, Status.DIPROSES)
    if office.pk == locked.office_id or not office.is_active:
        raise ComplaintError(_("Pilih kantor lain yang aktif."), code="COMPLAINT_FORWARD_OFFICE")
    if not note.strip():
        raise ComplaintError(_("Tuliskan alasan pengaduan diteruskan."),
                             code="COMPLAINT_REASON_REQUIRED")
    from_office = locked.office_id
    _move_stats(locked, to_office=office)
    locked.status = Status.BARU
    locked.due_date = working_calendar().add_working_days(timezone.localdate(), VERIFY_DAYS)
    locked.escalated_at = None
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.FORWARDED, officer=actor, note=note, office=office)
    record_event(actor=actor, action="pengaduan.diteruskan", obj=locked,
                 payload={"number": locked.number, "from": from_office, "to": office.pk})
    events.case_moved.send(sender=Complaint, kind="complaint", obj=locked,
                           topic=locked.category.code, opened_at=locked.created_at,
                           from_office_id=from_office, to_office_id=office.pk)
    _notify_reporter(locked, subject=_("Pengaduan %(number)s diteruskan") % {
        "number": locked.number},
        body=_("Pengaduan %(number)s diteruskan ke %(office)s.") % {
            "number": locked.number, "office": office.name})
    _notify_office(locked, subject=_("Pengaduan %(number)s diteruskan ke kantor Anda") % {
        "number": locked.number}, body=note.strip())
    return locked


@transaction.atomic
def reject_complaint(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """Refuse a complaint that is not the regency's to handle (bukan kewenangan), with the
    reason the reporter and the public see."""
    _require_handler(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.BARU, Status.DIPROSES)
    if not reason.strip():
        raise ComplaintError(_("Tuliskan alasan penolakan."), code="COMPLAINT_REASON_REQUIRED")
    now = timezone.now()
    locked.status = Status.DITOLAK
    locked.is_open = False
    locked.reject_reason = reason.strip()
    locked.closed_at = now
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.REJECTED, officer=actor, note=reason)
    _bump(locked, rejected=1)
    record_event(actor=actor, action="pengaduan.ditolak", obj=locked,
                 payload={"number": locked.number})
    _send_closed(locked, outcome="rejected", closed_at=now, calendar=working_calendar())
    _notify_reporter(locked, subject=_("Pengaduan %(number)s ditolak") % {
        "number": locked.number},
        body=_("Pengaduan %(number)s tidak dapat ditangani: %(reason)s") % {
            "number": locked.number, "reason": reason.strip()})
    return locked


@transaction.atomic
def merge_complaint(*, actor: User, complaint: Complaint, into: Complaint,
                    note: str = "") -> Complaint:
    """Join a duplicate to the complaint that is handled; the duplicate leaves the public list
    and its page points to the other."""
    _require_handler(actor, complaint)
    if into.pk == complaint.pk or into.merged_into_id is not None:
        raise ComplaintError(_("Pilih pengaduan lain yang masih berdiri sendiri."),
                             code="COMPLAINT_MERGE_TARGET")
    locked = _lock(complaint)
    _require_status(locked, Status.BARU, Status.DIPROSES)
    now = timezone.now()
    locked.status = Status.DIGABUNG
    locked.is_open = False
    locked.is_listed = False
    locked.merged_into = into
    locked.closed_at = now
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.MERGED, officer=actor,
         note=note or _("Digabung dengan %(number)s.") % {"number": into.number})
    record_event(actor=actor, action="pengaduan.digabung", obj=locked,
                 payload={"number": locked.number, "into": into.number})
    _send_closed(locked, outcome="merged", closed_at=now, calendar=working_calendar())
    _notify_reporter(locked, subject=_("Pengaduan %(number)s digabung") % {
        "number": locked.number},
        body=_("Pengaduan %(number)s sama dengan %(into)s dan ditangani bersama.") % {
            "number": locked.number, "into": into.number})
    return locked


# --- answers and closing ------------------------------------------------------------------

@transaction.atomic
def respond_to_complaint(*, actor: User, complaint: Complaint, public_note: str = "",
                         internal_note: str = "", photos: Iterable[CleanFile] = ()) -> Complaint:
    """Post the office's official answer (public) and/or an internal note, with photos as
    proof of follow-up. A first answer starts the resolution stage."""
    _require_handler(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.BARU, Status.DIPROSES)
    photos = list(photos)
    if not public_note.strip() and not internal_note.strip():
        raise ComplaintError(_("Tuliskan tanggapan atau catatan."), code="COMPLAINT_EMPTY_NOTE")
    if len(photos) > MAX_PHOTOS:
        raise ComplaintError(_("Paling banyak %(n)d foto.") % {"n": MAX_PHOTOS},
                             code="COMPLAINT_TOO_MANY_PHOTOS")
    if photos and not public_note.strip():
        raise ComplaintError(_("Foto bukti dilampirkan pada tanggapan resmi; tuliskan "
                               "tanggapannya."), code="COMPLAINT_EMPTY_NOTE")
    now = timezone.now()
    calendar = working_calendar()
    if internal_note.strip():
        _log(locked, ComplaintUpdate.Kind.NOTE, officer=actor, note=internal_note, public=False)
    if public_note.strip():
        update = _log(locked, ComplaintUpdate.Kind.RESPONSE, officer=actor, note=public_note)
        _store_photos(locked, photos, update=update, proof=True)
        if locked.status == Status.BARU:
            locked.status = Status.DIPROSES
            locked.verified_at = now
        if locked.first_response_at is None:
            locked.first_response_at = now
            _bump(locked, responded=1, response_days=_days(calendar, locked.created_at, now))
        locked.due_date = locked.resolution_due
        locked.escalated_at = None
        _notify_reporter(locked, subject=_("Tanggapan untuk pengaduan %(number)s") % {
            "number": locked.number},
            body=_("Kantor %(office)s menanggapi pengaduan %(number)s.") % {
                "office": locked.office.name, "number": locked.number})
    _save(locked)
    record_event(actor=actor, action="pengaduan.ditanggapi", obj=locked,
                 payload={"number": locked.number, "public": bool(public_note.strip()),
                          "internal": bool(internal_note.strip()), "photos": len(photos)})
    return locked


@transaction.atomic
def close_complaint(*, actor: User, complaint: Complaint, note: str) -> Complaint:
    """The office says the problem is resolved; the reporter confirms or reopens it."""
    _require_handler(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.DIPROSES)
    if not note.strip():
        raise ComplaintError(_("Tuliskan hasil penyelesaiannya."),
                             code="COMPLAINT_REASON_REQUIRED")
    now = timezone.now()
    locked.status = Status.SELESAI
    locked.is_open = False
    locked.closed_at = now
    if locked.first_response_at is None:
        locked.first_response_at = now
        _bump(locked, responded=1,
              response_days=_days(working_calendar(), locked.created_at, now))
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.CLOSED, officer=actor, note=note)
    record_event(actor=actor, action="pengaduan.ditutup", obj=locked,
                 payload={"number": locked.number})
    _notify_reporter(locked, subject=_("Pengaduan %(number)s selesai") % {
        "number": locked.number},
        body=_("Pengaduan %(number)s dinyatakan selesai. Konfirmasi atau buka kembali bila "
               "masalahnya belum selesai, dan beri penilaian.") % {"number": locked.number})
    return locked


def _confirm(locked: Complaint, *, now: dt.datetime, calendar: WorkingCalendar) -> None:
    locked.status = Status.DIKONFIRMASI
    locked.confirmed_at = now
    closed_at = locked.closed_at or now
    on_time = (locked.resolution_due is None
               or timezone.localdate(closed_at) <= locked.resolution_due)
    _bump(locked, resolved=1, resolved_on_time=int(on_time),
          resolution_days=_days(calendar, locked.created_at, closed_at))
    _send_closed(locked, outcome="resolved", closed_at=closed_at, calendar=calendar)


@transaction.atomic
def confirm_complaint(*, actor: User, complaint: Complaint) -> Complaint:
    """The reporter agrees that the problem is resolved."""
    _require_reporter(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.SELESAI)
    _confirm(locked, now=timezone.now(), calendar=working_calendar())
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.CONFIRMED, by_reporter=True)
    record_event(actor=_reporter_actor(locked, actor), action="pengaduan.dikonfirmasi",
                 obj=locked, payload={"number": locked.number})
    _notify_reporter(locked, reporter=actor, subject=_("Terima kasih"),
                     body=_status_body(locked))
    _notify_office(locked, subject=_("Pengaduan %(number)s dikonfirmasi selesai") % {
        "number": locked.number}, body=_status_body(locked))
    return locked


@transaction.atomic
def reopen_complaint(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """The reporter says the problem is not resolved; the office must follow up again."""
    _require_reporter(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.SELESAI)
    if not reason.strip():
        raise ComplaintError(_("Tuliskan mengapa masalahnya belum selesai."),
                             code="COMPLAINT_REASON_REQUIRED")
    locked.status = Status.DIPROSES
    locked.is_open = True
    locked.closed_at = None
    locked.due_date = working_calendar().add_working_days(timezone.localdate(), FOLLOW_UP_DAYS)
    locked.escalated_at = None
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.REOPENED, by_reporter=True, note=reason)
    record_event(actor=_reporter_actor(locked, actor), action="pengaduan.dibuka_kembali",
                 obj=locked, payload={"number": locked.number})
    _notify_reporter(locked, reporter=actor, subject=_("Pengaduan dibuka kembali"),
                     body=_status_body(locked))
    _notify_office(locked, subject=_("Pengaduan %(number)s dibuka kembali oleh pelapor") % {
        "number": locked.number}, body=reason.strip())
    return locked


@transaction.atomic
def rate_complaint(*, actor: User, complaint: Complaint, rating: int,
                   comment: str = "") -> Complaint:
    """The reporter rates the handling (1-5) once the office has closed it."""
    _require_reporter(actor, complaint)
    locked = _lock(complaint)
    _require_status(locked, Status.SELESAI, Status.DIKONFIRMASI)
    if not 1 <= rating <= 5:
        raise ComplaintError(_("Pilih nilai 1 sampai 5."), code="COMPLAINT_RATING")
    if locked.rating is not None:
        raise ComplaintError(_("Anda sudah memberi penilaian untuk pengaduan ini."),
                             code="COMPLAINT_ALREADY_RATED")
    locked.rating = rating
    locked.rating_comment = comment.strip()[:500]
    _save(locked)
    _log(locked, ComplaintUpdate.Kind.RATED, by_reporter=True, public=False,
         note=f"{rating}/5")
    record_event(actor=_reporter_actor(locked, actor), action="pengaduan.dinilai", obj=locked,
                 payload={"number": locked.number, "rating": rating})
    _notify_office(locked, subject=_("Pengaduan %(number)s dinilai %(rating)d/5") % {
        "number": locked.number, "rating": rating}, body=locked.rating_comment)
    return locked


# --- the daily job ------------------------------------------------------------------------

@transaction.atomic
def escalate_overdue_complaints(*, today: dt.date, batch_size: int = 500) -> int:
    """Escalate open complaints past their stage's deadline to their office heads (once per
    deadline), and confirm the closed ones their reporters left unanswered. Returns how many
    were escalated."""
    now = timezone.now()
    per_office: dict[int, list[str]] = defaultdict(list)
    escalated = 0
    while True:
        batch = list(queries.overdue_for_escalation(today=today).select_for_update()
                     .order_by("id").values_list("id", "office_id", "number")[:batch_size])
        if not batch:
            break
        ids = [row[0] for row in batch]
        Complaint.objects.filter(pk__in=ids).update(escalated_at=now)
        ComplaintUpdate.objects.bulk_create([
            ComplaintUpdate(complaint_id=pk, kind=ComplaintUpdate.Kind.ESCALATED, public=False,
                            office_id=office_id,
                            note=_("Melewati batas waktu tahap; dieskalasi ke kepala kantor."))
            for pk, office_id, _number in batch])
        for _pk, office_id, number in batch:
            per_office[office_id].append(number)
        escalated += len(batch)
    offices = {o.pk: o for o in Office.objects.filter(pk__in=per_office)}
    recipients = escalation_recipients(set(per_office))
    for office_id, numbers in sorted(per_office.items()):
        office = offices[office_id]
        record_event(actor=None, action="pengaduan.eskalasi", obj=office,
                     payload={"date": today.isoformat(), "complaints": numbers,
                              "recipients": [user.pk for user in recipients[office_id]]})
        for recipient in recipients[office_id]:
            queue_message(
                channel="in_app", recipient=recipient,
                subject=_("%(n)d pengaduan melewati batas waktu") % {"n": len(numbers)},
                body=_("Pengaduan berikut di %(office)s melewati batas waktu: %(numbers)s.")
                % {"office": office.name, "numbers": ", ".join(numbers)})
    calendar = working_calendar()
    for complaint in queries.unconfirmed_closed(today=today, calendar=calendar,
                                                days=AUTO_CONFIRM_DAYS):
        locked = _lock(complaint)
        _confirm(locked, now=now, calendar=calendar)
        _save(locked)
        _log(locked, ComplaintUpdate.Kind.CONFIRMED,
             note=_("Dikonfirmasi otomatis: pelapor tidak menanggapi dalam %(n)d hari kerja.")
             % {"n": AUTO_CONFIRM_DAYS})
        record_event(actor=None, action="pengaduan.dikonfirmasi_otomatis", obj=locked,
                     payload={"number": locked.number})
    return escalated

