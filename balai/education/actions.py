"""Every write of school admission (SPMB): the year's rules, schools and their operators,
registration by a parent, verification by the school, the selection run per track (resumable),
its announcement, re-registration (daftar ulang) and offering freed seats to the next in line,
and the opening-day waiting room. Each action is atomic and appends to the ledger."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from balai.accounts.models import User
from balai.core.crypto import blind_index
from balai.core.errors import DomainError, PermissionDeniedError
from balai.core.uploads import CleanFile
from balai.education import queries, rules, selection
from balai.education.models import (
    AdmissionYear,
    Choice,
    DocumentKind,
    Level,
    QueueTicket,
    RankEntry,
    Registration,
    RegistrationDocument,
    School,
    SchoolOperator,
    SelectionRun,
    Track,
)
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.regions.models import Region

SYSTEM = "sistem:spmb"
NIK_PURPOSE = "spmb-child-nik"
# Track steps in order: the tracks with a minimum share go first, and the seats they leave
# unfilled go to domisili, which runs last (Permendikdasmen 3/2025: unfilled afirmasi, mutasi
# and prestasi seats are added to domisili; domisili seats never move the other way).
TRACK_ORDER = (Track.AFIRMASI, Track.MUTASI, Track.PRESTASI, Track.DOMISILI)
NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class RegistrationClosedError(DomainError):
    code = "SPMB_CLOSED"
    message = "Pendaftaran SPMB sedang tidak dibuka."


def child_nik_index(nik: str) -> str:
    return blind_index(nik, purpose=NIK_PURPOSE)


# --- rules, schools, operators --------------------------------------------------------------

@transaction.atomic
def load_admission_rules(*, raw: bytes, actor: object) -> AdmissionYear:
    """Load (or replace) one year's tracks and quotas from its file; a file that breaks the
    bounds of Permendikdasmen 3/2025 is refused and nothing is saved."""
    parsed = rules.parse_rules(raw)
    year, _created = AdmissionYear.objects.update_or_create(
        year=parsed.year, defaults={
            "opens_at": parsed.opens_at, "closes_at": parsed.closes_at,
            "age_reference_date": parsed.age_reference_date,
            "reregistration_days": parsed.reregistration_days,
            "max_choices": parsed.max_choices, "quotas": parsed.quotas,
            "source_digest": parsed.digest})
    record_event(actor=actor, action="spmb.aturan_dimuat", obj=year,
                 payload={"year": parsed.year, "quotas": parsed.quotas,
                          "digest": parsed.digest})
    return year


@transaction.atomic
def save_school(*, actor: object, npsn: str, name: str, level: str, kecamatan: Region,
                latitude: float, longitude: float, capacity: int, address: str = "",
                zone: Iterable[Region] = ()) -> School:
    """Add a school or update it by its NPSN, with its seats and domisili zone."""
    if level not in Level.values:
        raise DomainError("Jenjang sekolah tidak dikenal.", code="SPMB_SCHOOL_LEVEL")
    if capacity < 1:
        raise DomainError("Daya tampung paling sedikit 1.", code="SPMB_SCHOOL_CAPACITY")
    school, _created = School.objects.update_or_create(npsn=npsn, defaults={
        "name": name, "level": level, "kecamatan": kecamatan, "address": address,
        "latitude": latitude, "longitude": longitude, "capacity": capacity})
    school.zone.set(list(zone))
    record_event(actor=actor, action="spmb.sekolah_disimpan", obj=school,
                 payload={"npsn": npsn, "capacity": capacity})
    return school


@transaction.atomic
def appoint_school_operator(*, actor: object, school: School, user: User) -> SchoolOperator:
    """Let `user` verify the registrations of `school` (and of no other school)."""
    operator, _created = SchoolOperator.objects.get_or_create(user=user, school=school)
    record_event(actor=actor, action="spmb.operator_ditunjuk", obj=school,
                 payload={"user": user.pk})
    return operator


# --- registration ---------------------------------------------------------------------------

def _new_number(year: int) -> str:
    code = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"SPMB{year % 100:02d}-{code}"


def _required_documents(track: str, age_band: int | None) -> set[str]:
    kinds = {DocumentKind.KK, DocumentKind.AKTA}
    extra = {Track.AFIRMASI: DocumentKind.AFIRMASI, Track.MUTASI: DocumentKind.MUTASI,
             Track.PRESTASI: DocumentKind.PRESTASI}.get(track)  # type: ignore[call-overload]
    if extra:
        kinds.add(extra)
    if age_band == Registration.AgeBand.FIVE_HALF:
        kinds.add(DocumentKind.REKOMENDASI)
    return {str(kind) for kind in kinds}


@transaction.atomic
def submit_registration(*, parent: User, year: AdmissionYear, idempotency_key: str,
                        level: str, track: str, child_name: str, child_nik: str,
                        child_birth_date: dt.date, home_village: Region,
                        home_latitude: float, home_longitude: float, kk_issued_on: dt.date,
                        schools: list[School], documents: dict[str, CleanFile],
                        transfer_letter_date: dt.date | None = None,
                        score: Decimal | None = None,
                        now: dt.datetime | None = None) -> tuple[Registration, bool]:
    """Register a child for the year's admission; returns (registration, created).

    The same idempotency key from the same parent gives back the first registration, so a
    form sent twice (a double click, a retry after a dropped connection) registers once.
    """
    existing = Registration.objects.filter(parent=parent,
                                           idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    if not year.opens_at <= now < year.closes_at:
        raise RegistrationClosedError
    if level not in Level.values or track not in Track.values:
        raise DomainError("Jenjang atau jalur tidak dikenal.", code="SPMB_TRACK_UNKNOWN")
    if year.quotas[level][track] == 0:
        raise DomainError("Jalur ini tidak dibuka untuk jenjang yang dipilih.",
                          code="SPMB_TRACK_CLOSED")
    if not 1 <= len(schools) <= year.max_choices:
        raise DomainError(f"Pilih 1 sampai {year.max_choices} sekolah.",
                          code="SPMB_CHOICES_COUNT")
    if len({s.pk for s in schools}) != len(schools):
        raise DomainError("Sekolah yang sama dipilih lebih dari sekali.",
                          code="SPMB_CHOICES_REPEATED")
    if any(s.level != level for s in schools):
        raise DomainError("Semua sekolah pilihan harus sejenjang dengan pendaftaran.",
                          code="SPMB_CHOICES_LEVEL")
    today = timezone.localdate(now)
    if child_birth_date >= today:
        raise DomainError("Tanggal lahir anak tidak sah.", code="SPMB_BIRTH_DATE")
    age_band = None
    if level == Level.SD:
        has_letter = DocumentKind.REKOMENDASI in documents
        age_band = rules.sd_age_band(child_birth_date, year.age_reference_date,
                                     has_recommendation=has_letter)
        if age_band is None:
            raise DomainError(
                "Usia anak belum mencukupi: SD menerima anak 7 tahun, 6 tahun, atau paling "
                "rendah 5 tahun 6 bulan dengan surat rekomendasi psikolog.",
                code="SPMB_SD_TOO_YOUNG")
    if track == Track.DOMISILI and (today - kk_issued_on).days < rules.KK_MIN_AGE_DAYS:
        raise DomainError(
            "Kartu Keluarga untuk jalur domisili harus terbit paling lambat satu tahun "
            "sebelum tanggal pendaftaran.", code="SPMB_KK_TOO_RECENT")
    if kk_issued_on > today:
        raise DomainError("Tanggal terbit Kartu Keluarga tidak sah.", code="SPMB_KK_DATE")
    if track == Track.MUTASI and (transfer_letter_date is None or transfer_letter_date > today):
        raise DomainError("Isi tanggal surat mutasi orang tua (tidak boleh di masa depan).",
                          code="SPMB_TRANSFER_DATE")
    if track == Track.PRESTASI and (score is None or not Decimal(0) <= score <= Decimal(100)):
        raise DomainError("Isi nilai prestasi antara 0 dan 100.", code="SPMB_SCORE")
    missing = _required_documents(track, age_band) - set(documents)
    if missing:
        labels = ", ".join(str(DocumentKind(kind).label) for kind in sorted(missing))
        raise DomainError(f"Dokumen yang belum diunggah: {labels}.", code="SPMB_DOCUMENTS")
    nik_index = child_nik_index(child_nik)
    if Registration.objects.filter(year=year, child_nik_index=nik_index).exists():
        raise DomainError("Anak dengan NIK ini sudah terdaftar pada SPMB tahun ini.",
                          code="SPMB_CHILD_REGISTERED")
    registration = Registration(
        number=_new_number(year.year), year=year, parent=parent, level=level, track=track,
        child_name=child_name, child_nik=child_nik, child_nik_index=nik_index,
        child_birth_date=child_birth_date,
        age_days=(year.age_reference_date - child_birth_date).days, age_band=age_band,
        home_village=home_village, home_latitude=home_latitude,
        home_longitude=home_longitude, kk_issued_on=kk_issued_on,
        transfer_letter_date=transfer_letter_date if track == Track.MUTASI else None,
        score=score if track == Track.PRESTASI else None, idempotency_key=idempotency_key)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # The same form sent twice at once: the other request created it first.
        existing = Registration.objects.filter(parent=parent,
                                               idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
        raise DomainError("Anak dengan NIK ini sudah terdaftar pada SPMB tahun ini.",
                          code="SPMB_CHILD_REGISTERED") from None
    zones = queries.zone_villages({s.pk for s in schools})
    Choice.objects.bulk_create([
        Choice(registration=registration, school=school, rank=rank,
               distance_m=rules.haversine_m(home_latitude, home_longitude, school.latitude,
                                            school.longitude),
               in_zone=not zones.get(school.pk) or home_village.pk in zones[school.pk])
        for rank, school in enumerate(schools, start=1)])
    for kind, clean in documents.items():
        document = RegistrationDocument(registration=registration, kind=kind,
                                        content_type=clean.content_type, size=clean.size)
        document.file.save(f"{secrets.token_hex(16)}.{clean.format}",
                           ContentFile(clean.content), save=False)
        document.save()
    record_event(actor=parent, action="spmb.pendaftaran_diajukan", obj=registration,
                 payload={"number": registration.number, "track": track, "level": level,
                          "schools": [s.npsn for s in schools]})
    queue_message(channel="in_app", recipient=parent,
                  subject=f"Pendaftaran SPMB {registration.number}",
                  body="Pendaftaran anak Anda sudah diterima dan menunggu verifikasi sekolah.")
    return registration, True


@transaction.atomic
def verify_registration(*, registration: Registration, actor: User, accept: bool,
                        note: str = "") -> Registration:
    """The operator of the first-choice school checks the data and documents; a rejection
    says why."""
    first = registration.choices.order_by("rank").first()
    if first is None or not queries.is_school_operator(actor, first.school):
        raise PermissionDeniedError("Hanya operator sekolah pilihan pertama yang dapat "
                                    "memverifikasi.", code="SPMB_NOT_OPERATOR")
    if registration.status != Registration.Status.SUBMITTED:
        raise DomainError("Pendaftaran ini sudah diverifikasi.", code="SPMB_ALREADY_VERIFIED")
    if not accept and not note.strip():
        raise DomainError("Tulis alasan penolakan.", code="SPMB_REJECT_REASON")
    registration.status = (Registration.Status.VERIFIED if accept
                           else Registration.Status.REJECTED)
    registration.verification_note = note.strip()
    registration.verified_by = actor
    registration.verified_at = timezone.now()
    registration.save(update_fields=["status", "verification_note", "verified_by",
                                     "verified_at"])
    record_event(actor=actor, action="spmb.pendaftaran_diverifikasi", obj=registration,
                 payload={"number": registration.number, "status": registration.status})
    queue_message(channel="in_app", recipient=registration.parent,
                  subject=f"Verifikasi SPMB {registration.number}",
                  body=(f"Status pendaftaran: {registration.get_status_display()}. "
                        f"{registration.verification_note}").strip())
    return registration


# --- selection ------------------------------------------------------------------------------

def _applicants(year: AdmissionYear, level: str, track: str) -> list[selection.Applicant]:
    applicants = []
    for registration in queries.verified_for_selection(year, level, track):
        choices = tuple((c.school_id, c.distance_m) for c in registration.choices.all()
                        if track != Track.DOMISILI or c.in_zone)
        applicants.append(selection.Applicant(
            number=registration.number, age_days=registration.age_days, choices=choices,
            age_band=registration.age_band or 0,
            transfer_ordinal=(registration.transfer_letter_date.toordinal()
                              if registration.transfer_letter_date else 0),
            score_hundredths=int((registration.score or 0) * 100)))
    return applicants


def track_seats(run: SelectionRun, schools: Iterable[School], track: str) -> dict[int, int]:
    shares = run.year.quotas[run.level]
    seats = {s.pk: rules.seats_per_track(s.capacity, shares)[track] for s in schools}
    if track == Track.DOMISILI:
        for school_id, extra in run.carried_seats.items():
            if int(school_id) in seats:
                seats[int(school_id)] += extra
    return seats


def _input_digest(year: AdmissionYear, level: str, seed: str) -> str:
    lines = [f"seed|{seed}", f"quotas|{sorted(year.quotas[level].items())}"]
    lines += [f"school|{s.pk}|{s.capacity}" for s in queries.schools_of_level(level)]
    for track in TRACK_ORDER:
        lines += [f"{a.number}|{track}|{a.age_days}|{a.age_band}|{a.transfer_ordinal}|"
                  f"{a.score_hundredths}|{a.choices}" for a in _applicants(year, level, track)]
    return selection.digest(lines)


@transaction.atomic
def start_selection(*, year: AdmissionYear, level: str, seed: str,
                    actor: object) -> SelectionRun:
    """Open a selection run of the verified registrations of a year and level."""
    if level not in Level.values:
        raise DomainError("Jenjang tidak dikenal.", code="SPMB_LEVEL")
    if not seed:
        raise DomainError("Isi benih (seed) seleksi.", code="SPMB_SEED")
    run = SelectionRun.objects.create(
        year=year, level=level, seed=seed, input_digest=_input_digest(year, level, seed),
        started_by=actor if isinstance(actor, User) else None)
    record_event(actor=actor, action="spmb.seleksi_dimulai", obj=run,
                 payload={"year": year.year, "level": level, "seed": seed,
                          "input": run.input_digest})
    return run


@transaction.atomic
def _run_track(run: SelectionRun, track: str) -> None:
    """One step: rank and place one track, store its entries and mark it done, together."""
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if track in run.done_tracks:
        return
    schools = list(queries.schools_of_level(run.level))
    seats = track_seats(run, schools, track)
    result = selection.select(track, _applicants(run.year, run.level, track), seats, run.seed)
    ids = dict(Registration.objects.filter(
        year=run.year, level=run.level, track=track,
        status=Registration.Status.VERIFIED).values_list("number", "pk"))
    choice_rank = {(r, s): rank for r, s, rank in Choice.objects.filter(
        registration__year=run.year, registration__level=run.level,
        registration__track=track).values_list("registration_id", "school_id", "rank")}
    entries = []
    for status, table in ((RankEntry.Status.ACCEPTED, result.accepted),
                          (RankEntry.Status.WAITING, result.waiting)):
        for school_id, ranked in table.items():
            for position, number in ranked:
                entries.append(RankEntry(
                    run=run, registration_id=ids[number], school_id=school_id, track=track,
                    choice_rank=choice_rank[(ids[number], school_id)], position=position,
                    status=status))
    RankEntry.objects.bulk_create(entries, batch_size=2000)
    if track != Track.DOMISILI:
        carried = {str(k): v for k, v in run.carried_seats.items()}
        for school_id, free in result.unfilled(seats).items():
            carried[str(school_id)] = carried.get(str(school_id), 0) + free
        run.carried_seats = carried
    run.done_tracks = [*run.done_tracks, track]
    run.save(update_fields=["done_tracks", "carried_seats"])
    record_event(actor=SYSTEM, action="spmb.seleksi_jalur_selesai", obj=run,
                 payload={"track": track, "accepted": len(result.placed),
                          "seats": sum(seats.values())})


def result_digest(run: SelectionRun) -> str:
    return selection.digest(
        f"{number}|{npsn}|{track}|{position}|{status}"
        for number, npsn, track, position, status in RankEntry.objects.filter(run=run)
        .values_list("registration__number", "school__npsn", "track", "position", "status"))


def continue_selection(run: SelectionRun) -> SelectionRun:
    """Run the tracks not yet done, each in its own transaction; after a crash, calling this
    again resumes at the first unfinished track."""
    for track in TRACK_ORDER:
        _run_track(run, track)
    return _finish_selection(run)


@transaction.atomic
def _finish_selection(run: SelectionRun) -> SelectionRun:
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != SelectionRun.Status.RUNNING:
        return run
    run.result_digest = result_digest(run)
    run.status = SelectionRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["result_digest", "status", "finished_at"])
    record_event(actor=SYSTEM, action="spmb.seleksi_selesai", obj=run,
                 payload={"seed": run.seed, "input": run.input_digest,
                          "result": run.result_digest})
    return run


def run_selection(*, year: AdmissionYear, level: str, seed: str,
                  actor: object) -> SelectionRun:
    """Start a run and take it to the end."""
    return continue_selection(start_selection(year=year, level=level, seed=seed, actor=actor))


@transaction.atomic
def publish_selection(*, run: SelectionRun, actor: object,
                      now: dt.datetime | None = None) -> SelectionRun:
    """Announce a finished run: the masked ranking goes public and the accepted have until
    the deadline to re-register (daftar ulang). Earlier published runs of the same year and
    level are withdrawn."""
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != SelectionRun.Status.DONE:
        raise DomainError("Hanya seleksi yang sudah selesai dan belum diumumkan yang dapat "
                          "diumumkan.", code="SPMB_RUN_NOT_DONE")
    now = now or timezone.now()
    SelectionRun.objects.filter(year=run.year, level=run.level,
                                status=SelectionRun.Status.PUBLISHED).update(
        status=SelectionRun.Status.DONE, published_at=None)
    run.status = SelectionRun.Status.PUBLISHED
    run.published_at = now
    run.reregistration_deadline = now + dt.timedelta(days=run.year.reregistration_days)
    run.save(update_fields=["status", "published_at", "reregistration_deadline"])
    run.entries.filter(status=RankEntry.Status.ACCEPTED).update(
        confirm_by=run.reregistration_deadline)
    parents = (Registration.objects.filter(rank_entries__run=run,
                                           rank_entries__status=RankEntry.Status.ACCEPTED)
               .select_related("parent").distinct())
    for registration in parents:
        queue_message(channel="in_app", recipient=registration.parent,
                      subject=f"Hasil SPMB {registration.number}",
                      body="Anak Anda diterima. Lakukan daftar ulang sebelum batas waktu.")
    record_event(actor=actor, action="spmb.seleksi_diumumkan", obj=run,
                 payload={"result": run.result_digest,
                          "deadline": run.reregistration_deadline.isoformat()})
    return run


@transaction.atomic
def confirm_reregistration(*, entry: RankEntry, actor: User,
                           now: dt.datetime | None = None) -> RankEntry:
    """The parent takes the seat (daftar ulang) before its deadline."""
    entry = RankEntry.objects.select_for_update().select_related(
        "registration", "run").get(pk=entry.pk)
    if entry.registration.parent_id != actor.pk:
        raise PermissionDeniedError("Bukan pendaftaran Anda.", code="SPMB_NOT_PARENT")
    now = now or timezone.now()
    if (entry.status != RankEntry.Status.ACCEPTED
            or entry.run.status != SelectionRun.Status.PUBLISHED
            or entry.confirm_by is None or entry.confirm_by <= now):
        raise DomainError("Daftar ulang tidak dapat dilakukan: kursi ini tidak sedang "
                          "ditawarkan kepada Anda atau batas waktunya sudah lewat.",
                          code="SPMB_REREGISTRATION_CLOSED")
    entry.status = RankEntry.Status.CONFIRMED
    entry.save(update_fields=["status", "changed_at"])
    record_event(actor=actor, action="spmb.daftar_ulang", obj=entry.registration,
                 payload={"number": entry.registration.number, "school": entry.school_id})
    return entry


def _seat_count(run: SelectionRun, school: School, track: str) -> int:
    return track_seats(run, [school], track)[school.pk]


def _offer_next(run: SelectionRun, school: School, track: str, now: dt.datetime,
                deadline: dt.datetime) -> list[RankEntry]:
    """Fill the free seats of one school and track from its reserve list, best rank first; a
    child who moves up releases its seat at a lower choice, which is offered in turn."""
    offered: list[RankEntry] = []
    queue = [(school, track)]
    while queue:
        school, track = queue.pop(0)
        taken = run.entries.filter(school=school, track=track, status__in=(
            RankEntry.Status.ACCEPTED, RankEntry.Status.CONFIRMED)).count()
        free = _seat_count(run, school, track) - taken
        candidates = (run.entries.filter(school=school, track=track,
                                         status=RankEntry.Status.WAITING)
                      .select_related("registration").order_by("position"))
        for candidate in candidates:
            if free <= 0:
                break
            holding = run.entries.filter(
                registration=candidate.registration_id,
                status__in=(RankEntry.Status.ACCEPTED, RankEntry.Status.CONFIRMED)).first()
            if holding is not None and (holding.status == RankEntry.Status.CONFIRMED
                                        or holding.choice_rank < candidate.choice_rank):
                continue
            if holding is not None:
                holding.status = RankEntry.Status.RELEASED
                holding.confirm_by = None
                holding.save(update_fields=["status", "confirm_by", "changed_at"])
                queue.append((holding.school, holding.track))
            candidate.status = RankEntry.Status.ACCEPTED
            candidate.confirm_by = deadline
            candidate.save(update_fields=["status", "confirm_by", "changed_at"])
            offered.append(candidate)
            free -= 1
            queue_message(channel="in_app", recipient=candidate.registration.parent,
                          subject=f"Tawaran kursi SPMB {candidate.registration.number}",
                          body="Ada kursi yang kosong untuk anak Anda. Lakukan daftar ulang "
                               "sebelum batas waktu.")
    return offered


@transaction.atomic
def expire_reregistrations(*, now: dt.datetime | None = None) -> int:
    """Seats not taken by their deadline are forfeited and offered to the next in line, who
    get the year's re-registration period from now. Returns the number of offers made."""
    now = now or timezone.now()
    due = list(RankEntry.objects.select_for_update()
               .filter(status=RankEntry.Status.ACCEPTED, confirm_by__lte=now,
                       run__status=SelectionRun.Status.PUBLISHED)
               .select_related("run__year", "school", "registration"))
    offered = 0
    touched: dict[tuple[int, int, str], tuple[SelectionRun, School]] = {}
    for entry in due:
        entry.status = RankEntry.Status.FORFEITED
        entry.save(update_fields=["status", "changed_at"])
        record_event(actor=SYSTEM, action="spmb.daftar_ulang_gugur", obj=entry.registration,
                     payload={"number": entry.registration.number, "school": entry.school_id})
        touched[(entry.run_id, entry.school_id, entry.track)] = (entry.run, entry.school)
    for (_run_id, _school_id, track), (run, school) in sorted(touched.items(),
                                                              key=lambda kv: kv[0]):
        deadline = now + dt.timedelta(days=run.year.reregistration_days)
        for entry in _offer_next(run, school, track, now, deadline):
            record_event(actor=SYSTEM, action="spmb.kursi_ditawarkan", obj=entry.registration,
                         payload={"number": entry.registration.number,
                                  "school": entry.school_id, "position": entry.position})
            offered += 1
    return offered


