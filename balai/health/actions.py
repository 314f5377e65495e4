"""Every write of the health queue: booking a slot (online, at the desk, by telephone or SMS),
cancelling it, the stages of a visit (arrival, admission, waiting, called, pharmacy), calling
the next patient, skipping a no-show, the reminders of the day before, and reporting the stage
times to BPJS Kesehatan. Each action is atomic and appends to the ledger."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balai.accounts.models import Citizen, User
from balai.accounts.queries import normalize_phone, phone_index
from balai.core.errors import DomainError, PermissionDeniedError
from balai.health import queries
from balai.health.bpjs import AntreanClient, BpjsError
from balai.health.models import Facility, Polyclinic, Task, Visit, VisitTask
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message

BPJS_NUMBER = re.compile(r"^\d{13}$")
MAX_BPJS_ATTEMPTS = 10


class QueueFullError(DomainError):
    code = "HEALTH_QUEUE_FULL"
    message = gettext_lazy("Kuota antrean poli ini pada tanggal tersebut sudah habis.")


class QueueClosedError(DomainError):
    code = "HEALTH_QUEUE_CLOSED"
    message = gettext_lazy("Poli ini tidak melayani pada tanggal tersebut.")


class InvalidBpjsNumber(DomainError):
    code = "HEALTH_BPJS_NUMBER"
    message = gettext_lazy("Nomor kartu BPJS Kesehatan harus 13 angka.")


class StageError(DomainError):
    code = "HEALTH_STAGE"
    message = gettext_lazy("Tahap ini tidak dapat dicatat untuk kunjungan tersebut.")


def clean_bpjs_number(value: str) -> str:
    digits = re.sub(r"[\s.-]", "", value or "")
    if digits and not BPJS_NUMBER.match(digits):
        raise InvalidBpjsNumber()
    return digits


def _require_desk(actor: User, facility: Facility) -> None:
    if not queries.is_desk_officer(actor, facility):
        raise PermissionDeniedError(_("Hanya petugas fasilitas ini yang dapat melakukan ini."),
                                    code="HEALTH_NOT_DESK")


def _locked_polyclinic(polyclinic: Polyclinic) -> Polyclinic:
    """The polyclinic row, locked until the transaction ends: bookings and cancellations of
    one polyclinic run one after the other, so the slot count read below stays true.
    (PostgreSQL takes a row lock; SQLite has already taken the database write lock at BEGIN.)"""
    return Polyclinic.objects.select_for_update(of=("self",)).select_related("facility").get(
        pk=polyclinic.pk)


def _record_task(visit: Visit, task: int, at: dt.datetime) -> VisitTask:
    row, _created = VisitTask.objects.get_or_create(visit=visit, task=task,
                                                    defaults={"at": at})
    visit.stage = task
    if visit.polyclinic.facility.sends_to_bpjs:
        transaction.on_commit(lambda pk=row.pk: _enqueue_bpjs(task_id=pk))
    return row


def _enqueue_bpjs(*, task_id: int) -> None:
    from balai.health.tasks import send_visit_task

    send_visit_task.enqueue(task_id=task_id)


def ticket_url(visit: Visit) -> str:
    return settings.BALAI_PUBLIC_URL + reverse("health:visit", args=[visit.pk])


def _estimate(plan: queries.DayPlan, ahead: int, minutes: int, now: dt.datetime) -> dt.datetime:
    start = max(plan.opens(), now) if plan.date == timezone.localdate(now) else plan.opens()
    return start + dt.timedelta(minutes=minutes * ahead)


@transaction.atomic
def book_visit(*, polyclinic: Polyclinic, date: dt.date, channel: str, actor: User | None,
               patient: User | None = None, patient_name: str = "", phone: str = "",
               bpjs_number: str = "", walk_in: bool = False,
               now: dt.datetime | None = None) -> Visit:
    """Give a queue number of `polyclinic` on `date`, with an estimated time.

    Advance bookings (online, telephone, SMS) take the slots left once the walk-in share is
    kept; a walk-in at the desk may take any slot left that day. A patient who already holds
    an open visit of that day gets it back (a repeated form or SMS books nothing new).
    `actor` is the patient (online), a desk officer (desk, telephone) or None (SMS).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    bpjs_number = clean_bpjs_number(bpjs_number)
    if channel in (Visit.Channel.DESK, Visit.Channel.PHONE):
        if actor is None:
            raise PermissionDeniedError()
        _require_desk(actor, polyclinic.facility)
    elif channel == Visit.Channel.ONLINE:
        if actor is None or patient is None or actor.pk != patient.pk:
            raise PermissionDeniedError()
    elif channel != Visit.Channel.SMS:
        raise DomainError(_("Saluran pendaftaran tidak dikenal."), code="HEALTH_CHANNEL")
    if walk_in and (channel != Visit.Channel.DESK or date != today):
        raise DomainError(_("Pasien datang langsung hanya dicatat di loket pada hari itu."),
                          code="HEALTH_WALK_IN")
    if date < today or date > today + dt.timedelta(days=queries.BOOKING_DAYS_AHEAD):
        raise DomainError(_("Antrean dapat diambil untuk hari ini sampai %(n)d hari ke depan.")
                          % {"n": queries.BOOKING_DAYS_AHEAD}, code="HEALTH_DATE")
    if patient is None and not patient_name.strip() and not phone:
        raise DomainError(_("Isi nama pasien."), code="HEALTH_NO_PATIENT")
    locked = _locked_polyclinic(polyclinic)
    index = phone_index(phone) if phone and normalize_phone(phone) else ""
    if patient is not None:
        existing = queries.active_visit_of(patient, locked, date)
        if existing is not None:
            return existing
    elif index and channel == Visit.Channel.SMS:
        existing = queries.active_visit_of_phone(index, locked, date)
        if existing is not None:
            return existing
    plan = queries.day_plan(locked, date)
    if not plan.is_open:
        raise QueueClosedError()
    if date == today and now >= plan.closes():
        raise QueueClosedError(_("Layanan poli ini hari ini sudah tutup."))
    booked, walk_ins, highest = queries.slot_counts(locked, date)
    if booked + walk_ins >= plan.quota or (not walk_in and booked >= plan.bookable):
        raise QueueFullError()
    number = highest + 1
    ahead = Visit.objects.filter(polyclinic=locked, date=date,
                                 status__in=queries.OPEN_STATUSES).count()
    if patient is not None and not patient_name:
        patient_name = patient.get_full_name()
    visit = Visit.objects.create(
        polyclinic=locked, date=date, number=number, walk_in=walk_in, channel=channel,
        booking_code=f"{date:%Y%m%d}-{locked.code}-{number:03d}",
        patient=patient, patient_name=patient_name.strip(),
        phone=normalize_phone(phone) if phone else "", phone_index=index,
        bpjs_number=bpjs_number,
        estimated_at=_estimate(plan, ahead, locked.service_minutes, now),
        booked_by=actor if actor is not None and actor != patient else None)
    if walk_in:
        visit.status = Visit.Status.ARRIVED
        _record_task(visit, Task.WAIT_ADMISSION, now)
        visit.save(update_fields=["status", "stage"])
    record_event(actor=actor if actor is not None else "sms:masuk",
                 action="kesehatan.antrean_diambil", obj=visit,
                 payload={"polyclinic": locked.pk, "date": date.isoformat(), "number": number,
                          "channel": channel, "walk_in": walk_in})
    if patient is not None:
        queue_message(channel="in_app", recipient=patient,
                      subject=_("Nomor antrean %(ticket)s") % {"ticket": visit.ticket},
                      body=confirmation_text(visit))
    elif channel == Visit.Channel.PHONE and visit.phone:
        queue_message(channel="sms", address=visit.phone, body=confirmation_text(visit))
    return visit


