"""Every write of digital literacy: programmes, sessions, registration with a waitlist,
cancellation, check-in, attendance import, certificates and feedback. Each action is atomic,
appends to the ledger and leaves messages in the outbox for after the commit."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Citizen, Office, Role, User
from balai.core.errors import DomainError, PermissionDeniedError
from balai.documents.actions import issue_document
from balai.ledger.actions import record_event
from balai.literacy import queries
from balai.literacy.models import Feedback, Pillar, Programme, Registration, Session, TargetGroup
from balai.notifications.actions import queue_message
from balai.regions.models import Region

CERTIFICATE_TEMPLATE = "literacy/certificate.html"
CERTIFICATE_NUMBER_FORMAT = "LD/{office}/{year}/{seq:05d}"


class SessionClosedError(DomainError):
    code = "LITERACY_SESSION_CLOSED"
    message = "Pendaftaran sesi ini sudah ditutup karena sesi sudah dimulai."


class NotAttendedError(DomainError):
    code = "LITERACY_NOT_ATTENDED"
    message = "Hanya peserta yang hadir yang dapat melakukan ini."


def _require_organiser(actor: User, office: Office) -> None:
    if not queries.is_organiser(actor, office):
        raise PermissionDeniedError(
            "Hanya petugas kantor penyelenggara yang dapat melakukan ini.",
            code="LITERACY_NOT_ORGANISER")


@transaction.atomic
def create_programme(*, actor: User, office: Office, title: str, description: str, kind: str,
                     pillar: str) -> Programme:
    """Open a programme of `office`, tagged with one pillar of the digital-literacy index."""
    _require_organiser(actor, office)
    if kind not in Programme.Kind.values or pillar not in Pillar.values:
        raise DomainError("Jenis atau pilar program tidak dikenal.",
                          code="LITERACY_PROGRAMME_INVALID")
    programme = Programme.objects.create(office=office, title=title, description=description,
                                         kind=kind, pillar=pillar, created_by=actor)
    record_event(actor=actor, action="literasi.program_dibuat", obj=programme,
                 payload={"title": title, "kind": kind, "pillar": pillar})
    return programme


@transaction.atomic
def schedule_session(*, actor: User, programme: Programme, starts_at: dt.datetime,
                     ends_at: dt.datetime, capacity: int, target_groups: Iterable[str],
                     kecamatan: Region | None = None, village: Region | None = None,
                     address: str = "", online_url: str = "") -> Session:
    """Schedule a session of `programme` at a place in the regency or online."""
    _require_organiser(actor, programme.office)
    groups = [g for g in TargetGroup.values if g in set(target_groups)]
    if not groups:
        raise DomainError("Pilih paling sedikit satu kelompok sasaran.",
                          code="LITERACY_SESSION_NO_TARGET")
    if ends_at <= starts_at:
        raise DomainError("Waktu selesai harus sesudah waktu mulai.",
                          code="LITERACY_SESSION_TIMES")
    if capacity < 1:
        raise DomainError("Kapasitas paling sedikit 1 orang.", code="LITERACY_SESSION_CAPACITY")
    if kecamatan is None and not online_url:
        raise DomainError("Isi kecamatan tempat sesi atau tautan daringnya.",
                          code="LITERACY_SESSION_NO_PLACE")
    if village is not None and kecamatan is not None and village.parent_id != kecamatan.pk:
        raise DomainError("Desa tidak berada di kecamatan yang dipilih.",
                          code="LITERACY_SESSION_VILLAGE")
    session = Session.objects.create(
        programme=programme, starts_at=starts_at, ends_at=ends_at, capacity=capacity,
        target_groups="," + ",".join(groups) + ",", kecamatan=kecamatan, village=village,
        address=address, online_url=online_url)
    record_event(actor=actor, action="literasi.sesi_dijadwalkan", obj=session,
                 payload={"programme": programme.pk, "starts_at": starts_at.isoformat(),
                          "capacity": capacity})
    return session


def _new_token() -> str:
    # 192 bits: the check-in address cannot be guessed from another ticket's.
    return secrets.token_urlsafe(24)


def _locked_session(session: Session) -> Session:
    """The session row, locked until the transaction ends: registrations and cancellations of
    one session run one after the other, so the seat count read below stays true. (PostgreSQL
    takes a row lock; SQLite has already taken the database write lock at BEGIN.)"""
    return Session.objects.select_for_update().get(pk=session.pk)


def _confirmed_count(session: Session) -> int:
    return session.registrations.filter(status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def register_for_session(*, session: Session, participant: User,
                         actor: User | None = None) -> Registration:
    """Register `participant` for `session`: a seat while there is one, else the waitlist.

    Registering again returns the same registration. `actor` is the participant, or an
    operator layanan registering them at the counter (after recording their consent).
    """
    actor = actor or participant
    assisted = actor.pk != participant.pk
    if assisted and not queries.is_operator(actor):
        raise PermissionDeniedError()
    locked = _locked_session(session)
    existing = Registration.objects.filter(session=locked, participant=participant).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    if locked.starts_at <= timezone.now():
        raise SessionClosedError()
    status = (Registration.Status.CONFIRMED if _confirmed_count(locked) < locked.capacity
              else Registration.Status.WAITLISTED)
    now = timezone.now()
    channel = Registration.Channel.ASSISTED if assisted else Registration.Channel.ONLINE
    if existing is None:
        registration = Registration.objects.create(
            session=locked, participant=participant, status=status, channel=channel,
            operator=actor if assisted else None, queued_at=now, check_in_token=_new_token())
    else:
        registration = existing
        registration.status = status
        registration.channel = channel
        registration.operator = actor if assisted else None
        registration.queued_at = now
        registration.cancelled_at = None
        registration.promoted_at = None
        registration.check_in_token = _new_token()
        registration.save()
    record_event(actor=actor, action="literasi.daftar", obj=registration,
                 payload={"session": locked.pk, "participant": participant.pk,
                          "status": status, "channel": channel})
    return registration


def _notify_participant(participant: User, *, subject: str, body: str) -> None:
    """In the participant's inbox, and by SMS when they gave a phone number (a seat freed two
    days before a session is no use if it is only seen in the inbox a week later)."""
    queue_message(channel="in_app", recipient=participant, subject=subject, body=body)
    citizen = Citizen.objects.filter(user=participant).only("phone").first()
    if citizen is not None and citizen.phone:
        queue_message(channel="sms", recipient=participant, address=citizen.phone,
                      body=f"Balai: {body}")


def _ticket_url(registration: Registration) -> str:
    return settings.BALAI_PUBLIC_URL + reverse("literacy:registration", args=[registration.pk])


def _promote_first_waitlisted(session: Session, *, actor: User) -> Registration | None:
    first = (Registration.objects.select_for_update()
             .filter(session=session, status=Registration.Status.WAITLISTED)
             .order_by("queued_at", "pk").first())
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    record_event(actor=actor, action="literasi.naik_dari_daftar_tunggu", obj=first,
                 payload={"session": session.pk, "participant": first.participant_id})
    _notify_participant(
        first.participant,
        subject=_("Anda mendapat kursi: %(title)s") % {"title": session.programme.title},
        body=_("Seorang peserta membatalkan pendaftaran, sehingga Anda naik dari daftar tunggu "
               "dan kini terdaftar untuk sesi %(title)s pada %(when)s. Tiket Anda: %(url)s") % {
            "title": session.programme.title,
            "when": timezone.localtime(session.starts_at).strftime("%d-%m-%Y %H.%M"),
            "url": _ticket_url(first)})
    return first


@transaction.atomic
def cancel_registration(*, registration: Registration, actor: User) -> Registration:
    """Cancel a registration; a freed seat goes to the first person on the waitlist at once,
    who is told through the outbox."""
    if actor.pk != registration.participant_id and not queries.is_organiser(
            actor, registration.session.programme.office):
        raise PermissionDeniedError()
    session = _locked_session(registration.session)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Registration.Status.CANCELLED:
        return locked
    if locked.attended_at is not None:
        raise DomainError("Kehadiran sudah tercatat; pendaftaran tidak dapat dibatalkan.",
                          code="LITERACY_ALREADY_ATTENDED")
    was_confirmed = locked.status == Registration.Status.CONFIRMED
    locked.status = Registration.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at"])
    record_event(actor=actor, action="literasi.batal", obj=locked,
                 payload={"session": session.pk, "was": "terdaftar" if was_confirmed
                          else "menunggu"})
    if was_confirmed and _confirmed_count(session) < session.capacity:
        session.programme = registration.session.programme
        _promote_first_waitlisted(session, actor=actor)
    return locked


@transaction.atomic
def check_in(*, registration: Registration, actor: User) -> Registration:
    """Mark a confirmed participant as present (an officer of the organising office).
    Checking in twice keeps the first time."""
    _require_organiser(actor, registration.session.programme.office)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != Registration.Status.CONFIRMED:
        raise DomainError("Peserta ini tidak memegang kursi (daftar tunggu atau batal).",
                          code="LITERACY_NOT_CONFIRMED")
    if locked.attended_at is not None:
        return locked
    locked.attended_at = timezone.now()
    locked.checked_in_by = actor
    locked.save(update_fields=["attended_at", "checked_in_by"])
    record_event(actor=actor, action="literasi.hadir", obj=locked,
                 payload={"session": locked.session_id})
    return locked


@dataclass(frozen=True)
class AttendanceRow:
    line: int
    registration_id: int
    attended: bool


class AttendanceImportError(DomainError):
    code = "LITERACY_ATTENDANCE_INVALID"
    message = "Berkas kehadiran berisi kesalahan; tidak ada yang disimpan."


@transaction.atomic
def import_attendance(*, session: Session, actor: User, rows: list[AttendanceRow]) -> int:
    """Record the attendance of an offline list: every row is checked first, and one bad row
    saves nothing. Returns how many participants were newly marked present."""
    _require_organiser(actor, session.programme.office)
    registrations = {r.pk: r for r in Registration.objects.select_for_update()
                     .filter(session=session)}
    errors: list[str] = []
    for row in rows:
        registration = registrations.get(row.registration_id)
        if registration is None:
            errors.append(_("Baris %(line)d: nomor pendaftaran %(id)s tidak ada di sesi ini.")
                          % {"line": row.line, "id": row.registration_id})
        elif row.attended and registration.status != Registration.Status.CONFIRMED:
            errors.append(_("Baris %(line)d: peserta nomor %(id)s tidak memegang kursi "
                            "(daftar tunggu atau batal).")
                          % {"line": row.line, "id": row.registration_id})
    if errors:
        raise AttendanceImportError(details={"errors": errors})
    marked = 0
    now = timezone.now()
    for row in rows:
        registration = registrations[row.registration_id]
        if row.attended and registration.attended_at is None:
            registration.attended_at = now
            registration.checked_in_by = actor
            registration.save(update_fields=["attended_at", "checked_in_by"])
            marked += 1
    record_event(actor=actor, action="literasi.impor_kehadiran", obj=session,
                 payload={"rows": len(rows), "marked": marked})
    return marked


@transaction.atomic
def issue_certificates(*, session: Session, signer: User) -> int:
    """Issue a signed certificate to every participant of `session` who attended and has none
    yet. The signer is a pejabat penandatangan of the organising office (documents app)."""
    programme = session.programme
    if not queries.is_organiser(signer, programme.office, role=Role.PEJABAT_PENANDATANGAN):
        raise PermissionDeniedError(
            "Hanya pejabat penandatangan kantor penyelenggara yang dapat menerbitkan sertifikat.",
            code="LITERACY_NOT_SIGNER")
    if not session.registrations.filter(attended_at__isnull=False).exists():
        raise NotAttendedError("Belum ada peserta yang hadir di sesi ini.")
    pending = (Registration.objects.select_for_update().select_related("participant")
               .filter(session=session, attended_at__isnull=False, certificate__isnull=True))
    issued = 0
    for registration in pending:
        name = registration.participant.get_full_name() or registration.participant.username
        document = issue_document(
            source=registration, template=CERTIFICATE_TEMPLATE,
            context={"participant_name": name, "programme": programme, "session": session,
                     "pillar": programme.get_pillar_display()},
            title=_("Sertifikat %(kind)s literasi digital") % {
                "kind": programme.get_kind_display().lower()},
            number_format=CERTIFICATE_NUMBER_FORMAT, office=programme.office,
            subject_name=name, signer=signer)
        registration.certificate = document
        registration.save(update_fields=["certificate"])
        _notify_participant(registration.participant,
                      subject=_("Sertifikat Anda sudah terbit"),
                      body=_("Sertifikat %(title)s dapat diunduh di halaman pendaftaran Anda: "
                             "%(url)s") % {"title": programme.title,
                                           "url": _ticket_url(registration)})
        issued += 1
    record_event(actor=signer, action="literasi.sertifikat_terbit", obj=session,
                 payload={"issued": issued})
    return issued


@transaction.atomic
def give_feedback(*, registration: Registration, actor: User, rating: int,
                  comment: str = "") -> Feedback:
    """A participant who attended rates the session once (1 to 5) with an optional comment."""
    if actor.pk != registration.participant_id:
        raise PermissionDeniedError()
    if registration.attended_at is None:
        raise NotAttendedError("Umpan balik hanya dapat diberikan oleh peserta yang hadir.")
    if not 1 <= rating <= 5:
        raise DomainError("Nilai harus 1 sampai 5.", code="LITERACY_FEEDBACK_RATING")
    # Two submissions at once (a double tap) wait for each other here; the second finds the
    # first's feedback.
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    if Feedback.objects.filter(registration=registration).exists():
        raise DomainError("Anda sudah memberi umpan balik untuk sesi ini.",
                          code="LITERACY_FEEDBACK_EXISTS")
    feedback = Feedback.objects.create(registration=registration, rating=rating,
                                       comment=comment.strip())
    record_event(actor=actor, action="literasi.umpan_balik", obj=feedback,
                 payload={"registration": registration.pk, "rating": rating})
    return feedback


ASSISTED_CONSENT_STATEMENT = (
    "Warga menyetujui operator layanan mendaftarkannya pada kegiatan literasi digital dan "
    "mengolah data pribadinya untuk keperluan kegiatan tersebut.")


@transaction.atomic
def register_assisted(*, session: Session, operator: User, participant: User) -> Registration:
    """An operator layanan registers a citizen present at the counter: their consent is
    recorded (as for assisted applications), then the registration, in one transaction."""
    from balai.applications.actions import record_assistance_consent

    if not queries.is_operator(operator):
        raise PermissionDeniedError()
    record_assistance_consent(citizen_user=participant, operator=operator,
                              statement=ASSISTED_CONSENT_STATEMENT)
    return register_for_session(session=session, participant=participant, actor=operator)
