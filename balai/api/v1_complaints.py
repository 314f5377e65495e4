"""Complaints: /api/v1/complaints. Calls balai.complaints actions and queries.

The public endpoints never show the reporter; an anonymous complaint has none to show even to
its handling officers. Photos are sent through the website or Open311 (/open311/v2/).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from balai.accounts.models import Office
from balai.accounts.queries import is_verified_citizen
from balai.api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI, caller_user, require_write
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE
from balai.complaints import actions, queries
from balai.complaints.access import complaint_for_officer, complaint_for_public
from balai.complaints.access import complaint_for_reporter as _for_reporter
from balai.complaints.models import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    Complaint,
    ComplaintCategory,
    ComplaintUpdate,
)
from balai.complaints.models import (
    Status as ComplaintStatus,
)
from balai.core.errors import PermissionDeniedError
from balai.regions.queries import get_village

router = Router(tags=["pengaduan"], auth=OPTIONAL)


class CategoryOut(Schema):
    code: str
    name: str
    description: str
    office: str
    resolution_working_days: int


class UpdateOut(Schema):
    kind: str
    label: str
    note: str
    office: str | None
    official_answer: bool
    at: dt.datetime


class ComplaintOut(Schema):
    number: str
    category: str
    category_name: str
    office: str
    status: str
    status_label: str
    description: str
    kecamatan: str | None
    village: str | None
    created_at: dt.datetime
    due_date: dt.date | None
    resolution_due: dt.date | None
    merged_into: str | None
    updates: list[UpdateOut]


class ComplaintSummaryOut(Schema):
    number: str
    category: str
    status: str
    status_label: str
    kecamatan: str | None
    created_at: dt.datetime


class PagerOut(Schema):
    number: int
    per_page: int
    has_next: bool
    has_previous: bool


class ComplaintListOut(Schema):
    items: list[ComplaintSummaryOut]
    page: PagerOut


class ComplaintFilters(Schema):
    category: str = ""
    kecamatan: str = Field("", description="Kemendagri code of a kecamatan, e.g. 61.12.01.")
    status: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


class ComplaintCreateIn(Schema):
    category: str = Field(max_length=40)
    description: str = Field(min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX)
    village: str = Field("", max_length=13, description="Kemendagri code of a desa/kelurahan.")
    location_note: str = Field("", max_length=200)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    anonymous: bool = False
    confidential: bool = False


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class RateIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=500)


class OfficerActionIn(Schema):
    note: str = Field("", max_length=4000, description="The reason, answer or closing note.")
    internal_note: str = Field("", max_length=4000)
    office: str = Field("", max_length=40, description="For `forward`: the office code.")
    into: str = Field("", max_length=20, description="For `merge`: the main complaint.")


def _summary(c: Complaint) -> dict[str, Any]:
    return {"number": c.number, "category": c.category.code, "status": c.status,
            "status_label": c.get_status_display(),
            "kecamatan": c.kecamatan.name if c.kecamatan_id else None,  # type: ignore[union-attr]
            "created_at": c.created_at}


def _detail(c: Complaint, *, internal: bool) -> dict[str, Any]:
    updates = queries.timeline(c, public_only=not internal)
    return {
        **_summary(c), "category_name": c.category.name, "office": c.office.name,
        "description": c.description,
        "village": c.village.name if c.village_id else None,  # type: ignore[union-attr]
        "due_date": c.due_date, "resolution_due": c.resolution_due,
        "merged_into": c.merged_into.number if c.merged_into_id else None,  # type: ignore[union-attr]
        "updates": [{"kind": u.kind, "label": u.get_kind_display(), "note": u.note,
                     "office": u.office.name if u.office_id else None,  # type: ignore[union-attr]
                     "official_answer": u.kind == ComplaintUpdate.Kind.RESPONSE,
                     "at": u.created_at} for u in updates],
    }


def _page(qs: Any, page: int, per_page: int) -> dict[str, Any]:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    page = max(page, 1)
    start = (page - 1) * per_page
    rows = list(qs[start:start + per_page + 1])
    return {"items": [_summary(c) for c in rows[:per_page]],
            "page": {"number": page, "per_page": per_page, "has_next": len(rows) > per_page,
                     "has_previous": page > 1}}


@router.get("/complaints/categories", response={200: list[CategoryOut], **errors(401)},
            summary="Complaint categories", openapi_extra=OPTIONAL_OPENAPI,
            url_name="complaint_categories",
            description="The categories a complaint can be filed under, with the office each "
                        "routes to. Added in v1.")
def category_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"code": c.code, "name": c.name, "description": c.description,
             "office": c.office.name, "resolution_working_days": c.resolution_days}
            for c in queries.active_categories().order_by("name")]


@router.get("/complaints", response={200: ComplaintListOut, **errors(401, 422)},
            summary="Public complaints", openapi_extra=OPTIONAL_OPENAPI,
            url_name="complaint_list",
            description="Complaints that are not confidential, newest first, optionally of one "
                        "category, kecamatan or status. No totals: follow `has_next`. "
                        "Added in v1.")
def complaint_list(request: HttpRequest, filters: Query[ComplaintFilters]) -> dict[str, Any]:
    if filters.status and filters.status not in ComplaintStatus.values:
        raise FieldErrors({"status": [f"Pilihan: {', '.join(ComplaintStatus.values)}."]})
    qs = queries.public_complaints(queries.PublicFilters(
        category=filters.category, kecamatan=filters.kecamatan, status=filters.status))
    return _page(qs, filters.page, filters.per_page)


@router.get("/complaints/mine", response={200: ComplaintListOut, **errors(401, 422)},
            auth=AUTHENTICATED, summary="My complaints", url_name="complaint_mine",
            description="The caller's own complaints, anonymous ones included. Added in v1.")
def complaint_mine(request: HttpRequest, page: int = 1,
                   per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    return _page(queries.complaints_of_reporter(caller_user(request)), page, per_page)


@router.get("/complaints/queue", response={200: ComplaintListOut, **errors(401, 403, 422)},
            auth=AUTHENTICATED, summary="Complaints of my offices", tags=["petugas"],
            url_name="complaint_queue",
            description="Open complaints of the offices where the caller handles complaints, by "
                        "stage deadline. Added in v1.")
def complaint_queue(request: HttpRequest, page: int = 1,
                    per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    office_ids = queries.officer_office_ids(caller_user(request))
    if not office_ids:
        raise PermissionDeniedError()
    return _page(queries.office_queue(office_ids=office_ids), page, per_page)


@router.post("/complaints", response={201: ComplaintOut, **errors(401, 403, 422)},
             auth=AUTHENTICATED, summary="File a complaint", url_name="complaint_create",
             description="File a complaint as the caller (a confirmed citizen). `anonymous`: "
                         "no one, officers included, sees who reported; `confidential`: not "
                         "public. Needs the write scope. Added in v1.")
def complaint_create(request: HttpRequest, payload: ComplaintCreateIn) -> Status[dict[str, Any]]:
    user = require_write(request)
    if not is_verified_citizen(user):
        raise PermissionDeniedError(_("Hanya warga yang akunnya sudah dikonfirmasi yang dapat "
                                      "menyampaikan pengaduan."))
    category = ComplaintCategory.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise FieldErrors({"category": [_("Kategori tidak dikenal.")]})
    village = None
    if payload.village:
        village = get_village(payload.village)
        if village is None:
            raise FieldErrors({"village": [_("Bukan desa/kelurahan di kabupaten ini.")]})
    if (payload.latitude is None) != (payload.longitude is None):
        raise FieldErrors({"latitude": [_("Isi lintang dan bujur bersama-sama.")]})
    complaint = actions.file_complaint(
        actor=user, category=category, description=payload.description, village=village,
        location_note=payload.location_note, latitude=payload.latitude,
        longitude=payload.longitude, anonymous=payload.anonymous,
        confidential=payload.confidential, channel="api")
    return Status(201, _detail(complaint, internal=False))


@router.get("/complaints/{number}", response={200: ComplaintOut, **errors(401, 404)},
            summary="One complaint", openapi_extra=OPTIONAL_OPENAPI, url_name="complaint_detail",
            description="A complaint with its status and official answers. A confidential one "
                        "is found only by its reporter and its handling officers, who also see "
                        "internal notes. Added in v1.")
def complaint_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    user = request.auth.user  # type: ignore[attr-defined]
    if user is not None:
        try:
            return _detail(complaint_for_officer(user, number), internal=True)
        except Http404:
            pass
        try:
            return _detail(_for_reporter(user, number), internal=False)
        except Http404:
            pass
    return _detail(complaint_for_public(number), internal=False)


@router.post("/complaints/{number}/confirm", response={200: ComplaintOut, **errors(401, 403, 404)},
             auth=AUTHENTICATED, summary="Confirm a closed complaint",
             url_name="complaint_confirm",
             description="The reporter agrees the problem is resolved. Added in v1.")
def complaint_confirm(request: HttpRequest, number: str) -> dict[str, Any]:
    user = require_write(request)
    complaint = actions.confirm_complaint(actor=user, complaint=_for_reporter(user, number))
    return _detail(complaint, internal=False)


@router.post("/complaints/{number}/reopen", response={200: ComplaintOut,
                                                                   **errors(401, 403, 404, 422)},
             auth=AUTHENTICATED, summary="Reopen a closed complaint",
             url_name="complaint_reopen",
             description="The reporter says the problem is not resolved. Added in v1.")
def complaint_reopen(request: HttpRequest, number: str, payload: ReasonIn) -> dict[str, Any]:
    user = require_write(request)
    complaint = actions.reopen_complaint(actor=user, complaint=_for_reporter(user, number),
                                         reason=payload.reason)
    return _detail(complaint, internal=False)


@router.post("/complaints/{number}/rating", response={200: ComplaintOut,
                                                                   **errors(401, 403, 404, 422)},
             auth=AUTHENTICATED, summary="Rate the handling", url_name="complaint_rate",
             description="The reporter rates the handling from 1 to 5, once. Added in v1.")
def complaint_rate(request: HttpRequest, number: str, payload: RateIn) -> dict[str, Any]:
    user = require_write(request)
    complaint = actions.rate_complaint(actor=user, complaint=_for_reporter(user, number),
                                       rating=payload.rating, comment=payload.comment)
    return _detail(complaint, internal=False)


@router.post("/complaints/{number}/actions/{action}",
             response={200: ComplaintOut, **errors(401, 403, 404, 422)}, auth=AUTHENTICATED,
             summary="Handle a complaint", tags=["petugas"], url_name="complaint_action",
             description="An officer of the handling office verifies, forwards (to `office`), "
                         "rejects (with `note` as the reason), merges (`into`), responds "
                         "(`note` public, `internal_note`) or closes. Added in v1.")
def complaint_action(request: HttpRequest, number: str,
                     action: Literal["verify", "forward", "reject", "merge", "respond", "close"],
                     payload: OfficerActionIn) -> dict[str, Any]:
    user = require_write(request)
    complaint = complaint_for_officer(user, number)
    if action == "verify":
        complaint = actions.verify_complaint(actor=user, complaint=complaint, note=payload.note)
    elif action == "forward":
        office = Office.objects.filter(code=payload.office, is_active=True).first()
        if office is None:
            raise FieldErrors({"office": [_("Kantor tidak dikenal.")]})
        complaint = actions.forward_complaint(actor=user, complaint=complaint, office=office,
                                              note=payload.note)
    elif action == "reject":
        complaint = actions.reject_complaint(actor=user, complaint=complaint,
                                             reason=payload.note)
    elif action == "merge":
        into = queries.merge_target(number=payload.into, office_id=complaint.office_id)
        if into is None:
            raise FieldErrors({"into": [_("Pengaduan utama tidak ditemukan di kantor Anda.")]})
        complaint = actions.merge_complaint(actor=user, complaint=complaint, into=into,
                                            note=payload.note)
    elif action == "respond":
        complaint = actions.respond_to_complaint(actor=user, complaint=complaint,
                                                 public_note=payload.note,
                                                 internal_note=payload.internal_note)
    else:
        complaint = actions.close_complaint(actor=user, complaint=complaint, note=payload.note)
    return _detail(complaint, internal=True)