def confirmation_text(visit: Visit) -> str:
    return _("Antrean %(poli)s %(facility)s %(date)s no. %(ticket)s, perkiraan dilayani "
             "%(time)s. Kode booking %(code)s.") % {
        "poli": visit.polyclinic.name, "facility": visit.polyclinic.facility.name,
        "date": visit.date.strftime("%d-%m-%Y"), "ticket": visit.ticket,
        "time": timezone.localtime(visit.estimated_at).strftime("%H.%M"),
        "code": visit.booking_code}


def _locked_visit(visit: Visit) -> Visit:
    return (Visit.objects.select_for_update(of=("self",)).select_related("polyclinic__facility")
            .get(pk=visit.pk))


@transaction.atomic
def cancel_visit(*, visit: Visit, actor: User, now: dt.datetime | None = None) -> Visit:
    """The patient (or the desk) cancels a booking not yet started; its slot is free again."""
    now = now or timezone.now()
    facility = visit.polyclinic.facility
    if actor.pk != visit.patient_id:
        _require_desk(actor, facility)
    _locked_polyclinic(visit.polyclinic)
    locked = _locked_visit(visit)
    if locked.status == Visit.Status.CANCELLED:
        return locked
    if locked.status != Visit.Status.BOOKED:
        raise StageError(_("Kunjungan yang sudah berjalan atau selesai tidak dapat "
                           "dibatalkan."))
    locked.status = Visit.Status.CANCELLED
    locked.closed_at = now
    _record_task(locked, Task.NO_SHOW, now)
    locked.save(update_fields=["status", "closed_at", "stage"])
    record_event(actor=actor, action="kesehatan.antrean_batal", obj=locked,
                 payload={"by_patient": actor.pk == locked.patient_id})
    return locked


