"""Public information (UU KIP): /api/v1/information/items and /api/v1/information/requests.
Calls balai.information's actions and queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from balai.accounts.models import Office, Role
from balai.api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI, caller_user, require_write
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.information import actions, queries
from balai.information.models import Category, InformationItem, InformationRequest, Objection

router = Router(tags=["informasi publik"])


class FileOut(Schema):
    name: str
    size: int
    content_type: str
    url: str


class ItemOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    category_label: str
    office: str
    period: str
    published_at: dt.datetime
    legal_basis: str
    consequence_test: str
    files: list[FileOut]
    page_url: str


class ItemListOut(Schema):
    items: list[ItemOut]
    page: PageOut


class ItemFilters(Schema):
    q: str = Field("", max_length=100)
    category: str = ""
    office: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def _item(item: InformationItem) -> dict[str, Any]:
    # Exempt items list no files: they are never served (UU KIP Pasal 17).
    files = [] if item.is_exempt else [
        {"name": f.original_name, "size": f.size, "content_type": f.content_type,
         "url": reverse("information:item_file", args=[item.pk, f.pk])}
        for f in item.files.all()]
    return {"id": item.pk, "title": item.title, "summary": item.summary,
            "category": item.category, "category_label": item.get_category_display(),
            "office": item.office.code, "period": item.period,
            "published_at": item.published_at, "legal_basis": item.legal_basis,
            "consequence_test": item.consequence_test, "files": files,
            "page_url": reverse("information:item", args=[item.pk])}


@router.get("/information/items", response={200: ItemListOut, **errors(422)}, auth=OPTIONAL,
            summary="List public information", openapi_extra=OPTIONAL_OPENAPI,
            description="The list of public information (DIP), optionally of one UU KIP "
                        "category or office, or matching a search. Added in v1.")
def item_list(request: HttpRequest, filters: Query[ItemFilters]) -> dict[str, Any]:
    if filters.category and filters.category not in Category.values:
        raise FieldErrors({"category": [f"Kategori tidak dikenal. Pilihan: "
                                        f"{', '.join(Category.values)}."]})
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    office = None
    if filters.office:
        office = Office.objects.filter(code=filters.office).first()
        if office is None:
            raise FieldErrors({"office": ["Kantor tidak dikenal."]})
    rows, page = paginate(queries.catalogue(query=filters.q, category=filters.category,
                                            office=office),
                          page=filters.page, per_page=filters.per_page)
    return {"items": [_item(item) for item in rows], "page": page}


@router.get("/information/items/{item_id}", response={200: ItemOut, **errors(404)},
            auth=OPTIONAL, summary="One item of public information",
            openapi_extra=OPTIONAL_OPENAPI,
            description="One published item with its files (none for exempt items). Added in "
                        "v1.")
def item_detail(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = queries.public_items().filter(pk=item_id).first()
    if item is None:
        raise Http404
    return _item(item)


class RequestIn(Schema):
    office: str = Field(max_length=40, description="Code of the office asked.")
    information: str = Field(max_length=2000, description="The information requested.")
    purpose: str = Field(max_length=1000, description="What it will be used for (required by "
                                                      "UU 14/2008 Pasal 22).")
    format: InformationRequest.Format = InformationRequest.Format.SOFTCOPY
    delivery: InformationRequest.Delivery = InformationRequest.Delivery.ONLINE


class ObjectionOut(Schema):
    number: str
    ground: str
    filed_at: dt.datetime
    due_date: dt.date
    decision: str
    decided_at: dt.datetime | None
    decision_note: str
    dispute_deadline: dt.date | None


class RequestOut(Schema):
    number: str
    office: str
    status: str
    status_label: str
    received_at: dt.datetime
    due_date: dt.date
    extended: bool
    extension_reason: str
    outcome: str
    answer: str
    refusal_basis: str
    answered_at: dt.datetime | None
    files: list[FileOut]
    objection: ObjectionOut | None
    page_url: str


class RequestListOut(Schema):
    items: list[RequestOut]
    page: PageOut


class ObjectionIn(Schema):
    ground: Objection.Ground
    reason: str = Field(max_length=2000)


def _request(info: InformationRequest) -> dict[str, Any]:
    objection = getattr(info, "objection", None) if hasattr(info, "objection") else None
    return {
        "number": info.number, "office": info.office.code, "status": info.status,
        "status_label": info.get_status_display(), "received_at": info.received_at,
        "due_date": info.due_date, "extended": info.extended_at is not None,
        "extension_reason": info.extension_reason, "outcome": info.outcome,
        "answer": info.answer, "refusal_basis": info.refusal_basis,
        "answered_at": info.answered_at,
        "files": [{"name": f.original_name, "size": f.size, "content_type": f.content_type,
                   "url": reverse("information:request_file", args=[info.number, f.pk])}
                  for f in info.files.all()],
        "objection": None if objection is None else {
            "number": objection.number, "ground": objection.ground,
            "filed_at": objection.filed_at, "due_date": objection.due_date,
            "decision": objection.decision, "decided_at": objection.decided_at,
            "decision_note": objection.decision_note,
            "dispute_deadline": actions.dispute_deadline(objection)},
        "page_url": reverse("information:request_detail", args=[info.number]),
    }


def _mine(request: HttpRequest, number: str) -> InformationRequest:
    user = caller_user(request)
    info = (queries.requests_of(user).prefetch_related("files").filter(number=number).first())
    if info is None:
        raise Http404
    return info


@router.post("/information/requests", response={201: RequestOut, **errors(400, 401, 403, 422)},
             auth=AUTHENTICATED, summary="Request public information",
             description="Ask an office for information; the requester is identified by the "
                         "account. The PPID answers within 10 working days (extendable once by "
                         "7). Errors: INFORMATION_PURPOSE_REQUIRED. Added in v1.")
def request_create(request: HttpRequest, body: RequestIn) -> tuple[int, dict[str, Any]]:
    user = require_write(request)
    office = Office.objects.filter(code=body.office, is_active=True).first()
    if office is None:
        raise FieldErrors({"office": ["Kantor tidak dikenal."]})
    info, _code = actions.submit_request(actor=user, office=office,
                                         information=body.information, purpose=body.purpose,
                                         format=body.format, delivery=body.delivery)
    return Status(201, _request(_mine(request, info.number)))


@router.get("/information/requests", response={200: RequestListOut, **errors(401, 422)},
            auth=AUTHENTICATED, summary="My information requests",
            description="The caller's requests for information, newest first. Added in v1.")
def request_list(request: HttpRequest, page: int = 1,
                 per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    rows, meta = paginate(queries.requests_of(caller_user(request)).prefetch_related("files"),
                          page=page, per_page=per_page)
    return {"items": [_request(r) for r in rows], "page": meta}


@router.get("/information/requests/{number}", response={200: RequestOut, **errors(401, 404)},
            auth=AUTHENTICATED, summary="One of my information requests",
            description="Status, deadlines, answer, files and objection. Added in v1.")
def request_detail(request: HttpRequest, number: str) -> dict[str, Any]:
    return _request(_mine(request, number))


@router.post("/information/requests/{number}/objection",
             response={201: ObjectionOut, **errors(400, 401, 403, 404, 422)},
             auth=AUTHENTICATED, summary="Object to the answer (keberatan)",
             description="File an objection to the atasan PPID within 30 working days of the "
                         "answer or of the missed deadline. Errors: OBJECTION_TOO_EARLY, "
                         "OBJECTION_TOO_LATE, OBJECTION_ALREADY_FILED. Added in v1.")
def objection_create(request: HttpRequest, number: str,
                     body: ObjectionIn) -> tuple[int, dict[str, Any]]:
    user = require_write(request)
    info = _mine(request, number)
    objection = actions.file_objection(actor=user, request=info, ground=body.ground,
                                       reason=body.reason)
    return Status(201, {"number": objection.number, "ground": objection.ground,
                        "filed_at": objection.filed_at, "due_date": objection.due_date,
                        "decision": "", "decided_at": None, "decision_note": "",
                        "dispute_deadline": None})


class QueueFilters(Schema):
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@router.get("/information/queue", response={200: RequestListOut, **errors(401, 403, 422)},
            auth=AUTHENTICATED, summary="The PPID's open requests",
            description="Open requests of the offices where the caller is PPID, by deadline. "
                        "Added in v1.")
def ppid_queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict[str, Any]:
    from balai.core.errors import PermissionDeniedError

    user = caller_user(request)
    if not queries.offices_with_role(user, Role.PPID).exists():
        raise PermissionDeniedError()
    if not 1 <= filters.per_page <= MAX_PER_PAGE:
        raise FieldErrors({"per_page": [f"Antara 1 dan {MAX_PER_PAGE}."]})
    rows, meta = paginate(queries.ppid_queue(user).prefetch_related("files"),
                          page=filters.page, per_page=filters.per_page)
    return {"items": [_request(r) for r in rows], "page": meta}
