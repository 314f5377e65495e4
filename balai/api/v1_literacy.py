"""Digital literacy: /api/v1/literacy/sessions, the upcoming sessions (read-only). Calls
balai.literacy queries; the online link is only on a registered participant's ticket."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from balai.api.auth import OPTIONAL, OPTIONAL_OPENAPI
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE
from balai.literacy import queries
from balai.literacy.models import Session

router = Router(tags=["literasi digital"], auth=OPTIONAL)

PillarCode = Literal["cakap", "etika", "aman", "budaya"]
TargetCode = Literal["pelajar", "pemuda", "umkm", "perempuan", "lansia", "disabilitas", "asn"]


class PagerOut(Schema):
    number: int
    per_page: int
    has_next: bool
    has_previous: bool


class PlaceOut(Schema):
    kecamatan_code: str | None
    kecamatan: str | None
    village: str | None
    address: str
    online: bool


class SessionOut(Schema):
    id: int
    programme: str
    kind: str
    pillar: str
    pillar_label: str
    office: str
    place: PlaceOut
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    seats_taken: int
    waitlist: int
    target_groups: list[str]
    url: str


class SessionListOut(Schema):
    items: list[SessionOut]
    page: PagerOut


class SessionFilters(Schema):
    kecamatan: str = ""
    pillar: PillarCode | Literal[""] = ""
    target_group: TargetCode | Literal[""] = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _session(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk, "programme": session.programme.title,
        "kind": session.programme.kind, "pillar": session.programme.pillar,
        "pillar_label": session.programme.get_pillar_display(),
        "office": session.programme.office.name,
        "place": {"kecamatan_code": session.kecamatan_id,
                  "kecamatan": session.kecamatan.name if session.kecamatan else None,
                  "village": session.village.name if session.village else None,
                  "address": session.address, "online": bool(session.online_url)},
        "starts_at": session.starts_at, "ends_at": session.ends_at,
        "capacity": session.capacity, "seats_taken": session.confirmed_count,  # type: ignore[attr-defined]
        "waitlist": session.waitlist_count,  # type: ignore[attr-defined]
        "target_groups": session.target_group_codes,
        "url": settings.BALAI_PUBLIC_URL + reverse("literacy:session", args=[session.pk]),
    }


@router.get("/literacy/sessions", response={200: SessionListOut, **errors(401, 422)},
            url_name="literacy_session_list", summary="Digital-literacy sessions",
            openapi_extra=OPTIONAL_OPENAPI,
            description="Upcoming digital-literacy sessions, soonest first, by kecamatan, "
                        "pillar or target group, with their seats taken and waitlist. "
                        "Added in v1.")
def session_list(request: HttpRequest, filters: Query[SessionFilters]) -> dict[str, Any]:
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    page = max(filters.page, 1)
    qs = queries.upcoming_sessions(queries.SessionFilters(
        kecamatan=filters.kecamatan, pillar=filters.pillar,
        target_group=filters.target_group))
    rows = list(qs[(page - 1) * filters.per_page:page * filters.per_page + 1])
    return {"items": [_session(s) for s in rows[:filters.per_page]],
            "page": {"number": page, "per_page": filters.per_page,
                     "has_next": len(rows) > filters.per_page, "has_previous": page > 1}}