# The stage an officer may record next, from the last one recorded.
NEXT_STAGE = {
    None: Task.WAIT_ADMISSION,
    Task.WAIT_ADMISSION: Task.ADMISSION,
    Task.ADMISSION: Task.WAIT_POLI,
    Task.POLI: Task.WAIT_PHARMACY,
    Task.WAIT_PHARMACY: Task.PHARMACY,
    Task.PHARMACY: Task.DONE_PHARMACY,
}
STATUS_AFTER = {
    Task.WAIT_ADMISSION: Visit.Status.ARRIVED,
    Task.ADMISSION: Visit.Status.ARRIVED,
    Task.WAIT_POLI: Visit.Status.WAITING,
    Task.WAIT_PHARMACY: Visit.Status.PHARMACY,
    Task.PHARMACY: Visit.Status.PHARMACY,
    Task.DONE_PHARMACY: Visit.Status.DONE,
}


@transaction.atomic
def record_stage(*, visit: Visit, actor: User, task: int, pharmacy: bool = True,
                 now: dt.datetime | None = None) -> Visit:
    """Record the next stage of a visit (arrival is task 1). Finishing at the poli without a
    prescription (`pharmacy=False`) closes the visit. Recording a stage twice keeps the first
    time; a stage out of order is refused."""
    now = now or timezone.now()
    _require_desk(actor, visit.polyclinic.facility)
    locked = _locked_visit(visit)
    if locked.stage == task and task in STATUS_AFTER:
        return locked
    if NEXT_STAGE.get(locked.stage) != task or not locked.is_open:
        raise StageError()
    if task == Task.WAIT_ADMISSION and locked.date != timezone.localdate(now):
        raise StageError(_("Kedatangan hanya dicatat pada tanggal antrean."))
    _record_task(locked, task, now)
    locked.status = STATUS_AFTER[Task(task)]
    fields = ["status", "stage"]
    if task == Task.WAIT_POLI:
        locked.waiting_since = now
        fields.append("waiting_since")
    if task == Task.WAIT_PHARMACY and not pharmacy:
        locked.status = Visit.Status.DONE
    if locked.status == Visit.Status.DONE:
        locked.closed_at = now
        fields.append("closed_at")
    locked.save(update_fields=fields)
    record_event(actor=actor, action="kesehatan.tahap", obj=locked,
                 payload={"task": int(task), "pharmacy": pharmacy})
    return locked


