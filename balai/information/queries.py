"""Reads of the public-information domain: the public catalogue and its search, the PPID's
queues, the requester's list, deadlines, and the annual PPID report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from balai.accounts.models import Citizen, Office, OfficeRole, Role, User
from balai.catalogue.search import words
from balai.core.events import CaseRecord
from balai.information import search
from balai.information.models import (
    Category,
    InformationFile,
    InformationItem,
    InformationRequest,
    Objection,
)

MAX_RESULTS = 50


def holds_role(user: User, *, office_id: int, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return OfficeRole.objects.filter(user=user, office_id=office_id, role=role).exists()


def offices_with_role(user: User, role: Role) -> QuerySet[Office]:
    return Office.objects.filter(roles__user=user, roles__role=role).distinct()


def role_holders(*, office_id: int, role: Role) -> QuerySet[User]:
    return User.objects.filter(office_roles__office_id=office_id, office_roles__role=role,
                               is_active=True).distinct()


def account_identity(user: User) -> dict[str, str]:
    citizen = Citizen.objects.filter(user=user).first()
    return {"name": user.full_name, "nik": citizen.nik if citizen else "",
            "address": citizen.address if citizen else "",
            "phone": citizen.phone if citizen else "", "email": user.email or ""}


# --- the public catalogue -----------------------------------------------------------------

def public_items() -> QuerySet[InformationItem]:
    return (InformationItem.objects.filter(is_published=True).select_related("office")
            .prefetch_related(Prefetch("files", queryset=InformationFile.objects.order_by("id"))))


def catalogue(*, query: str = "", category: str = "", office: Office | None = None,
              ) -> QuerySet[InformationItem] | list[InformationItem]:
    """Published items, filtered; with a query, the matching ones best first (Indonesian
    stemming on both databases)."""
    items = public_items()
    if category:
        items = items.filter(category=category)
    if office is not None:
        items = items.filter(office=office)
    if not words(query):
        return items.order_by("-published_at", "-id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (SearchVector("title", config="indonesian", weight="A")
                  + SearchVector("summary", "search_text", config="indonesian", weight="B"))
        terms = SearchQuery(" ".join(words(query)), config="indonesian", search_type="plain")
        return (items.annotate(document=vector, rank=SearchRank(vector, terms))
                .filter(document=terms).order_by("-rank", "-id")[:MAX_RESULTS])
    ids = search.fts_matches(query, limit=MAX_RESULTS)
    found = items.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class InformationCatalogueSource:
    """The information catalogue as a source of the portal search."""

    key = "informasi"
    label = _("Informasi publik")

    def search(self, terms: list[str], *, limit: int) -> list[Any]:
        from balai.portal.queries import SearchResult

        results = catalogue(query=" ".join(terms))
        return [SearchResult(title=item.title,
                             url=reverse("information:item", args=[item.pk]),
                             summary=Truncator(item.summary).words(30))
                for item in list(results)[:limit]]


# --- requests -----------------------------------------------------------------------------

def _requests() -> QuerySet[InformationRequest]:
    return InformationRequest.objects.select_related("office", "objection")


def requests_of(user: User) -> QuerySet[InformationRequest]:
    return _requests().filter(requester=user).order_by("-received_at", "-id")


def ppid_queue(user: User, *, open_only: bool = True) -> QuerySet[InformationRequest]:
    offices = OfficeRole.objects.filter(user=user, role=Role.PPID).values("office_id")
    rows = _requests().filter(office_id__in=offices)
    if open_only:
        rows = rows.exclude(status=InformationRequest.Status.ANSWERED)
        return rows.order_by("due_date", "id")
    return rows.order_by("-received_at", "-id")


def objections_for_atasan(user: User) -> QuerySet[Objection]:
    offices = OfficeRole.objects.filter(user=user, role=Role.ATASAN_PPID).values("office_id")
    return (Objection.objects.filter(request__office_id__in=offices)
            .select_related("request", "request__office").order_by("decided_at", "due_date",
                                                                   "id"))


def due_for_reminder(*, today: dt.date, until: dt.date) -> QuerySet[InformationRequest]:
    return (InformationRequest.objects.exclude(status=InformationRequest.Status.ANSWERED)
            .filter(due_date__gte=today, due_date__lte=until, reminded_at__isnull=True)
            .order_by("id"))


def overdue_requests(*, today: dt.date) -> QuerySet[InformationRequest]:
    return (InformationRequest.objects.exclude(status=InformationRequest.Status.ANSWERED)
            .filter(due_date__lt=today, escalated_at__isnull=True).order_by("id"))


def overdue_objections(*, today: dt.date) -> QuerySet[Objection]:
    return (Objection.objects.filter(decided_at__isnull=True, due_date__lt=today,
                                     escalated_at__isnull=True)
            .select_related("request").order_by("id"))


# --- the annual PPID report ---------------------------------------------------------------

@dataclass
class AnnualReport:
    year: int
    office: Office | None
    total: int = 0
    open: int = 0
    extended: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    on_time: int = 0
    answered: int = 0
    average_days: Decimal | None = None
    refusal_reasons: list[tuple[str, int]] = field(default_factory=list)
    objections: int = 0
    objection_decisions: dict[str, int] = field(default_factory=dict)
    objections_open: int = 0
    disputes: int = 0
    items_by_category: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, Any]]:
        """The report as (label, value) lines: the page, the CSV and the PDF show these."""
        outcomes = InformationRequest.Outcome
        decisions = Objection.Decision
        lines: list[tuple[str, Any]] = [
            (str(_("Jumlah permohonan informasi")), self.total),
            (str(_("Masih diproses")), self.open),
            (str(_("Diperpanjang")), self.extended),
            (str(_("Dikabulkan seluruhnya")), self.by_outcome.get(outcomes.GRANTED, 0)),
            (str(_("Dikabulkan sebagian")), self.by_outcome.get(outcomes.PARTLY, 0)),
            (str(_("Ditolak")), self.by_outcome.get(outcomes.REFUSED, 0)),
            (str(_("Dijawab tepat waktu")), self.on_time),
            (str(_("Rata-rata waktu jawaban (hari kerja)")),
             self.average_days if self.average_days is not None else "-"),
        ]
        for reason, count in self.refusal_reasons:
            lines.append((str(_("Alasan penolakan: %(reason)s")) % {"reason": reason}, count))
        lines += [
            (str(_("Jumlah keberatan")), self.objections),
            (str(_("Keberatan diterima")), self.objection_decisions.get(decisions.UPHELD, 0)),
            (str(_("Keberatan ditolak")), self.objection_decisions.get(decisions.REJECTED, 0)),
            (str(_("Keberatan belum diputus")), self.objections_open),
            (str(_("Sengketa ke Komisi Informasi")), self.disputes),
        ]
        for category in Category:
            lines.append((str(_("Informasi %(category)s di daftar")) % {
                "category": category.label.lower()}, self.items_by_category.get(category, 0)))
        return lines


def annual_report(*, year: int, office: Office | None = None) -> AnnualReport:
    """The contents of the annual public-information service report (PERKI 1/2021; Ombudsman
    Perban 46/2020 Pasal 31 mirrors it): requests, outcomes, time, refusals, objections."""
    start = dt.date(year, 1, 1)
    end = dt.date(year + 1, 1, 1)
    requests = InformationRequest.objects.filter(received_at__date__gte=start,
                                                 received_at__date__lt=end)
    items = InformationItem.objects.filter(is_published=True)
    if office is not None:
        requests = requests.filter(office=office)
        items = items.filter(office=office)
    report = AnnualReport(year=year, office=office)
    totals = requests.aggregate(
        total=Count("id"),
        open=Count("id", filter=~Q(status=InformationRequest.Status.ANSWERED)),
        extended=Count("id", filter=Q(extended_at__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        on_time=Count("id", filter=Q(answered_at__isnull=False,
                                     answered_at__date__lte=models_due())),
        average=Avg("working_days"))
    report.total, report.open = totals["total"], totals["open"]
    report.extended, report.answered = totals["extended"], totals["answered"]
    report.on_time = totals["on_time"]
    if totals["average"] is not None:
        report.average_days = Decimal(str(totals["average"])).quantize(Decimal("0.1"))
    report.by_outcome = dict(requests.exclude(outcome="").values_list("outcome")
                             .annotate(n=Count("id")).order_by())
    reasons: Counter[str] = Counter(
        requests.filter(outcome__in=[InformationRequest.Outcome.REFUSED,
                                     InformationRequest.Outcome.PARTLY])
        .values_list("refusal_basis", flat=True))
    report.refusal_reasons = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    objections = Objection.objects.filter(request__in=requests)
    report.objections = objections.count()
    report.objection_decisions = dict(objections.exclude(decision="").values_list("decision")
                                      .annotate(n=Count("id")).order_by())
    report.objections_open = objections.filter(decided_at__isnull=True).count()
    report.disputes = objections.filter(reaction=Objection.Reaction.DISPUTE).count()
    report.items_by_category = dict(items.values_list("category").annotate(n=Count("id"))
                                    .order_by())
    return report


def models_due() -> Any:
    from django.db.models import F

    return F("due_date")


def dashboard_cases() -> Iterator[CaseRecord]:
    """Every information request as its events told the public dashboard, read back from the
    table to rebuild the dashboard's aggregates."""
    rows = (InformationRequest.objects.values_list("office_id", "received_at", "answered_at",
                                                   "outcome", "due_date", "working_days")
            .order_by("id").iterator(chunk_size=5000))
    for office_id, received_at, answered_at, outcome, due_date, working_days in rows:
        if answered_at is None:
            yield CaseRecord(office_id=office_id, topic="informasi", opened_at=received_at)
            continue
        yield CaseRecord(
            office_id=office_id, topic="informasi", opened_at=received_at,
            closed_at=answered_at, outcome=outcome,
            on_time=timezone.localdate(answered_at) <= due_date,
            working_days=working_days or 0)


def get_request_by_number(number: str) -> InformationRequest | None:
    """A request by its register number, whoever may see it (callers check that)."""
    return InformationRequest.objects.filter(number=number).first()