# --- opening-day waiting room ---------------------------------------------------------------

def _slots() -> int:
    return settings.SPMB_WAITING_ROOM_SLOTS


# A waiting ticket not seen for this long has left the queue (its page refreshes at least
# every minute, balai.education.views.WAITING_REFRESH_MAX).
ABANDONED_AFTER = dt.timedelta(minutes=3)


@transaction.atomic
def enter_waiting_room(*, token: str | None, now: dt.datetime | None = None) -> QueueTicket:
    """Take (or refresh) a place in the waiting room and admit the first waiting tickets while
    fewer than SPMB_WAITING_ROOM_SLOTS are admitted. Admissions are decided under a lock on
    the year row, so two requests never admit past the limit."""
    now = now or timezone.now()
    year = queries.current_year(now)
    if year is not None:
        AdmissionYear.objects.select_for_update().filter(pk=year.pk).first()
    ticket = QueueTicket.objects.filter(token=token).first() if token else None
    if ticket is None:
        ticket = QueueTicket.objects.create(token=secrets.token_urlsafe(32), last_seen_at=now)
    else:
        ticket.last_seen_at = now
        ticket.save(update_fields=["last_seen_at"])
    if ticket.admitted_at is None:
        active = QueueTicket.objects.filter(admitted_at__isnull=False, expires_at__gt=now)
        free = _slots() - active.count()
        if free > 0:
            first = list(queries.waiting_tickets(now).values_list("pk", flat=True)[:free])
            QueueTicket.objects.filter(pk__in=first).update(
                admitted_at=now,
                expires_at=now + dt.timedelta(minutes=settings.SPMB_ADMISSION_MINUTES))
            ticket.refresh_from_db()
    return ticket


@transaction.atomic
def leave_waiting_room(*, token: str, now: dt.datetime | None = None) -> None:
    """The admitted session is done (its form is sent): its slot goes to the next in line."""
    QueueTicket.objects.filter(token=token).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now())).update(
        expires_at=now or timezone.now())