@transaction.atomic
def call_next(*, polyclinic: Polyclinic, actor: User,
              now: dt.datetime | None = None) -> Visit | None:
    """Call the first patient waiting at the poli today (lowest number); None if nobody is
    waiting. Two desks pressing at once call two different patients."""
    now = now or timezone.now()
    _require_desk(actor, polyclinic.facility)
    locked = _locked_polyclinic(polyclinic)
    visit = (Visit.objects.select_for_update(of=("self",)).select_related("polyclinic__facility")
             .filter(polyclinic=locked, date=timezone.localdate(now),
                     status=Visit.Status.WAITING).order_by("number").first())
    if visit is None:
        return None
    _record_task(visit, Task.POLI, now)
    visit.status = Visit.Status.CALLED
    visit.called_at = now
    since = visit.waiting_since or now
    visit.waited_seconds = max(0, int((now - since).total_seconds()))
    visit.save(update_fields=["status", "stage", "called_at", "waited_seconds"])
    record_event(actor=actor, action="kesehatan.dipanggil", obj=visit,
                 payload={"number": visit.number})
    return visit


@transaction.atomic
def skip_visit(*, visit: Visit, actor: User, now: dt.datetime | None = None) -> Visit:
    """Mark a no-show: a booked patient who did not come, or one called who did not answer."""
    now = now or timezone.now()
    _require_desk(actor, visit.polyclinic.facility)
    locked = _locked_visit(visit)
    if locked.status not in (Visit.Status.BOOKED, Visit.Status.ARRIVED, Visit.Status.WAITING,
                             Visit.Status.CALLED):
        raise StageError()
    if locked.date > timezone.localdate(now):
        raise StageError(_("Antrean hari mendatang dibatalkan, bukan dilewati."))
    locked.status = Visit.Status.NO_SHOW
    locked.closed_at = now
    _record_task(locked, Task.NO_SHOW, now)
    locked.save(update_fields=["status", "closed_at", "stage"])
    record_event(actor=actor, action="kesehatan.tidak_hadir", obj=locked,
                 payload={"number": locked.number})
    return locked


def _phone_of(visit: Visit) -> str:
    if visit.phone:
        return visit.phone
    if visit.patient_id is None:
        return ""
    citizen = Citizen.objects.filter(user_id=visit.patient_id).only("phone").first()
    return citizen.phone if citizen is not None and citizen.phone else ""


@transaction.atomic
def send_reminders(*, today: dt.date, now: dt.datetime | None = None) -> int:
    """Remind every patient booked for tomorrow, once: in the inbox and by SMS."""
    now = now or timezone.now()
    tomorrow = today + dt.timedelta(days=1)
    due = (Visit.objects.select_for_update(skip_locked=True, of=("self",))
           .select_related("polyclinic__facility", "patient")
           .filter(date=tomorrow, status=Visit.Status.BOOKED, reminded_at__isnull=True))
    sent = 0
    for visit in due:
        body = _("Pengingat: besok %(text)s Batalkan bila tidak jadi datang.") % {
            "text": confirmation_text(visit)}
        if visit.patient is not None:
            queue_message(channel="in_app", recipient=visit.patient,
                          subject=_("Pengingat antrean %(ticket)s besok") % {
                              "ticket": visit.ticket}, body=body)
        phone = _phone_of(visit)
        if phone:
            queue_message(channel="sms", recipient=visit.patient, address=phone,
                          body=_("Balai: besok %(poli)s %(facility)s no. %(ticket)s, sekitar "
                                 "%(time)s. Kode %(code)s.") % {
                              "poli": visit.polyclinic.name,
                              "facility": visit.polyclinic.facility.name,
                              "ticket": visit.ticket, "code": visit.booking_code,
                              "time": timezone.localtime(visit.estimated_at).strftime("%H.%M")})
        visit.reminded_at = now
        visit.save(update_fields=["reminded_at"])
        sent += 1
    if sent:
        record_event(actor=None, action="kesehatan.pengingat", obj=None,
                     payload={"date": tomorrow.isoformat(), "visits": sent})
    return sent


