"""Reads of bills and payments: by code, by NOP for the public look-up, a payer's own bills,
a bank's stored answers and its daily reconciliation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from balai.accounts.models import Office, OfficeRole, Role, User
from balai.core.events import PaymentRecord
from balai.payments.models import BankClient, BankRequest, Bill, Payment

if TYPE_CHECKING:
    from balai.applications.models import Application

PAGE_SIZE = 20


def get_bill_by_code(code: str) -> Bill | None:
    return (Bill.objects.select_related("office", "sppt__tax_object")
            .filter(payment_code=code).first())


def bill_for_application(application_id: int) -> Bill | None:
    return Bill.objects.filter(application_id=application_id).first()


def application_fee_outstanding(application_id: int) -> Bill | None:
    """The unpaid fee bill of an application, if it has one."""
    return (Bill.objects.filter(application_id=application_id, status=Bill.Status.UNPAID)
            .first())


def fee_bill_shown(bill: Bill | None, *, application: Application, user: User) -> Bill | None:
    """The fee bill an application's page shows its viewer: only to the citizen who pays it,
    once paid or while the application can still move on (an unpaid fee of a closed one is
    moot). A filing operator sees the application, not the citizen's bill."""
    if bill is None or bill.payer_id != user.pk:
        return None
    return bill if bill.is_paid or application.is_open else None


def applications_with_unpaid_fee(application_ids: list[int]) -> set[int]:
    """Which of these applications (a page of them) still have an unpaid fee bill: one query."""
    if not application_ids:
        return set()
    return set(Bill.objects.filter(application_id__in=application_ids,
                                   status=Bill.Status.UNPAID)
               .values_list("application_id", flat=True))


def bills_for_nop(nop: str) -> QuerySet[Bill]:
    return Bill.objects.filter(nop=nop).order_by("-due_date", "-id")


def bills_of(user: User) -> QuerySet[Bill]:
    """A citizen's bills, unpaid first, then the latest."""
    return (Bill.objects.filter(payer=user).select_related("office")
            .order_by("status", "-due_date", "-id"))


def credited_payment(bill: Bill) -> Payment | None:
    return bill.payments.filter(status=Payment.Status.CREDITED).first()


def credited_payments_by_bill(bills: list[Bill]) -> dict[int, Payment]:
    """The credited payment of each paid bill of a page: one query."""
    ids = [bill.pk for bill in bills if bill.is_paid]
    if not ids:
        return {}
    return {p.bill_id: p for p in Payment.objects.filter(bill_id__in=ids,
                                                          status=Payment.Status.CREDITED)}


def stored_request(*, client: BankClient, external_id: str, day: dt.date) -> BankRequest | None:
    return BankRequest.objects.filter(client=client, day=day, external_id=external_id).first()


def payment_of_client(*, client: BankClient, external_id: str) -> Payment | None:
    """The bank's latest payment under this X-EXTERNAL-ID (an id is unique per day only)."""
    return (Payment.objects.select_related("bill")
            .filter(client=client, external_id=external_id).order_by("-id").first())


def payment_by_request_id(*, client: BankClient, bill: Bill, request_id: str) -> Payment | None:
    """The bank's latest payment of a bill under its paymentRequestId, for the status service."""
    return (Payment.objects.filter(client=client, bill=bill, bank_reference=request_id)
            .order_by("-id").first())


def client_by_key(client_key: str) -> BankClient | None:
    return BankClient.objects.filter(client_key=client_key, is_active=True).first()


def client_by_code(code: str) -> BankClient | None:
    return BankClient.objects.filter(code=code, is_active=True).first()


def sandbox_client() -> BankClient | None:
    return BankClient.objects.filter(is_sandbox=True, is_active=True).order_by("id").first()


def client_for_token(token_sha256: str) -> BankClient | None:
    return (BankClient.objects.filter(tokens__token_sha256=token_sha256,
                                      tokens__expires_at__gt=timezone.now(), is_active=True)
            .first())


def reconciliation(*, client: BankClient, start: dt.datetime,
                   end: dt.datetime) -> dict[str, Any]:
    """A bank's payments made from `start` up to (not including) `end`: each one, and the
    totals credited and reversed."""
    rows = list(Payment.objects.filter(client=client, paid_at__gte=start, paid_at__lt=end)
                .select_related("bill__sppt__tax_object__taxpayer",
                                "bill__tax_return__business__taxpayer", "bill__payer")
                .order_by("paid_at", "id"))
    credited = [p for p in rows if p.status == Payment.Status.CREDITED]
    return {
        "payments": rows,
        "credited_count": len(credited),
        "credited_amount": sum(p.amount for p in credited),
        "reversed_count": len(rows) - len(credited),
        "reversed_amount": sum(p.amount for p in rows if p.status != Payment.Status.CREDITED),
    }


def receipt_signer(office: Office) -> User | None:
    """The signing official of the receiving office who signs proofs of payment."""
    role = (OfficeRole.objects.select_related("user")
            .filter(office=office, role=Role.PEJABAT_PENANDATANGAN, user__is_active=True)
            .order_by("id").first())
    return role.user if role else None


def payer_name(bill: Bill) -> str:
    if bill.sppt_id:
        return bill.sppt.tax_object.taxpayer.name  # type: ignore[union-attr]
    if bill.tax_return_id:
        return bill.tax_return.business.taxpayer.name  # type: ignore[union-attr]
    if bill.payer_id:
        return bill.payer.full_name  # type: ignore[union-attr]
    return ""


def formatted_nop(nop: str) -> str:
    from balai.taxes.models import format_nop

    return format_nop(nop) if nop else ""


def payment_for_receipt(code: str) -> Payment | None:
    return (Payment.objects.select_related("bill").filter(receipt_code=code).first())


def dashboard_payments() -> Iterator[PaymentRecord]:
    """Every credited, unreversed payment as payment_credited told the public dashboard, read
    back from the table to rebuild the dashboard's aggregates."""
    rows = (Payment.objects.filter(status=Payment.Status.CREDITED)
            .values_list("bill__office_id", "bill__kind", "amount", "paid_at")
            .order_by("id").iterator(chunk_size=5000))
    for office_id, kind, amount, paid_at in rows:
        yield PaymentRecord(office_id=office_id, revenue_kind=kind, amount=amount,
                            paid_at=paid_at)
