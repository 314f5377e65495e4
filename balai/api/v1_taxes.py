"""Regency taxes: the public NOP look-up, a taxpayer's own objects and returns, and filing a
monthly return (SPTPD). Calls balai.taxes actions, queries and access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from balai.api.auth import AUTHENTICATED, OPTIONAL, OPTIONAL_OPENAPI, caller_user, require_write
from balai.api.errors import FieldErrors, errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.documents.masking import mask_name
from balai.payments.actions import amount_due
from balai.payments.queries import bills_for_nop
from balai.taxes import actions, queries
from balai.taxes.access import business_for_owner
from balai.taxes.nop import InvalidNop, clean_nop, region_of_nop

router = Router(tags=["pajak"])


class BillOut(Schema):
    payment_code: str
    kind: str
    description: str
    principal: int
    interest_today: int
    total_today: int
    due_date: dt.date
    status: str
    paid_at: dt.datetime | None


class TaxObjectOut(Schema):
    nop: str
    taxpayer_name_masked: str
    address: str
    desa: str
    kecamatan: str
    land_area: int
    building_area: int
    arrears: int
    bills: list[BillOut]


def bill_out(bill: Any, today: dt.date) -> dict[str, Any]:
    principal, interest = amount_due(bill, today)
    interest = 0 if bill.is_paid else interest
    return {"payment_code": bill.payment_code, "kind": bill.kind,
            "description": bill.description, "principal": principal,
            "interest_today": interest, "total_today": principal + interest,
            "due_date": bill.due_date, "status": bill.status, "paid_at": bill.paid_at}


@router.get("/taxes/objects/{nop}", url_name="tax_object", auth=OPTIONAL,
            openapi_extra=OPTIONAL_OPENAPI, response={200: TaxObjectOut, **errors(400, 404)},
            summary="Look up a PBB-P2 object by NOP",
            description="The object's location, the taxpayer's masked name, its bills with "
                        "interest as of today and the arrears, as the public look-up page "
                        "shows them. Error TAX_NOP_INVALID for a malformed NOP. Added in v1.")
def tax_object(request: HttpRequest, nop: str) -> dict[str, Any]:
    nop = clean_nop(nop)
    try:
        region_of_nop(nop, queries.tariff_for_year(timezone.localdate().year))
    except InvalidNop as exc:
        raise FieldErrors({"nop": [exc.message]}) from None
    found = queries.get_object_by_nop(nop)
    if found is None:
        raise Http404
    today = timezone.localdate()
    bills = [bill_out(b, today) for b in bills_for_nop(nop)[:30]]
    arrears = sum(b["total_today"] for b in bills
                  if b["status"] != "lunas" and b["due_date"] < today)
    return {"nop": found.nop, "taxpayer_name_masked": mask_name(found.taxpayer.name),
            "address": found.address, "desa": found.desa.name,
            "kecamatan": found.kecamatan.name, "land_area": found.land_area,
            "building_area": found.building_area, "arrears": arrears, "bills": bills}


class OwnObjectOut(Schema):
    nop: str
    address: str
    desa: str


class OwnObjectListOut(Schema):
    items: list[OwnObjectOut]
    page: PageOut


@router.get("/taxes/my-objects", url_name="my_tax_objects", auth=AUTHENTICATED,
            response={200: OwnObjectListOut, **errors(401)},
            summary="My PBB-P2 objects",
            description="The objects registered to the caller's NIK. Added in v1.")
def my_objects(request: HttpRequest, page: int = 1,
               per_page: int = Query(DEFAULT_PER_PAGE, le=MAX_PER_PAGE, ge=1)) -> dict[str, Any]:
    rows, page_out = paginate(queries.objects_of(caller_user(request)), page=page,
                              per_page=per_page)
    return {"items": [{"nop": o.nop, "address": o.address, "desa": o.desa.name} for o in rows],
            "page": page_out}


class ReturnIn(Schema):
    period: str
    base_amount: int


class ReturnOut(Schema):
    period: dt.date
    base_amount: int
    rate_bp: int
    tax_amount: int
    filed_late: bool
    due_date: dt.date
    payment_code: str | None


@router.post("/taxes/businesses/{business_id}/returns", url_name="file_return",
             auth=AUTHENTICATED, response={201: ReturnOut, **errors(400, 401, 403, 404, 422)},
             summary="File a monthly return (SPTPD)",
             description="Declare the tax base of an ended month (period YYYY-MM) for one of "
                         "the caller's businesses; the tax is computed from the tariff table "
                         "and a bill issued. Errors: TAX_RETURN_ALREADY_FILED, "
                         "TAX_RETURN_PERIOD_NOT_ENDED. Added in v1.")
def file_return(request: HttpRequest, business_id: int, data: ReturnIn) -> tuple[int, Any]:
    user = require_write(request)
    business = business_for_owner(user, business_id)
    try:
        year, month = (int(part) for part in data.period.split("-"))
        period = dt.date(year, month, 1)
    except ValueError:
        raise FieldErrors({"period": ["Format masa pajak: YYYY-MM."]}) from None
    if not 0 <= data.base_amount <= 10**13:
        raise FieldErrors({"base_amount": ["Dasar pengenaan harus 0 atau lebih."]})
    tax_return = actions.file_return(actor=user, business=business, period=period,
                                     base_amount=data.base_amount)
    bill = getattr(tax_return, "bill", None)
    return Status(201, {"period": tax_return.period, "base_amount": tax_return.base_amount,
                        "rate_bp": tax_return.rate_bp, "tax_amount": tax_return.tax_amount,
                        "filed_late": tax_return.filed_late, "due_date": tax_return.due_date,
                        "payment_code": bill.payment_code if bill else None})
