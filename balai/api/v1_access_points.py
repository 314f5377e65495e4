"""Public internet access points and mobile coverage: /api/v1/access-points and
/api/v1/coverage, read-only. Calls balai.access_points' queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from balai.access_points import queries
from balai.access_points.models import AccessPoint, CoverageObservation, Kind, Signal, Status
from balai.access_points.models import Technology as Tech
from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate

router = Router(tags=["akses internet"], auth=OPTIONAL)

KIND_CODES = "|".join(Kind.values)
STATUS_CODES = "|".join(Status.values)
TECH_CODES = "|".join(Tech.values)


class AccessPointOut(Schema):
    id: int
    name: str
    kind: str = Field(description=f"One of {', '.join(Kind.values)}.")
    desa_code: str
    desa: str
    kecamatan_code: str
    kecamatan: str
    latitude: Decimal
    longitude: Decimal
    opening_hours: str
    bandwidth_mbps: int
    provider: str
    status: str = Field(description=f"One of {', '.join(Status.values)}.")
    last_seen_alive: dt.date | None
    is_demo: bool


class AccessPointListOut(Schema):
    items: list[AccessPointOut]
    page: PageOut


class AccessPointFilters(Schema):
    kecamatan: str = Field("", max_length=13, description="Kemendagri code, e.g. 61.12.05.")
    kind: str = Field("", pattern=f"^({KIND_CODES})?$")
    status: str = Field("", pattern=f"^({STATUS_CODES})?$")
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class CoverageOut(Schema):
    desa_code: str
    desa: str
    kecamatan_code: str
    kecamatan: str
    dusun: str
    operator: str
    operator_name: str
    technology: str = Field(description=f"One of {', '.join(Tech.values)}.")
    signal: str = Field(description=f"One of {', '.join(Signal.values)}.")
    source: str
    source_note: str
    observed_on: dt.date
    is_demo: bool


class CoverageListOut(Schema):
    items: list[CoverageOut]
    page: PageOut


class CoverageFilters(Schema):
    kecamatan: str = Field("", max_length=13)
    desa: str = Field("", max_length=13)
    operator: str = Field("", max_length=30)
    technology: str = Field("", pattern=f"^({TECH_CODES})?$")
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _check_per_page(per_page: int) -> None:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})


def _point(p: AccessPoint) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name, "kind": p.kind, "desa_code": p.desa_id,
            "desa": p.desa.name, "kecamatan_code": p.desa.parent_id,
            "kecamatan": p.desa.parent.name, "latitude": p.latitude, "longitude": p.longitude,
            "opening_hours": p.opening_hours, "bandwidth_mbps": p.bandwidth_mbps,
            "provider": p.provider, "status": p.status, "last_seen_alive": p.last_seen_alive,
            "is_demo": p.is_demo}


def _coverage(o: CoverageObservation) -> dict[str, Any]:
    return {"desa_code": o.desa_id, "desa": o.desa.name, "kecamatan_code": o.desa.parent_id,
            "kecamatan": o.desa.parent.name, "dusun": o.dusun, "operator": o.operator.code,
            "operator_name": o.operator.name, "technology": o.technology, "signal": o.signal,
            "source": o.source, "source_note": o.source_note, "observed_on": o.observed_on,
            "is_demo": o.is_demo}


@router.get("/access-points", response={200: AccessPointListOut, **errors(422)},
            summary="List public internet access points", openapi_extra=OPTIONAL_OPENAPI,
            description="Free public internet access points (kantor desa and kecamatan, the "
                        "service mall, schools, libraries, puskesmas) with their status, by "
                        "name. Added in v1.")
def access_point_list(request: HttpRequest,
                      filters: Query[AccessPointFilters]) -> dict[str, Any]:
    _check_per_page(filters.per_page)
    rows, page = paginate(queries.public_points(queries.PointFilters(
        kecamatan=filters.kecamatan, kind=filters.kind, status=filters.status)),
        page=filters.page, per_page=filters.per_page)
    return {"items": [_point(p) for p in rows], "page": page}


@router.get("/coverage", response={200: CoverageListOut, **errors(422)},
            summary="Current mobile coverage per desa", openapi_extra=OPTIONAL_OPENAPI,
            description="The current signal (the latest observation) of every desa, operator "
                        "and technology, with its source. Added in v1.")
def coverage_list(request: HttpRequest, filters: Query[CoverageFilters]) -> dict[str, Any]:
    _check_per_page(filters.per_page)
    rows, page = paginate(queries.filtered_current_coverage(queries.CoverageFilters(
        kecamatan=filters.kecamatan, desa=filters.desa, operator=filters.operator,
        technology=filters.technology)), page=filters.page, per_page=filters.per_page)
    return {"items": [_coverage(o) for o in rows], "page": page}
