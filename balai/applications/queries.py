"""Reads of applications: drafts, queues, dashboards, timelines, the public status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.applications.models import DRAFT, Application, ApplicationEvent, Upload
from balai.catalogue.models import Service, ServiceDefinition
from balai.catalogue.spec import APPLICANT, OFFICER_ROLES
from balai.core.calendar import WorkingCalendar, working_calendar
from balai.core.events import CaseRecord

QUEUE_PAGE_SIZE = 25
DASHBOARD_PAGE_SIZE = 25


def get_open_service(code: str) -> Service | None:
    """An active service with a published definition, or None."""
    return (Service.objects.select_related("current", "office")
            .filter(code=code, is_active=True, current__isnull=False).first())


def open_services() -> QuerySet[Service]:
    return (Service.objects.select_related("current")
            .filter(is_active=True, current__isnull=False).order_by("name"))


def current_draft(*, applicant: User, service: Service,
                  operator: User | None = None) -> Application | None:
    """The draft an applicant (or the operator filing for them) left for this service."""
    drafts = Application.objects.select_related("definition").filter(
        applicant=applicant, state=DRAFT, definition__service=service, operator=operator)
    return drafts.order_by("-updated_at", "-id").first()


def current_uploads(application: Application) -> dict[str, Upload]:
    """The latest, not superseded upload per requirement."""
    uploads = (Upload.objects.filter(application=application, superseded=False)
               .order_by("requirement", "-uploaded_at", "-id"))
    result: dict[str, Upload] = {}
    for upload in uploads:
        result.setdefault(upload.requirement, upload)
    return result


def find_by_idempotency_key(*, applicant: User, key: str) -> Application | None:
    return Application.objects.filter(applicant=applicant, idempotency_key=key).first()


def roles_for(actor: User, application: Application) -> set[str]:
    """The workflow roles an actor holds on one application: officer roles in its office only,
    and "pemohon" for the applicant or the operator who filed it."""
    roles: set[str] = set()
    if not actor.is_authenticated:
        return roles
    if actor.pk in (application.applicant_id, application.operator_id):
        roles.add(APPLICANT)
    roles.update(OfficeRole.objects.filter(user=actor, office_id=application.office_id,
                                           role__in=OFFICER_ROLES)
                 .values_list("role", flat=True))
    return roles


def officer_office_ids(user: User) -> list[int]:
    """The offices in which a user holds an officer role (queue access)."""
    return list(OfficeRole.objects.filter(user=user, role__in=OFFICER_ROLES)
                .values_list("office_id", flat=True).distinct())


def colleagues(*, office_id: int) -> QuerySet[User]:
    """Officers of one office, to assign an application to."""
    return (User.objects.filter(office_roles__office_id=office_id,
                                office_roles__role__in=OFFICER_ROLES, is_active=True)
            .distinct().order_by("full_name"))


def is_colleague(*, user: User, office_id: int) -> bool:
    return OfficeRole.objects.filter(user=user, office_id=office_id,
                                     role__in=OFFICER_ROLES).exists()


def is_operator(user: User) -> bool:
    return user.is_authenticated and OfficeRole.objects.filter(
        user=user, role=Role.OPERATOR_LAYANAN).exists()


@dataclass(frozen=True)
class QueueFilter:
    state: str = ""
    service: str = ""
    overdue: bool = False
    mine: bool = False
    show_closed: bool = False


def queue(*, office_ids: list[int], user: User, filters: QueueFilter,
          today: dt.date) -> QuerySet[Application]:
    """Submitted applications of the given offices, most urgent first. Drafts never appear:
    they have no `submitted_at`."""
    rows = Application.objects.filter(office_id__in=office_ids, submitted_at__isnull=False)
    if filters.state:
        rows = rows.filter(state=filters.state)
    elif not filters.show_closed:
        rows = rows.filter(is_open=True)
    if filters.service:
        rows = rows.filter(definition__service__code=filters.service)
    if filters.overdue:
        rows = rows.filter(is_open=True, due_date__lt=today)
    if filters.mine:
        rows = rows.filter(assigned_to=user)
    return (rows.select_related("definition__service", "applicant", "assigned_to", "office")
            .defer("data_json").order_by("due_date", "id"))


def services_of_offices(office_ids: list[int]) -> QuerySet[Service]:
    return Service.objects.filter(office_id__in=office_ids).order_by("name")


def applications_of(user: User) -> QuerySet[Application]:
    """A citizen's applications and drafts, newest first, for their dashboard."""
    return (Application.objects.filter(applicant=user)
            .select_related("definition__service").defer("data_json")
            .order_by("-created_at", "-id"))


def assisted_by(operator: User) -> QuerySet[Application]:
    return (Application.objects.filter(operator=operator)
            .select_related("definition__service", "applicant").defer("data_json")
            .order_by("-created_at", "-id"))


def timeline(application: Application, *, public_only: bool) -> QuerySet[ApplicationEvent]:
    events = ApplicationEvent.objects.filter(application=application).select_related("actor")
    if public_only:
        events = events.filter(public=True)
    return events.order_by("created_at", "id")


def latest_corrections(application: Application) -> ApplicationEvent | None:
    """The event that last asked the applicant for corrections."""
    return (ApplicationEvent.objects.filter(application=application)
            .exclude(corrections={}).order_by("-created_at", "-id").first())


