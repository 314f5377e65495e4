"""Bills: a citizen's own bills and one bill by its payment code. Payments themselves are
posted by partner banks over the host-to-host API at /bank/v1.0/, not here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from balai.api.auth import AUTHENTICATED, caller_user
from balai.api.errors import errors
from balai.api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageOut, paginate
from balai.api.v1_taxes import BillOut, bill_out
from balai.payments import queries
from balai.payments.access import bill_for_payer

router = Router(tags=["tagihan"])


class BillListOut(Schema):
    items: list[BillOut]
    page: PageOut


@router.get("/bills", url_name="my_bills", auth=AUTHENTICATED,
            response={200: BillListOut, **errors(401)}, summary="My bills",
            description="The caller's tax and fee bills, unpaid first, with interest as of "
                        "today. Added in v1.")
def my_bills(request: HttpRequest, page: int = 1,
             per_page: int = Query(DEFAULT_PER_PAGE, le=MAX_PER_PAGE, ge=1)) -> dict[str, Any]:
    rows, page_out = paginate(queries.bills_of(caller_user(request)), page=page,
                              per_page=per_page)
    today = timezone.localdate()
    return {"items": [bill_out(b, today) for b in rows], "page": page_out}


@router.get("/bills/{code}", url_name="bill", auth=AUTHENTICATED,
            response={200: BillOut, **errors(401, 404)}, summary="One of my bills",
            description="A bill of the caller by its payment code. Added in v1.")
def bill(request: HttpRequest, code: str) -> dict[str, Any]:
    return bill_out(bill_for_payer(caller_user(request), code), timezone.localdate())
