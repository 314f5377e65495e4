"""The health queue: /api/v1/health/facilities (facilities with their polyclinics) and
/api/v1/health/facilities/{code}/queue (today's board), read-only and public. Calls
balai.health queries; no patient data is ever in them."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema

from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE
from balai.health import queries
from balai.health.models import Facility

router = Router(tags=["antrean kesehatan"], auth=OPTIONAL)


class PagerOut(Schema):
    number: int
    per_page: int
    has_next: bool
    has_previous: bool


class PolyclinicOut(Schema):
    code: str
    name: str
    service_minutes: int
    walk_in_percent: int


class FacilityOut(Schema):
    code: str
    name: str
    kind: Literal["puskesmas", "pustu", "rsud"]
    kecamatan_code: str
    kecamatan: str
    address: str
    polyclinics: list[PolyclinicOut]
    url: str


class FacilityListOut(Schema):
    items: list[FacilityOut]
    page: PagerOut


class FacilityFilters(Schema):
    kecamatan: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class BoardPolyclinicOut(Schema):
    code: str
    name: str
    called: str | None
    waiting: list[str]
    waiting_count: int


class BoardOut(Schema):
    updated: str
    polyclinics: list[BoardPolyclinicOut]


def _facility(facility: Facility) -> dict[str, Any]:
    return {"code": facility.code, "name": facility.name, "kind": facility.kind,
            "kecamatan_code": facility.kecamatan_id, "kecamatan": facility.kecamatan.name,
            "address": facility.address,
            "polyclinics": [{"code": p.code, "name": p.name,
                             "service_minutes": p.service_minutes,
                             "walk_in_percent": p.walk_in_percent}
                            for p in facility.polyclinics.all()],
            "url": settings.BALAI_PUBLIC_URL + reverse("health:facility", args=[facility.code])}


@router.get("/health/facilities", response={200: FacilityListOut, **errors(401, 422)},
            url_name="health_facility_list", summary="Health facilities",
            openapi_extra=OPTIONAL_OPENAPI,
            description="Puskesmas, puskesmas pembantu and RSUD, by kecamatan, with the "
                        "polyclinics whose queue numbers can be taken (their codes are the "
                        "ones of the ANTRI SMS command). Added in v1.")
def facility_list(request: HttpRequest, filters: Query[FacilityFilters]) -> dict[str, Any]:
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    page = max(filters.page, 1)
    qs = queries.facilities(kecamatan=filters.kecamatan).prefetch_related(
        queries.active_polyclinics())
    rows = list(qs[(page - 1) * filters.per_page:page * filters.per_page + 1])
    return {"items": [_facility(f) for f in rows[:filters.per_page]],
            "page": {"number": page, "per_page": filters.per_page,
                     "has_next": len(rows) > filters.per_page, "has_previous": page > 1}}


@router.get("/health/facilities/{code}/queue", response={200: BoardOut, **errors(401, 404)},
            url_name="health_facility_queue", summary="A facility's queue today",
            openapi_extra=OPTIONAL_OPENAPI,
            description="Today's queue board of a facility: per polyclinic, the number being "
                        "served and the numbers waiting next (numbers only); 404 "
                        "NOT_FOUND for an unknown code. Added in v1.")
def facility_queue(request: HttpRequest, code: str) -> dict[str, Any]:
    facility = queries.get_facility(code)
    if facility is None:
        raise Http404
    return queries.board_json(queries.board(facility, timezone.localdate()), now=timezone.now())
