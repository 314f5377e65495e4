"""Reads of school admission: the open year, schools, a parent's registrations, an operator's
queue, the published ranking (masked), and the waiting room's queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from balai.accounts.models import User
from balai.education.models import (
    AdmissionYear,
    Choice,
    Level,
    QueueTicket,
    RankEntry,
    Registration,
    School,
    SchoolOperator,
    SelectionRun,
)


def current_year(now: dt.datetime | None = None) -> AdmissionYear | None:
    """The year whose registration is open now, else the latest year."""
    now = now or timezone.now()
    open_year = AdmissionYear.objects.filter(opens_at__lte=now, closes_at__gt=now).first()
    return open_year or AdmissionYear.objects.order_by("-year").first()


def is_open(year: AdmissionYear | None, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return year is not None and year.opens_at <= now < year.closes_at


def schools_of_level(level: str) -> QuerySet[School]:
    return School.objects.filter(level=level).order_by("pk")


def schools() -> QuerySet[School]:
    return School.objects.select_related("kecamatan").order_by("level", "name")


def school_by_npsn(npsn: str) -> School | None:
    return School.objects.select_related("kecamatan").filter(npsn=npsn).first()


def schools_with_published_results(year: AdmissionYear | None) -> QuerySet[School]:
    """The schools of the levels whose selection of `year` is announced."""
    published = published_runs(year)
    return schools().filter(level__in=list(published)) if published else School.objects.none()


def ticket_by_token(token: str | None) -> QueueTicket | None:
    return QueueTicket.objects.filter(token=token).first() if token else None


def registration_by_idempotency_key(parent: User, key: str) -> Registration | None:
    """The registration a form with this key already made (a double click, a retry)."""
    return Registration.objects.filter(parent=parent, idempotency_key=key).first()


def zone_villages(school_ids: set[int]) -> dict[int, set[str]]:
    zones: dict[int, set[str]] = {}
    through = School.zone.through
    for school_id, region_id in through.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "region_id"):
        zones.setdefault(school_id, set()).add(region_id)
    return zones


def is_school_operator(user: User, school: School) -> bool:
    return user.is_authenticated and SchoolOperator.objects.filter(
        user=user, school=school).exists()


def operated_schools(user: User) -> QuerySet[School]:
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(operators__user=user).order_by("name")


def registrations_of_parent(user: User) -> QuerySet[Registration]:
    return (Registration.objects.filter(parent=user).select_related("year")
            .prefetch_related(Prefetch("choices",
                                       queryset=Choice.objects.select_related("school")))
            .order_by("-submitted_at", "-pk"))


def registrations_for_school(school: School, *, status: str = "") -> QuerySet[Registration]:
    """The registrations whose first choice is `school` (its operator verifies them)."""
    registrations = Registration.objects.filter(choices__school=school, choices__rank=1)
    if status:
        registrations = registrations.filter(status=status)
    return registrations.select_related("home_village").order_by("submitted_at", "pk")


def verified_for_selection(year: AdmissionYear, level: str,
                           track: str) -> QuerySet[Registration]:
    return (Registration.objects.filter(year=year, level=level, track=track,
                                        status=Registration.Status.VERIFIED)
            .only("number", "age_days", "age_band", "transfer_letter_date", "score")
            .prefetch_related(Prefetch("choices", queryset=Choice.objects.only(
                "registration_id", "school_id", "distance_m", "in_zone", "rank")
                .order_by("rank")))
            .order_by("number"))


def published_run(year: AdmissionYear | None, level: str) -> SelectionRun | None:
    if year is None:
        return None
    return (SelectionRun.objects.filter(year=year, level=level,
                                        status=SelectionRun.Status.PUBLISHED)
            .select_related("year").first())


def published_runs(year: AdmissionYear | None) -> dict[str, SelectionRun]:
    if year is None:
        return {}
    return {run.level: run for run in SelectionRun.objects.filter(
        year=year, status=SelectionRun.Status.PUBLISHED).select_related("year")}


def mask_name(name: str) -> str:
    """"Ahmad Fauzi" -> "A**** F****": enough for a parent to find their child beside the
    registration number, not enough to name a child in public."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split() if word)


def mask_nik(nik: str) -> str:
    return f"{nik[:4]}{'*' * 10}{nik[-2:]}" if len(nik) == 16 else "*" * 16


@dataclass(frozen=True)
class RankRow:
    position: int
    number: str
    name: str
    nik: str
    distance_m: int | None
    status: str
    status_label: str


def public_ranking(run: SelectionRun, school: School, track: str) -> list[RankRow]:
    """The ranking of one school and track of a published run, names and NIKs masked. Two
    queries whatever the length (the entries with their registrations, then distances)."""
    entries = list(RankEntry.objects.filter(run=run, school=school, track=track)
                   .select_related("registration").order_by("position"))
    distances = dict(Choice.objects.filter(
        school=school, registration_id__in=[e.registration_id for e in entries])
        .values_list("registration_id", "distance_m"))
    return [RankRow(position=e.position, number=e.registration.number,
                    name=mask_name(e.registration.child_name),
                    nik=mask_nik(e.registration.child_nik),
                    distance_m=distances.get(e.registration_id), status=e.status,
                    status_label=e.get_status_display()) for e in entries]


def entries_of_registration(registration: Registration) -> list[RankEntry]:
    """The registration's places in the published run, best choice first."""
    run = published_run(registration.year, registration.level)
    if run is None:
        return []
    return list(RankEntry.objects.filter(run=run, registration=registration)
                .select_related("school").order_by("choice_rank"))


def entry_for_parent(user: User, entry_id: int) -> RankEntry | None:
    return (RankEntry.objects.select_related("registration", "run", "school")
            .filter(pk=entry_id, registration__parent=user).first())


def waiting_tickets(now: dt.datetime) -> QuerySet[QueueTicket]:
    """Tickets waiting to be admitted, first come first served; one whose page stopped
    refreshing has left."""
    from balai.education.actions import ABANDONED_AFTER

    return (QueueTicket.objects.filter(admitted_at__isnull=True, expires_at__isnull=True,
                                       last_seen_at__gt=now - ABANDONED_AFTER)
            .order_by("pk"))


def queue_position(ticket: QueueTicket, now: dt.datetime | None = None) -> int:
    """1 for the next to be admitted."""
    now = now or timezone.now()
    return waiting_tickets(now).filter(pk__lt=ticket.pk).count() + 1


def is_admitted(ticket: QueueTicket | None, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (ticket is not None and ticket.admitted_at is not None
            and ticket.expires_at is not None and ticket.expires_at > now)


def levels() -> list[tuple[str, str]]:
    return list(Level.choices)
