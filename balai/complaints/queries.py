"""Reads of complaints: the public list, the reporter's own, the officers' queue, timelines,
deadlines. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from balai.accounts.models import OfficeRole, Role, User
from balai.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintPhoto,
    ComplaintUpdate,
    SealedReporter,
    Status,
)
from balai.core.calendar import WorkingCalendar, working_calendar
from balai.core.crypto import blind_index
from balai.core.events import CaseRecord

# Everyone with a role in the routed office handles its complaints, except the auditor, who
# only reads the records.
HANDLING_ROLES = [r for r in Role.values if r != Role.AUDITOR]


def reporter_digest(user: User) -> str:
    return blind_index(str(user.pk), purpose="complaint-reporter")


def sealed_reporter_user(complaint: Complaint) -> User | None:
    sealed = SealedReporter.objects.filter(complaint=complaint).first()
    if sealed is None:
        return None
    return User.objects.filter(pk=int(sealed.reporter_ref)).first()


def is_reporter(*, user: User, complaint: Complaint) -> bool:
    if not user.is_authenticated:
        return False
    if complaint.is_anonymous:
        return SealedReporter.objects.filter(complaint=complaint,
                                             reporter_digest=reporter_digest(user)).exists()
    return complaint.reporter_id == user.pk


def officer_office_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(OfficeRole.objects.filter(user=user, role__in=HANDLING_ROLES)
                .values_list("office_id", flat=True).distinct())


def is_handling_officer(*, user: User, office_id: int) -> bool:
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, office_id=office_id, role__in=HANDLING_ROLES).exists()


def handling_officers(office_id: int) -> list[User]:
    return list(User.objects.filter(office_roles__office_id=office_id,
                                    office_roles__role__in=HANDLING_ROLES, is_active=True)
                .distinct().order_by("pk"))


def active_categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(is_active=True).select_related("office")


@dataclass(frozen=True)
class PublicFilters:
    category: str = ""
    kecamatan: str = ""
    status: str = ""


def public_complaints(filters: PublicFilters = PublicFilters()) -> QuerySet[Complaint]:
    """Complaints anyone may see: not confidential, not merged; newest first. Each filter
    has its own partial index, so a page costs the same at ten thousand rows or a million."""
    qs = Complaint.objects.filter(is_listed=True)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.kecamatan:
        qs = qs.filter(kecamatan_id=filters.kecamatan)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return (qs.select_related("category", "kecamatan", "village")
            .only("number", "status", "created_at", "description", "category__name",
                  "category__code", "kecamatan__name", "village__name")
            .order_by("-id"))


def public_complaint(number: str) -> Complaint | None:
    return (Complaint.objects.filter(number=number, is_confidential=False)
            .select_related("category", "office", "kecamatan", "village", "merged_into")
            .first())


def merge_target(*, number: str, office_id: int) -> Complaint | None:
    """The complaint another is merged into: by its tracking number, in the same office."""
    return Complaint.objects.filter(number=number.strip().upper(), office_id=office_id).first()


def complaints_of_reporter(user: User) -> QuerySet[Complaint]:
    sealed = SealedReporter.objects.filter(reporter_digest=reporter_digest(user)).values(
        "complaint_id")
    return (Complaint.objects.filter(Q(reporter=user) | Q(pk__in=sealed))
            .select_related("category", "office").order_by("-id"))


def office_queue(*, office_ids: list[int], status: str = "") -> QuerySet[Complaint]:
    """Open complaints by stage deadline; with a status, those in it, newest first."""
    qs = Complaint.objects.filter(office_id__in=office_ids).select_related(
        "category", "office", "kecamatan")
    if status:
        return qs.filter(status=status).order_by("-id")
    return qs.filter(is_open=True).order_by("due_date", "id")


def timeline(complaint: Complaint, *, public_only: bool) -> list[ComplaintUpdate]:
    qs = complaint.updates.select_related("officer", "office").prefetch_related("photos")
    if public_only:
        qs = qs.filter(public=True)
    return list(qs)


def report_photos(complaint: Complaint) -> list[ComplaintPhoto]:
    return list(complaint.photos.filter(is_proof=False).order_by("id"))


def open311_requests() -> QuerySet[Complaint]:
    """Complaints Open311 shows (never a confidential one), each with `public_photos`: the
    photos anyone may open (proofs of follow-up; a reporter's own photos may show people and
    stay with the reporter and the officers, see access.photo_for_user)."""
    return (Complaint.objects.filter(is_confidential=False)
            .select_related("category", "office", "village", "kecamatan")
            .prefetch_related(Prefetch("photos", to_attr="public_photos",
                                       queryset=ComplaintPhoto.objects.filter(is_proof=True)
                                       .order_by("id").only("id", "complaint_id"))))


def number_for_request_token(token: str) -> str | None:
    """The tracking number of the complaint an Open311 POST answered with this token."""
    return (Complaint.objects.filter(request_token=token).values_list("number", flat=True)
            .first())


def overdue_for_escalation(*, today: dt.date) -> QuerySet[Complaint]:
    return Complaint.objects.filter(is_open=True, escalated_at__isnull=True, due_date__lt=today)


def working_days_before(calendar: WorkingCalendar, day: dt.date, days: int) -> dt.date:
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def unconfirmed_closed(*, today: dt.date, calendar: WorkingCalendar,
                       days: int) -> QuerySet[Complaint]:
    """Complaints closed by the office at least `days` working days ago that the reporter
    neither confirmed nor reopened."""
    limit = working_days_before(calendar, today, days)
    return (Complaint.objects.filter(status=Status.SELESAI, closed_at__date__lte=limit)
            .select_related("category").order_by("id"))


# How a complaint's final status ended it, as complaints.actions told the dashboard.
DASHBOARD_OUTCOMES = {Status.DIKONFIRMASI: "resolved", Status.DITOLAK: "rejected",
                      Status.DIGABUNG: "merged"}


def dashboard_cases() -> Iterator[CaseRecord]:
    """Every complaint as its events told the public dashboard (counted for the office that
    handles it now), read back from the table to rebuild the dashboard's aggregates."""
    calendar = working_calendar()
    rows = (Complaint.objects.values_list("office_id", "category__code", "created_at",
                                          "closed_at", "status", "resolution_due")
            .order_by("id").iterator(chunk_size=5000))
    for office_id, code, created_at, closed_at, status, resolution_due in rows:
        outcome = DASHBOARD_OUTCOMES.get(status)
        if outcome is None or closed_at is None:
            yield CaseRecord(office_id=office_id, topic=code, opened_at=created_at)
            continue
        closed_day = timezone.localdate(closed_at)
        yield CaseRecord(
            office_id=office_id, topic=code, opened_at=created_at, closed_at=closed_at,
            outcome=outcome, on_time=resolution_due is None or closed_day <= resolution_due,
            working_days=max(0, calendar.working_days_between(
                timezone.localdate(created_at), closed_day)))


def get_by_number(number: str) -> Complaint | None:
    """A complaint by its tracking number, whoever may see it (callers check that)."""
    return Complaint.objects.filter(number=number).first()