def get_by_number(number: str) -> Application | None:
    """For the public status page: no personal data is read (the form values are deferred),
    nor the service's definition, whose parsed form is shared in the process (`spec`)."""
    return (Application.objects.select_related("definition__service", "office")
            .defer("data_json", "definition__definition")
            .filter(number=number, submitted_at__isnull=False).first())


def public_timeline(application: Application) -> QuerySet[ApplicationEvent]:
    # Only what happened and when: no actor, no note (a note may name a person).
    return (ApplicationEvent.objects.filter(application=application, public=True)
            .only("kind", "label", "to_state", "created_at", "application_id")
            .order_by("created_at", "id"))


def overdue_for_escalation(*, today: dt.date) -> QuerySet[Application]:
    return Application.objects.filter(is_open=True, escalated_at__isnull=True,
                                      due_date__lt=today)


def offices_by_id(office_ids: set[int]) -> dict[int, Office]:
    return {office.pk: office for office in Office.objects.filter(pk__in=office_ids)}


def time_left(calendar: WorkingCalendar, *, due_date: dt.date | None, today: dt.date,
              is_open: bool) -> tuple[str, bool]:
    """The deadline in words ("3 hari kerja lagi", "terlambat 2 hari kerja") and whether the
    application is overdue."""
    if not is_open or due_date is None:
        return "", False
    days = calendar.working_days_between(today, due_date)
    if due_date < today:
        late = max(-days, 1)
        return ngettext("terlambat %(n)d hari kerja", "terlambat %(n)d hari kerja",
                        late) % {"n": late}, True
    if days == 0:
        return _("batas waktu hari ini"), False
    return ngettext("%(n)d hari kerja lagi", "%(n)d hari kerja lagi", days) % {"n": days}, False


def with_uploads_and_events(application_id: int, *, public_only: bool) -> Application:
    events = ApplicationEvent.objects.select_related("actor").order_by("created_at", "id")
    if public_only:
        events = events.filter(public=True)
    return (Application.objects.select_related("definition__service", "office", "applicant",
                                               "assigned_to", "operator")
            .prefetch_related(
                Prefetch("uploads", queryset=Upload.objects.order_by("requirement",
                                                                     "-uploaded_at")),
                Prefetch("events", queryset=events))
            .get(pk=application_id))


def upload_visible_to(user: User, upload_id: int) -> Upload | None:
    """An upload, if the user is its applicant, the operator who filed it, or an officer of
    its office; None otherwise (the caller answers 404)."""
    if not user.is_authenticated:
        return None
    offices = OfficeRole.objects.filter(user=user, role__in=OFFICER_ROLES).values("office_id")
    return (Upload.objects.select_related("application")
            .filter(Q(application__applicant=user) | Q(application__operator=user)
                    | Q(application__office_id__in=offices), pk=upload_id).first())


def next_step_for(application: Application, *, language: str = "id",
                  fee_unpaid: bool = False) -> str:
    """What the applicant needs to do next, in words, for the dashboard and the application
    page. `fee_unpaid`: the service's fee bill is still open."""
    spec = application.definition.spec
    if application.is_draft:
        return _("Lanjutkan pengisian dan ajukan permohonan.")
    applicant_actions = [a for a in spec.workflow.actions_from(application.state)
                         if APPLICANT in a.roles]
    if any(a.to != application.state and a.to == spec.workflow.initial
           for a in applicant_actions):
        return _("Perbaiki berkas yang diminta petugas, lalu ajukan ulang.")
    if not application.is_open:
        return _("Selesai. Tidak ada yang perlu Anda lakukan.")
    if fee_unpaid:
        return _("Bayar retribusi layanan ini. Dokumen diterbitkan setelah tagihannya lunas.")
    return _("Menunggu diproses petugas. Tidak ada yang perlu Anda lakukan.")


def definition_of(application: Application) -> ServiceDefinition:
    return application.definition


def spec_context(application: Application) -> dict[str, Any]:
    spec = application.definition.spec
    return {"spec": spec, "state_label": spec.workflow.label(application.state)}


def citizen_user(pk: Any) -> User | None:
    """A confirmed citizen's user, by id (the citizen an operator is serving), or None."""
    if not pk:
        return None
    return User.objects.filter(pk=pk, citizen__verified_at__isnull=False).first()


def dashboard_cases() -> Iterator[CaseRecord]:
    """Every submitted application as its case_opened/case_closed events told the public
    dashboard, read back from the table to rebuild the dashboard's aggregates."""
    from balai.applications.actions import application_outcome

    calendar = working_calendar()
    outcomes: dict[tuple[int, str], str] = {}
    rows = (Application.objects.filter(submitted_at__isnull=False)
            .values_list("office_id", "definition__service__code", "definition_id",
                         "submitted_at", "closed_at", "due_date", "state", "is_open")
            .order_by("id").iterator(chunk_size=5000))
    for office_id, code, definition_id, submitted_at, closed_at, due_date, state, is_open in rows:
        if is_open or closed_at is None:
            yield CaseRecord(office_id=office_id, topic=code, opened_at=submitted_at)
            continue
        outcome = outcomes.get((definition_id, state))
        if outcome is None:
            spec = ServiceDefinition.objects.get(pk=definition_id).spec
            outcome = outcomes[(definition_id, state)] = application_outcome(spec, state)
        closed_day = timezone.localdate(closed_at)
        yield CaseRecord(
            office_id=office_id, topic=code, opened_at=submitted_at, closed_at=closed_at,
            outcome=outcome, on_time=due_date is not None and closed_day <= due_date,
            working_days=max(0, calendar.working_days_between(
                timezone.localdate(submitted_at), closed_day)))
