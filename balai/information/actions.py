"""Every change of the public-information domain: publishing catalogue items, requests and
their answers, objections and their decisions, reminders and escalation. Deadlines follow
UU KIP 14/2008 and PERKI 1/2021 and are counted in working days (balai.core.calendar)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Office, Role, User
from balai.accounts.queries import escalation_recipients, nik_index
from balai.core import events
from balai.core.calendar import WorkingCalendar, working_calendar
from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.information import queries, search
from balai.information.files import CheckedFile
from balai.information.models import (
    Category,
    InformationFile,
    InformationItem,
    InformationRequest,
    NumberCounter,
    Objection,
    ResponseFile,
)
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message

# UU KIP Pasal 22(7)-(8): answer within 10 working days, extendable once by 7.
ANSWER_DAYS = 10
EXTENSION_DAYS = 7
# Panduan PPID 2021 (UU KIP Pasal 36): file an objection within 30 working days of its ground;
# the atasan PPID answers within 30 working days.
OBJECTION_FILING_DAYS = 30
OBJECTION_ANSWER_DAYS = 30
# UU KIP Pasal 37(2): a dispute goes to the Komisi Informasi within 14 working days of the
# atasan's answer.
DISPUTE_FILING_DAYS = 14
# Reminders to the PPID this many working days before a deadline.
REMINDER_DAYS = 2

Upload = tuple[IO[bytes], CheckedFile]


class InformationError(DomainError):
    code = "INFORMATION_ERROR"


class StaleRequest(ConflictError):
    code = "INFORMATION_REQUEST_STALE"
    message = _("Permohonan ini baru saja diproses oleh petugas lain. Muat ulang halaman lalu "
                "coba lagi.")


def _next_number(register: str, year: int) -> str:
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        register=register, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{register}-{year}-{counter.last:06d}"


def _store(model: type[Any], owner: dict[str, Any], upload: Upload) -> Any:
    file, checked = upload
    row = model(**owner, original_name=checked.original_name, content_type=checked.content_type,
                size=checked.size, sha256=checked.sha256)
    row.file.save(checked.original_name, File(file), save=False)
    row.save()
    return row


def _require_role(actor: User, office_id: int, role: Role) -> None:
    if not queries.holds_role(actor, office_id=office_id, role=role):
        raise PermissionDeniedError()


# --- the catalogue (Daftar Informasi Publik) ----------------------------------------------

@transaction.atomic
def publish_item(*, actor: User, office: Office, title: str, category: str, summary: str = "",
                 period: str = "", responsible: str = "", legal_basis: str = "",
                 consequence_test: str = "", exempt_until: dt.date | None = None,
                 files: list[Upload] | None = None) -> InformationItem:
    """Enter an item in the office's list of public information (the PPID's task).

    Exempt information (UU KIP Pasal 17) must state its legal basis and the consequence test
    (PERKI 1/2021 Pasal 49); its files are kept for the office but never served."""
    _require_role(actor, office.pk, Role.PPID)
    if category not in Category.values:
        raise InformationError(_("Kategori informasi tidak dikenal."),
                               code="INFORMATION_BAD_CATEGORY")
    if category == Category.DIKECUALIKAN and not (legal_basis.strip()
                                                  and consequence_test.strip()):
        raise InformationError(
            _("Informasi yang dikecualikan wajib mencantumkan dasar hukum dan hasil uji "
              "konsekuensi."), code="INFORMATION_EXEMPT_NEEDS_BASIS")
    item = InformationItem.objects.create(
        office=office, title=title.strip(), summary=summary.strip(), category=category,
        period=period.strip(), responsible=responsible.strip(), legal_basis=legal_basis.strip(),
        consequence_test=consequence_test.strip(), exempt_until=exempt_until,
        search_text=" ".join([summary, period, office.name, office.short_name]))
    for upload in files or []:
        _store(InformationFile, {"item": item}, upload)
    search.index_item(item_id=item.pk, title=item.title, text=item.search_text)
    record_event(actor=actor, action="informasi.diterbitkan", obj=item,
                 payload={"category": category, "office": office.code,
                          "files": len(files or [])})
    return item


# --- requests -----------------------------------------------------------------------------

@transaction.atomic
def submit_request(*, actor: User | None, office: Office, information: str, purpose: str,
                   format: str, delivery: str, name: str = "", nik: str = "",
                   address: str = "", phone: str = "", email: str = "",
                   item: InformationItem | None = None) -> tuple[InformationRequest, str]:
    """Register a request for information and start its 10-working-day deadline.

    UU KIP Pasal 22(2) requires the requester's identity and purpose: a signed-in citizen is
    identified by their account; anyone else gives name, NIK and address (and a phone or an
    email to be reached). Returns the request and, for a requester without an account, the
    access code they need with the number to follow it (shown once)."""
    if not information.strip() or not purpose.strip():
        raise InformationError(_("Sebutkan informasi yang diminta dan tujuan penggunaannya."),
                               code="INFORMATION_PURPOSE_REQUIRED")
    access_code = ""
    if actor is not None and actor.is_authenticated:
        identity = queries.account_identity(actor)
        requester: User | None = actor
    else:
        if not (name.strip() and nik.strip() and address.strip()
                and (phone.strip() or email.strip())):
            raise InformationError(
                _("Identitas pemohon wajib diisi: nama, NIK, alamat, dan telepon atau surel "
                  "(UU 14/2008 Pasal 22)."), code="INFORMATION_IDENTITY_REQUIRED")
        identity = {"name": name.strip(), "nik": nik.strip(), "address": address.strip(),
                    "phone": phone.strip(), "email": email.strip()}
        requester = None
        access_code = secrets.token_urlsafe(9)
    now = timezone.now()
    today = timezone.localdate(now)
    request = InformationRequest.objects.create(
        number=_next_number("INF", today.year), requester=requester, office=office, item=item,
        information=information.strip(), purpose=purpose.strip(), format=format,
        delivery=delivery, received_at=now,
        due_date=working_calendar().add_working_days(today, ANSWER_DAYS),
        nik_index=nik_index(identity["nik"]) if identity["nik"] else "",
        access_digest=access_digest(access_code) if access_code else "", **identity)
    record_event(actor=actor if requester else "pemohon:tanpa-akun",
                 action="informasi.permohonan_diterima", obj=request,
                 payload={"number": request.number, "office": office.code,
                          "due": request.due_date.isoformat()})
    events.case_opened.send(sender=InformationRequest, kind="information_request", obj=request,
                            office_id=office.pk, topic="informasi", kecamatan_code="",
                            opened_at=now)
    _tell_requester(request, subject=_("Permohonan informasi %(number)s diterima") % {
        "number": request.number},
        body=_("Permohonan informasi Anda tercatat dengan nomor %(number)s. PPID menjawab "
               "paling lambat %(due)s (10 hari kerja).") % {
            "number": request.number, "due": request.due_date.strftime("%d-%m-%Y")})
    for ppid in queries.role_holders(office_id=office.pk, role=Role.PPID):
        queue_message(channel="in_app", recipient=ppid,
                      subject=_("Permohonan informasi baru %(number)s") % {
                          "number": request.number},
                      body=_("Jawab paling lambat %(due)s.") % {
                          "due": request.due_date.strftime("%d-%m-%Y")})
    return request, access_code


def access_digest(code: str) -> str:
    return hashlib.sha256(f"informasi:{code}".encode()).hexdigest()


def _lock(request: InformationRequest, expected_version: int) -> InformationRequest:
    locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.version != expected_version:
        raise StaleRequest(details={"expected_version": expected_version,
                                    "current_version": locked.version})
    return locked


@transaction.atomic
def extend_request(*, actor: User, request: InformationRequest, reason: str,
                   expected_version: int) -> InformationRequest:
    """Extend the deadline once by 7 working days with a written reason (UU KIP Pasal 22(8))."""
    _require_role(actor, request.office_id, Role.PPID)
    locked = _lock(request, expected_version)
    if locked.status == InformationRequest.Status.ANSWERED:
        raise InformationError(_("Permohonan ini sudah dijawab."),
                               code="INFORMATION_ALREADY_ANSWERED")
    if locked.extended_at is not None:
        raise InformationError(_("Batas waktu hanya dapat diperpanjang satu kali."),
                               code="INFORMATION_ALREADY_EXTENDED")
    if not reason.strip():
        raise InformationError(_("Tuliskan alasan perpanjangan; pemohon akan menerimanya."),
                               code="INFORMATION_REASON_REQUIRED")
    locked.due_date = working_calendar().add_working_days(locked.due_date, EXTENSION_DAYS)
    locked.extended_at = timezone.now()
    locked.extension_reason = reason.strip()
    locked.status = InformationRequest.Status.EXTENDED
    locked.reminded_at = None
    locked.version += 1
    locked.save()
    record_event(actor=actor, action="informasi.diperpanjang", obj=locked,
                 payload={"number": locked.number, "due": locked.due_date.isoformat()})
    _tell_requester(locked, subject=_("Permohonan %(number)s diperpanjang") % {
        "number": locked.number},
        body=_("PPID memperpanjang waktu jawaban sampai %(due)s. Alasan: %(reason)s") % {
            "due": locked.due_date.strftime("%d-%m-%Y"), "reason": locked.extension_reason})
    return locked


@transaction.atomic
def answer_request(*, actor: User, request: InformationRequest, outcome: str, answer: str,
                   expected_version: int, refusal_basis: str = "",
                   files: list[Upload] | None = None) -> InformationRequest:
    """Answer in writing: grant fully or partly (with the files), or refuse with the legal
    basis (UU KIP Pasal 22(7), Pasal 17)."""
    _require_role(actor, request.office_id, Role.PPID)
    locked = _lock(request, expected_version)
    if locked.status == InformationRequest.Status.ANSWERED:
        raise InformationError(_("Permohonan ini sudah dijawab."),
                               code="INFORMATION_ALREADY_ANSWERED")
    if outcome not in InformationRequest.Outcome.values:
        raise InformationError(_("Pilih hasil jawaban."), code="INFORMATION_BAD_OUTCOME")
    refused = outcome != InformationRequest.Outcome.GRANTED
    if refused and not refusal_basis.strip():
        raise InformationError(
            _("Sebutkan dasar hukum penolakan (mis. UU 14/2008 Pasal 17 huruf ...)."),
            code="INFORMATION_REFUSAL_BASIS_REQUIRED")
    if not answer.strip():
        raise InformationError(_("Tuliskan jawaban kepada pemohon."),
                               code="INFORMATION_ANSWER_REQUIRED")
    now = timezone.now()
    today = timezone.localdate(now)
    calendar = working_calendar()
    locked.status = InformationRequest.Status.ANSWERED
    locked.outcome = outcome
    locked.answer = answer.strip()
    locked.refusal_basis = refusal_basis.strip() if refused else ""
    locked.answered_at = now
    locked.answered_by = actor
    locked.working_days = max(0, calendar.working_days_between(
        timezone.localdate(locked.received_at), today))
    locked.version += 1
    locked.save()
    for upload in files or []:
        _store(ResponseFile, {"request": locked}, upload)
    record_event(actor=actor, action="informasi.dijawab", obj=locked,
                 payload={"number": locked.number, "outcome": outcome,
                          "files": len(files or [])})
    events.case_closed.send(
        sender=InformationRequest, kind="information_request", obj=locked,
        office_id=locked.office_id, topic="informasi", kecamatan_code="",
        opened_at=locked.received_at, closed_at=now, outcome=outcome,
        on_time=today <= locked.due_date, working_days=locked.working_days,
        user_id=locked.requester_id)
    _tell_requester(locked, subject=_("Permohonan %(number)s dijawab") % {
        "number": locked.number},
        body=_("PPID telah menjawab permohonan informasi Anda: %(outcome)s. Bila tidak puas, "
               "Anda dapat mengajukan keberatan dalam 30 hari kerja.") % {
            "outcome": locked.get_outcome_display()})
    return locked


# --- objections ---------------------------------------------------------------------------

def objection_window(request: InformationRequest, *, today: dt.date,
                     calendar: WorkingCalendar | None = None) -> tuple[dt.date, dt.date] | None:
    """(ground date, last day to object), or None while there is no ground yet: the answer, or
    the deadline passing unanswered, starts the 30 working days. Pass `calendar` to reuse one
    working calendar for many requests."""
    if request.answered_at is not None:
        ground = timezone.localdate(request.answered_at)
    elif today > request.due_date:
        ground = request.due_date
    else:
        return None
    calendar = calendar or working_calendar()
    return ground, calendar.add_working_days(ground, OBJECTION_FILING_DAYS)


@transaction.atomic
def file_objection(*, actor: User | None, request: InformationRequest, ground: str,
                   reason: str) -> Objection:
    """The requester objects to the atasan PPID (UU KIP Pasal 35-36)."""
    now = timezone.now()
    today = timezone.localdate(now)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if Objection.objects.filter(request=request).exists():
        raise InformationError(_("Keberatan untuk permohonan ini sudah diajukan."),
                               code="OBJECTION_ALREADY_FILED")
    window = objection_window(request, today=today)
    if window is None:
        raise InformationError(
            _("Keberatan dapat diajukan setelah PPID menjawab atau setelah batas waktu jawaban "
              "(%(due)s) terlewati.") % {"due": request.due_date.strftime("%d-%m-%Y")},
            code="OBJECTION_TOO_EARLY")
    if today > window[1]:
        raise InformationError(
            _("Batas waktu pengajuan keberatan (30 hari kerja, sampai %(last)s) sudah lewat.")
            % {"last": window[1].strftime("%d-%m-%Y")}, code="OBJECTION_TOO_LATE")
    if ground not in Objection.Ground.values or not reason.strip():
        raise InformationError(_("Pilih alasan keberatan dan uraikan keberatan Anda."),
                               code="OBJECTION_REASON_REQUIRED")
    objection = Objection.objects.create(
        number=_next_number("KBR", today.year), request=request, ground=ground,
        reason=reason.strip(), filed_at=now,
        due_date=working_calendar().add_working_days(today, OBJECTION_ANSWER_DAYS))
    record_event(actor=actor if actor is not None else "pemohon:tanpa-akun",
                 action="informasi.keberatan_diajukan", obj=objection,
                 payload={"number": objection.number, "request": request.number,
                          "ground": ground})
    _tell_requester(request, subject=_("Keberatan %(number)s diterima") % {
        "number": objection.number},
        body=_("Atasan PPID memberi tanggapan paling lambat %(due)s (30 hari kerja).") % {
            "due": objection.due_date.strftime("%d-%m-%Y")})
    for holder in queries.role_holders(office_id=request.office_id, role=Role.ATASAN_PPID):
        queue_message(channel="in_app", recipient=holder,
                      subject=_("Keberatan baru %(number)s") % {"number": objection.number},
                      body=_("Putuskan paling lambat %(due)s.") % {
                          "due": objection.due_date.strftime("%d-%m-%Y")})
    return objection


@transaction.atomic
def decide_objection(*, actor: User, objection: Objection, decision: str, note: str,
                     position: str = "") -> Objection:
    """The atasan PPID's written decision on an objection."""
    _require_role(actor, objection.request.office_id, Role.ATASAN_PPID)
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.decided_at is not None:
        raise InformationError(_("Keberatan ini sudah diputus."), code="OBJECTION_DECIDED")
    if decision not in Objection.Decision.values or not note.strip():
        raise InformationError(_("Pilih putusan dan tuliskan tanggapan atasan PPID."),
                               code="OBJECTION_DECISION_REQUIRED")
    locked.decision = decision
    locked.decision_note = note.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decider_position = (position or _("Atasan PPID")).strip()[:120]
    locked.save()
    record_event(actor=actor, action="informasi.keberatan_diputus", obj=locked,
                 payload={"number": locked.number, "decision": decision})
    _tell_requester(objection.request, subject=_("Keberatan %(number)s diputus") % {
        "number": locked.number},
        body=_("Putusan atasan PPID: %(decision)s. Bila Anda tidak puas, Anda dapat mengajukan "
               "sengketa informasi ke Komisi Informasi dalam 14 hari kerja.") % {
            "decision": locked.get_decision_display()})
    return locked


