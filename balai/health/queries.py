"""Reads of the health queue: facilities and their polyclinics, a day's plan (quota, the share
kept for walk-in patients, opening time), the queue board, a person's visits, the desk's day
list and each facility's waiting-time and no-show figures."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from balai.accounts.models import OfficeRole, Role, User
from balai.health.models import DoctorSchedule, Facility, Polyclinic, Visit

# Officers of the facility's office who may work its desk.
DESK_ROLES = (Role.PETUGAS, Role.OPERATOR_LAYANAN, Role.VERIFIKATOR, Role.ADMIN)
# A booking may be made for today and the next BOOKING_DAYS_AHEAD days.
BOOKING_DAYS_AHEAD = 14
STATISTICS_DAYS = 30
BOARD_WAITING_SHOWN = 5

# Visits that hold a slot of the day's quota (a no-show held it too).
HOLDS_SLOT = ~Q(status=Visit.Status.CANCELLED)
OPEN_STATUSES = (Visit.Status.BOOKED, Visit.Status.ARRIVED, Visit.Status.WAITING,
                 Visit.Status.CALLED, Visit.Status.PHARMACY)


def is_desk_officer(user: User, facility: Facility) -> bool:
    if not user.is_authenticated:
        return False
    return OfficeRole.objects.filter(user=user, office_id=facility.office_id,
                                     role__in=DESK_ROLES).exists()


def active_polyclinics(queryset: QuerySet[Polyclinic] | None = None) -> Prefetch:
    """Prefetches a facility's polyclinics that take patients."""
    return Prefetch("polyclinics", queryset=(queryset if queryset is not None
                                             else Polyclinic.objects).filter(is_active=True))


def desk_facilities(user: User) -> QuerySet[Facility]:
    if not user.is_authenticated:
        return Facility.objects.none()
    return (Facility.objects.filter(office__in=OfficeRole.objects.filter(
        user=user, role__in=DESK_ROLES).values("office_id"))
        .select_related("kecamatan").prefetch_related(active_polyclinics()))


def facilities(*, kecamatan: str = "") -> QuerySet[Facility]:
    found = Facility.objects.select_related("kecamatan").annotate(
        polyclinic_count=Count("polyclinics", filter=Q(polyclinics__is_active=True)))
    if kecamatan:
        found = found.filter(kecamatan__code=kecamatan)
    return found.order_by("kecamatan__code", "kind", "name")


def get_facility(code: str) -> Facility | None:
    return (Facility.objects.select_related("kecamatan", "office")
            .prefetch_related(active_polyclinics(
                Polyclinic.objects.prefetch_related("schedules")))
            .filter(code=code).first())


def get_polyclinic(polyclinic_id: int) -> Polyclinic | None:
    return (Polyclinic.objects.select_related("facility__kecamatan")
            .filter(pk=polyclinic_id, is_active=True).first())


def polyclinic_by_code(code: str) -> Polyclinic | None:
    return (Polyclinic.objects.select_related("facility")
            .filter(code=code.upper(), is_active=True).first())


@dataclass(frozen=True)
class DayPlan:
    """What a polyclinic offers on one date, from the doctors' schedules of that weekday."""

    date: dt.date
    quota: int
    walk_in_reserved: int
    opens_at: dt.time | None
    closes_at: dt.time | None
    doctors: list[str] = field(default_factory=list)

    @property
    def bookable(self) -> int:
        """Slots that may be booked in advance (online, SMS, telephone)."""
        return self.quota - self.walk_in_reserved

    @property
    def is_open(self) -> bool:
        return self.quota > 0

    def opens(self) -> dt.datetime:
        assert self.opens_at is not None
        return timezone.make_aware(dt.datetime.combine(self.date, self.opens_at))

    def closes(self) -> dt.datetime:
        assert self.closes_at is not None
        return timezone.make_aware(dt.datetime.combine(self.date, self.closes_at))


def plan_from_schedules(polyclinic: Polyclinic, day: dt.date,
                        schedules: list[DoctorSchedule]) -> DayPlan:
    today = [s for s in schedules if s.weekday == day.weekday()]
    if not today:
        return DayPlan(date=day, quota=0, walk_in_reserved=0, opens_at=None, closes_at=None)
    quota = sum(s.quota for s in today)
    reserved = math.ceil(quota * polyclinic.walk_in_percent / 100)
    return DayPlan(date=day, quota=quota, walk_in_reserved=reserved,
                   opens_at=min(s.starts_at for s in today),
                   closes_at=max(s.ends_at for s in today),
                   doctors=[s.doctor_name for s in today])


def day_plan(polyclinic: Polyclinic, day: dt.date) -> DayPlan:
    return plan_from_schedules(polyclinic, day,
                               list(polyclinic.schedules.filter(weekday=day.weekday())))


@dataclass(frozen=True)
class Availability:
    plan: DayPlan
    booked: int
    walk_ins: int

    @property
    def left_to_book(self) -> int:
        """Advance slots left; walk-ins beyond their share use advance slots too."""
        return max(0, min(self.plan.bookable - self.booked,
                          self.plan.quota - self.booked - self.walk_ins))

    @property
    def left_total(self) -> int:
        return max(0, self.plan.quota - self.booked - self.walk_ins)


