"""Reads of the public dashboard and the surveys. The dashboard reads only the aggregates (a
handful of rows per office, topic and month), never the cases themselves: its cost does not
grow with the number of applications."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from balai.accounts.models import Office
from balai.transparency.ikm import Ikm, compute_ikm, recommended_sample
from balai.transparency.models import (
    CaseCounter,
    DurationBucket,
    PaymentCounter,
    Survey,
    SurveyCounter,
)

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def percentile(histogram: dict[int, int], q: float) -> int | None:
    """The nearest-rank q-th percentile (0 < q ≤ 1) of a histogram {value: count}."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(q * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


@dataclass
class ServiceRow:
    office_id: int
    office: str
    kind: str
    topic: str
    label: str
    received: int = 0
    closed: int = 0
    completed: int = 0
    on_time: int = 0
    median_days: int | None = None
    p90_days: int | None = None
    ikm: Ikm | None = None
    sample: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(self.on_time * 100) / Decimal(self.closed)).quantize(Decimal("0.1"))


@dataclass
class MonthRow:
    month: dt.date
    label: str
    received: int = 0
    completed: int = 0
    complaints: int = 0
    payments: int = 0
    amount: int = 0


@dataclass
class Dashboard:
    year: int
    office: Office | None
    services: list[ServiceRow] = field(default_factory=list)
    complaints: list[ServiceRow] = field(default_factory=list)
    information: list[ServiceRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    checkpoint: Any = None
    verification: Any = None
    ledger_available: bool = False
    literacy: Any = None

    @property
    def totals(self) -> dict[str, int]:
        return {"received": sum(r.received for r in self.services),
                "completed": sum(r.completed for r in self.services),
                "amount": sum(m.amount for m in self.months)}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 1)


def available_years() -> list[int]:
    this_year = timezone.localdate().year
    first = CaseCounter.objects.order_by("month").values_list("month", flat=True).first()
    start = first.year if first else this_year
    return list(range(this_year, min(start, this_year) - 1, -1))


def dashboard(*, year: int, office: Office | None = None) -> Dashboard:
    """The dashboard of one year (and optionally one office), from the aggregates (8 queries,
    plus the ledger's own)."""
    first, last = year_bounds(year)
    scope: dict[str, Any] = {"month__gte": first, "month__lte": last}
    if office is not None:
        scope["office"] = office
    rows: dict[tuple[int, str, str], ServiceRow] = {}
    office_names = {pk: short or name
                    for pk, short, name in Office.objects.values_list("id", "short_name", "name")}

    def row(office_id: int, kind: str, topic: str) -> ServiceRow:
        key = (office_id, kind, topic)
        if key not in rows:
            rows[key] = ServiceRow(office_id=office_id,
                                   office=office_names.get(office_id, ""),
                                   kind=kind, topic=topic, label=topic)
        return rows[key]

    for item in (CaseCounter.objects.filter(**scope).values("office_id", "kind", "topic")
                 .annotate(o=Sum("opened"), c=Sum("closed"), d=Sum("completed"),
                           t=Sum("on_time")).order_by()):
        r = row(item["office_id"], item["kind"], item["topic"])
        r.received, r.closed, r.completed, r.on_time = item["o"], item["c"], item["d"], item["t"]
    histograms: dict[tuple[int, str, str], dict[int, int]] = defaultdict(dict)
    bucket_scope: dict[str, Any] = {"year": year}
    if office is not None:
        bucket_scope["office"] = office
    for item in (DurationBucket.objects.filter(**bucket_scope)
                 .values("office_id", "kind", "topic", "days").annotate(n=Sum("count"))
                 .order_by()):
        histograms[(item["office_id"], item["kind"], item["topic"])][item["days"]] = item["n"]
    for key, histogram in histograms.items():
        r = row(*key)
        r.median_days = percentile(histogram, 0.5)
        r.p90_days = percentile(histogram, 0.9)
    for item in (SurveyCounter.objects.filter(**scope).values("office_id", "topic")
                 .annotate(n=Sum("respondents"), **{f"s{i}": Sum(f"s{i}") for i in range(1, 10)})
                 .order_by()):
        # Complaints are surveyed under their category, applications under their service.
        key = next(((item["office_id"], kind, item["topic"]) for kind in ("application",
                                                                          "complaint")
                    if (item["office_id"], kind, item["topic"]) in rows),
                   (item["office_id"], "application", item["topic"]))
        r = row(*key)
        r.ikm = compute_ikm(respondents=item["n"], sums=[item[f"s{i}"] for i in range(1, 10)])
    labels = _topic_labels({r.topic for r in rows.values() if r.kind == "application"})
    for r in rows.values():
        r.label = labels.get(r.topic, r.topic)
        r.sample = recommended_sample(r.closed)
    board = Dashboard(year=year, office=office)
    ordered = sorted(rows.values(), key=lambda r: (r.office, r.label))
    board.services = [r for r in ordered if r.kind == "application"]
    board.complaints = [r for r in ordered if r.kind == "complaint"]
    board.information = [r for r in ordered if r.kind == "information_request"]
    board.months = _months(year, scope)
    board.literacy = _literacy(year, office)
    _ledger(board)
    return board


def _literacy(year: int, office: Office | None) -> Any:
    """Digital-literacy registrations and attendance per kecamatan, target group and pillar
    (one grouped query, in balai.literacy.queries). Read from the literacy tables rather than
    from counters: a year holds a few hundred sessions, grouped in the database to a few dozen
    rows, so the cost stays small and there is nothing to keep in step."""
    from balai.literacy.queries import statistics

    return statistics(year=year, office=office)


def _topic_labels(codes: set[str]) -> dict[str, str]:
    from balai.catalogue.models import Service

    return dict(Service.objects.filter(code__in=codes).values_list("code", "name"))


def _months(year: int, scope: dict[str, Any]) -> list[MonthRow]:
    months = [MonthRow(month=dt.date(year, m, 1), label=f"{MONTHS[m - 1]} {year}")
              for m in range(1, 13)]
    by_month = {m.month: m for m in months}
    for item in (CaseCounter.objects.filter(**scope).values("kind", "month")
                 .annotate(o=Sum("opened"), d=Sum("completed")).order_by()):
        month = by_month[item["month"]]
        if item["kind"] == "application":
            month.received += item["o"]
            month.completed += item["d"]
        elif item["kind"] == "complaint":
            month.complaints += item["o"]
    for item in (PaymentCounter.objects.filter(**scope).values("month")
                 .annotate(n=Sum("payments"), a=Sum("amount")).order_by()):
        month = by_month[item["month"]]
        month.payments, month.amount = item["n"], item["a"]
    return months


def _ledger(board: Dashboard) -> None:
    from balai.ledger import queries as ledger_queries

    # Provided by the ledger app (checkpoints and verification runs); shown when present.
    if hasattr(ledger_queries, "latest_checkpoint") and hasattr(ledger_queries,
                                                                "last_verification"):
        board.ledger_available = True
        board.checkpoint = ledger_queries.latest_checkpoint()
        board.verification = ledger_queries.last_verification()


def surveys_for_user(user: Any) -> QuerySet[Survey]:
    return (Survey.objects.filter(user=user).select_related("office")
            .order_by("-invited_at", "-id"))
