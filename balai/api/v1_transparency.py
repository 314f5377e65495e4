"""The public dashboard's figures: /api/v1/dashboard. Calls balai.transparency.queries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from balai.accounts.models import Office
from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.transparency import queries

router = Router(tags=["transparansi"], auth=OPTIONAL)


class IkmOut(Schema):
    respondents: int
    index: float
    converted: float
    grade: str
    performance: str


class RowOut(Schema):
    office: str
    topic: str
    label: str
    received: int
    closed: int
    completed: int
    on_time_rate: float | None
    median_working_days: int | None
    p90_working_days: int | None
    ikm: IkmOut | None
    recommended_sample: int


class MonthOut(Schema):
    month: str
    applications_received: int
    applications_completed: int
    complaints_received: int
    payments: int
    amount: int


class DashboardOut(Schema):
    year: int
    office: str | None
    services: list[RowOut]
    complaints: list[RowOut]
    information_requests: list[RowOut]
    months: list[MonthOut]


class DashboardFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    office: str = ""


def _row(row: queries.ServiceRow, offices: dict[int, str]) -> dict[str, Any]:
    ikm = row.ikm
    return {"office": offices.get(row.office_id, ""), "topic": row.topic, "label": row.label,
            "received": row.received, "closed": row.closed, "completed": row.completed,
            "on_time_rate": float(row.on_time_rate) if row.on_time_rate is not None else None,
            "median_working_days": row.median_days, "p90_working_days": row.p90_days,
            "ikm": None if ikm is None else {
                "respondents": ikm.respondents, "index": float(ikm.index),
                "converted": float(ikm.converted), "grade": ikm.grade,
                "performance": ikm.performance},
            "recommended_sample": row.sample}


@router.get("/dashboard", response={200: DashboardOut, **errors(422)},
            summary="Public dashboard figures", openapi_extra=OPTIONAL_OPENAPI,
            description="Per service and office: received, completed, median and 90th "
                        "percentile working days, on-time rate, IKM and grade; complaints; "
                        "payments per month. Aggregates only, never personal data. Added in v1.")
def dashboard(request: HttpRequest, filters: Query[DashboardFilters]) -> dict[str, Any]:
    office = None
    if filters.office:
        office = Office.objects.filter(code=filters.office).first()
        if office is None:
            raise FieldErrors({"office": ["Kantor tidak dikenal."]})
    year = filters.year or timezone.localdate().year
    board = queries.dashboard(year=year, office=office)
    codes = dict(Office.objects.values_list("id", "code"))
    return {"year": board.year, "office": office.code if office else None,
            "services": [_row(r, codes) for r in board.services],
            "complaints": [_row(r, codes) for r in board.complaints],
            "information_requests": [_row(r, codes) for r in board.information],
            "months": [{"month": m.month.strftime("%Y-%m"), "applications_received": m.received,
                        "applications_completed": m.completed,
                        "complaints_received": m.complaints, "payments": m.payments,
                        "amount": m.amount} for m in board.months]}