def availability(polyclinic: Polyclinic, *, today: dt.date,
                 days: int = BOOKING_DAYS_AHEAD) -> list[Availability]:
    """Each open day from today on: the quota and what is left (two queries)."""
    schedules = list(polyclinic.schedules.all())
    last = today + dt.timedelta(days=days)
    counts = {(row["date"], row["walk_in"]): row["n"] for row in
              Visit.objects.filter(HOLDS_SLOT, polyclinic=polyclinic, date__gte=today,
                                   date__lte=last)
              .values("date", "walk_in").annotate(n=Count("pk"))}
    result = []
    for offset in range(days + 1):
        day = today + dt.timedelta(days=offset)
        plan = plan_from_schedules(polyclinic, day, schedules)
        if plan.is_open:
            result.append(Availability(plan=plan, booked=counts.get((day, False), 0),
                                       walk_ins=counts.get((day, True), 0)))
    return result


def slot_counts(polyclinic: Polyclinic, day: dt.date) -> tuple[int, int, int]:
    """(advance bookings, walk-ins, highest number given) of one day, incl. cancelled numbers."""
    visits = Visit.objects.filter(polyclinic=polyclinic, date=day)
    row = visits.aggregate(
        booked=Count("pk", filter=HOLDS_SLOT & Q(walk_in=False)),
        walk_ins=Count("pk", filter=HOLDS_SLOT & Q(walk_in=True)),
        highest=Max("number"))
    return row["booked"], row["walk_ins"], row["highest"] or 0


def people_ahead(visit: Visit) -> int:
    """Open visits of the same day and polyclinic before this one in the queue."""
    return Visit.objects.filter(polyclinic_id=visit.polyclinic_id, date=visit.date,
                                number__lt=visit.number, status__in=OPEN_STATUSES).count()


def active_visit_of(patient: User, polyclinic: Polyclinic, day: dt.date) -> Visit | None:
    return Visit.objects.filter(patient=patient, polyclinic=polyclinic, date=day,
                                status__in=OPEN_STATUSES).first()


def active_visit_of_phone(index: str, polyclinic: Polyclinic, day: dt.date) -> Visit | None:
    return Visit.objects.filter(phone_index=index, polyclinic=polyclinic, date=day,
                                status__in=OPEN_STATUSES, patient__isnull=True).first()


def visits_of(user: User) -> QuerySet[Visit]:
    return (Visit.objects.filter(patient=user).select_related("polyclinic__facility")
            .order_by("-date", "-number"))


def desk_day(polyclinic: Polyclinic, day: dt.date) -> list[Visit]:
    """Every visit of one polyclinic's day, in queue order (bounded by the day's quota)."""
    return list(Visit.objects.filter(polyclinic=polyclinic, date=day)
                .select_related("patient", "polyclinic").order_by("number"))


@dataclass
class BoardRow:
    polyclinic: Polyclinic
    called: Visit | None = None
    waiting: list[Visit] = field(default_factory=list)
    waiting_count: int = 0


def board(facility: Facility, day: dt.date) -> list[BoardRow]:
    """The waiting-room screen: per polyclinic, the number being served and those next."""
    rows = {p.pk: BoardRow(polyclinic=p) for p in facility.polyclinics.all()}
    visits = (Visit.objects.filter(polyclinic__facility=facility, date=day,
                                   status__in=(Visit.Status.CALLED, Visit.Status.WAITING))
              .only("pk", "polyclinic_id", "number", "status", "called_at")
              .order_by("number"))
    for visit in visits:
        row = rows.get(visit.polyclinic_id)
        if row is None:
            continue
        visit.polyclinic = row.polyclinic
        if visit.status == Visit.Status.CALLED:
            if row.called is None or (visit.called_at or visit.created_at) >= (
                    row.called.called_at or row.called.created_at):
                row.called = visit
        else:
            row.waiting_count += 1
            if len(row.waiting) < BOARD_WAITING_SHOWN:
                row.waiting.append(visit)
    return list(rows.values())


def board_json(rows: list[BoardRow], *, now: dt.datetime) -> dict:
    return {"updated": timezone.localtime(now).strftime("%H.%M"),
            "polyclinics": [{"code": row.polyclinic.code, "name": row.polyclinic.name,
                             "called": row.called.ticket if row.called else None,
                             "waiting": [v.ticket for v in row.waiting],
                             "waiting_count": row.waiting_count} for row in rows]}


@dataclass(frozen=True)
class PolyclinicFigures:
    polyclinic: Polyclinic
    visits: int
    served: int
    no_shows: int
    average_wait_minutes: int | None

    @property
    def no_show_percent(self) -> int | None:
        return round(100 * self.no_shows / self.visits) if self.visits else None


def statistics(facility: Facility, *, today: dt.date,
               days: int = STATISTICS_DAYS) -> list[PolyclinicFigures]:
    """Per polyclinic over the last `days` days up to yesterday: visits that held a slot,
    patients called, no-shows and the average wait at the poli (one query)."""
    since = today - dt.timedelta(days=days)
    rows = (Polyclinic.objects.filter(facility=facility, is_active=True).annotate(
        n_visits=Count("visits", filter=Q(visits__date__gte=since, visits__date__lt=today)
                       & ~Q(visits__status=Visit.Status.CANCELLED)),
        n_served=Count("visits", filter=Q(visits__date__gte=since, visits__date__lt=today,
                                           visits__called_at__isnull=False)),
        n_no_show=Count("visits", filter=Q(visits__date__gte=since, visits__date__lt=today,
                                            visits__status=Visit.Status.NO_SHOW)),
        wait=Avg("visits__waited_seconds", filter=Q(visits__date__gte=since,
                                                     visits__date__lt=today)),
    ).order_by("name"))
    return [PolyclinicFigures(polyclinic=p, visits=p.n_visits, served=p.n_served,
                              no_shows=p.n_no_show,
                              average_wait_minutes=None if p.wait is None
                              else round(p.wait / 60)) for p in rows]