def send_task_to_bpjs(*, task_id: int, now: dt.datetime | None = None) -> bool:
    """Report one stage time to BPJS's Antrean Online; True once it is accepted. A refusal
    is kept on the row and retried by `send_pending_tasks`."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (VisitTask.objects.select_for_update(skip_locked=True, of=("self",))
               .select_related("visit__polyclinic__facility").filter(pk=task_id).first())
        if row is None or row.sent_at is not None:
            return row is not None
        facility = row.visit.polyclinic.facility
        if not facility.sends_to_bpjs:
            return False
        try:
            AntreanClient(url=facility.bpjs_url, cons_id=facility.bpjs_cons_id,
                          secret=facility.bpjs_secret, user_key=facility.bpjs_user_key
                          ).update_time(booking_code=row.visit.booking_code, task=row.task,
                                        at=row.at)
        except BpjsError as error:
            row.attempts += 1
            row.last_error = str(error)[:250]
            row.save(update_fields=["attempts", "last_error"])
            return False
        row.attempts += 1
        row.sent_at = now
        row.last_error = ""
        row.save(update_fields=["attempts", "sent_at", "last_error"])
        record_event(actor="bpjs:antrean", action="kesehatan.waktu_terkirim", obj=row.visit,
                     payload={"task": row.task})
        return True


def send_pending_tasks() -> int:
    """Retry the stage times BPJS has not accepted yet (a few attempts each)."""
    pending = list(VisitTask.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_BPJS_ATTEMPTS,
        visit__polyclinic__facility__bpjs_url__gt="").values_list("pk", flat=True)[:500])
    return sum(1 for pk in pending if send_task_to_bpjs(task_id=pk))


# --- facilities, polyclinics and schedules (Dinas Kesehatan's set-up, also in the admin) ---

@transaction.atomic
def create_facility(*, actor: object, code: str, name: str, kind: str, office: object,
                    kecamatan: object, address: str = "") -> Facility:
    if kind not in Facility.Kind.values:
        raise DomainError(_("Jenis fasilitas tidak dikenal."), code="HEALTH_FACILITY_KIND")
    facility = Facility.objects.create(code=code, name=name, kind=kind, office=office,
                                       kecamatan=kecamatan, address=address)
    record_event(actor=actor, action="kesehatan.fasilitas_dibuat", obj=facility,
                 payload={"code": code, "kind": kind})
    return facility


@transaction.atomic
def add_polyclinic(*, actor: object, facility: Facility, code: str, name: str,
                   service_minutes: int = 10, walk_in_percent: int = 30) -> Polyclinic:
    code = code.upper()
    if not re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)*", code) or len(code) > 20:
        raise DomainError(_("Kode poli hanya huruf besar, angka dan tanda hubung."),
                          code="HEALTH_POLYCLINIC_CODE")
    if service_minutes < 1 or not 0 <= walk_in_percent <= 100:
        raise DomainError(_("Standar waktu layanan atau bagian kuota tidak sah."),
                          code="HEALTH_POLYCLINIC_INVALID")
    polyclinic = Polyclinic.objects.create(facility=facility, code=code, name=name,
                                           service_minutes=service_minutes,
                                           walk_in_percent=walk_in_percent)
    record_event(actor=actor, action="kesehatan.poli_dibuat", obj=polyclinic,
                 payload={"facility": facility.pk, "code": code})
    return polyclinic


@transaction.atomic
def set_schedule(*, actor: object, polyclinic: Polyclinic, weekday: int, doctor_name: str,
                 starts_at: dt.time, ends_at: dt.time, quota: int) -> object:
    from balai.health.models import DoctorSchedule

    if not 0 <= weekday <= 6 or ends_at <= starts_at or quota < 1:
        raise DomainError(_("Jadwal dokter tidak sah."), code="HEALTH_SCHEDULE_INVALID")
    schedule = DoctorSchedule.objects.create(polyclinic=polyclinic, weekday=weekday,
                                             doctor_name=doctor_name, starts_at=starts_at,
                                             ends_at=ends_at, quota=quota)
    record_event(actor=actor, action="kesehatan.jadwal_dibuat", obj=schedule,
                 payload={"polyclinic": polyclinic.pk, "weekday": weekday, "quota": quota})
    return schedule