def dispute_deadline(objection: Objection, *,
                     calendar: WorkingCalendar | None = None) -> dt.date | None:
    if objection.decided_at is None:
        return None
    calendar = calendar or working_calendar()
    return calendar.add_working_days(timezone.localdate(objection.decided_at),
                                     DISPUTE_FILING_DAYS)


@transaction.atomic
def record_reaction(*, actor: User | None, objection: Objection, reaction: str) -> Objection:
    """The requester's reaction to the decision, kept in the objection register."""
    if objection.decided_at is None:
        raise InformationError(_("Keberatan ini belum diputus."), code="OBJECTION_NOT_DECIDED")
    if reaction not in Objection.Reaction.values:
        raise InformationError(_("Pilih tanggapan Anda."), code="OBJECTION_BAD_REACTION")
    objection.reaction = reaction
    objection.reacted_at = timezone.now()
    objection.save(update_fields=["reaction", "reacted_at"])
    record_event(actor=actor if actor is not None else "pemohon:tanpa-akun",
                 action="informasi.tanggapan_pemohon", obj=objection,
                 payload={"number": objection.number, "reaction": reaction})
    return objection


# --- deadlines ----------------------------------------------------------------------------

@transaction.atomic
def remind_and_escalate(*, today: dt.date) -> dict[str, int]:
    """Remind the PPID of requests due within 2 working days; tell the atasan PPID of requests
    past their deadline and of objections past theirs. Each happens once per deadline."""
    now = timezone.now()
    calendar = working_calendar()
    soon = calendar.add_working_days(today, REMINDER_DAYS)
    reminded: dict[int, list[str]] = defaultdict(list)
    for request in queries.due_for_reminder(today=today, until=soon).select_for_update():
        request.reminded_at = now
        request.save(update_fields=["reminded_at"])
        reminded[request.office_id].append(request.number)
    escalated: dict[int, list[str]] = defaultdict(list)
    for request in queries.overdue_requests(today=today).select_for_update():
        request.escalated_at = now
        request.save(update_fields=["escalated_at"])
        escalated[request.office_id].append(request.number)
    objections: dict[int, list[str]] = defaultdict(list)
    for objection in queries.overdue_objections(today=today).select_for_update(of=("self",)):
        objection.escalated_at = now
        objection.save(update_fields=["escalated_at"])
        objections[objection.request.office_id].append(objection.number)
    for office_id, numbers in reminded.items():
        for ppid in queries.role_holders(office_id=office_id, role=Role.PPID):
            queue_message(channel="in_app", recipient=ppid,
                          subject=_("%(n)d permohonan informasi segera jatuh tempo") % {
                              "n": len(numbers)},
                          body=_("Jawab sebelum batas waktu: %(numbers)s.") % {
                              "numbers": ", ".join(numbers)})
    for office_id, numbers in escalated.items():
        for holder in queries.role_holders(office_id=office_id, role=Role.ATASAN_PPID):
            queue_message(channel="in_app", recipient=holder,
                          subject=_("%(n)d permohonan informasi melewati batas waktu") % {
                              "n": len(numbers)},
                          body=_("Belum dijawab PPID: %(numbers)s.") % {
                              "numbers": ", ".join(numbers)})
    heads = escalation_recipients(set(objections))
    for office_id, numbers in objections.items():
        recipients = list(queries.role_holders(office_id=office_id, role=Role.ATASAN_PPID))
        recipients += [user for user in heads[office_id] if user not in recipients]
        for holder in recipients:
            queue_message(channel="in_app", recipient=holder,
                          subject=_("%(n)d keberatan melewati batas waktu") % {"n": len(numbers)},
                          body=_("Belum diputus: %(numbers)s.") % {"numbers": ", ".join(numbers)})
    counts = {"reminded": sum(map(len, reminded.values())),
              "escalated": sum(map(len, escalated.values())),
              "objections": sum(map(len, objections.values()))}
    if any(counts.values()):
        record_event(actor=None, action="informasi.pengingat_batas_waktu", obj=None,
                     payload={"date": today.isoformat(), **counts})
    return counts


def _tell_requester(request: InformationRequest, *, subject: str, body: str) -> None:
    if request.requester_id:
        queue_message(channel="in_app", recipient=request.requester, subject=subject, body=body)
    if request.email:
        queue_message(channel="email", address=request.email, subject=subject,
                      body=body + " " + _("Nomor permohonan: %(number)s.") % {
                          "number": request.number})
    elif request.phone and not request.requester_id:
        queue_message(channel="sms", address=request.phone, body=f"Balai: {body}")
