"""Every change to bills and payments: issuing bills (in bulk for an assessment, one at a time
for returns and service fees), posting and reversing a bank's payment, B2B access tokens, and
the proof of payment. Each is atomic and recorded in the ledger."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.models import Office, User
from balai.core import events
from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.documents.models import IssuedDocument
from balai.ledger.actions import record_event
from balai.notifications.actions import queue_message
from balai.payments import queries
from balai.payments.bulk import db_value, insert_rows
from balai.payments.codes import make_code
from balai.payments.interest import interest_due
from balai.payments.models import (
    BankAccessToken,
    BankClient,
    BankRequest,
    Bill,
    BillCounter,
    Payment,
)

ACCESS_TOKEN_SECONDS = 900
RECEIPT_TEMPLATE = "payments/receipt.html"
RECEIPT_NUMBER_FORMAT = "STTS-{office}-{year}-{seq:07d}"


class PaymentError(DomainError):
    code = "PAYMENT_ERROR"


class BillNotFound(PaymentError):
    code = "PAYMENT_BILL_NOT_FOUND"
    message = _("Kode bayar tidak ditemukan.")


class BillAlreadyPaid(PaymentError):
    code = "PAYMENT_BILL_ALREADY_PAID"
    message = _("Tagihan ini sudah lunas.")


class WrongAmount(PaymentError):
    code = "PAYMENT_WRONG_AMOUNT"
    message = _("Jumlah pembayaran tidak sama dengan jumlah tagihan.")


class PaymentNotFound(PaymentError):
    code = "PAYMENT_NOT_FOUND"
    message = _("Pembayaran yang akan dibatalkan tidak ditemukan.")


class ReversalNotAllowed(PaymentError):
    code = "PAYMENT_REVERSAL_NOT_ALLOWED"
    message = _("Pembayaran hanya dapat dibatalkan pada hari yang sama dan belum dibatalkan.")


class DuplicateExternalId(ConflictError):
    code = "PAYMENT_EXTERNAL_ID_CONFLICT"
    message = _("X-EXTERNAL-ID ini sudah dipakai untuk permintaan lain.")


class ReceiptUnavailable(PaymentError):
    code = "PAYMENT_RECEIPT_UNAVAILABLE"
    message = _("Bukti bayar belum dapat diterbitkan: kantor penerima belum memiliki pejabat "
                "penandatangan. Hubungi Bapenda.")


# --- issuing bills ------------------------------------------------------------------------

@dataclass(frozen=True)
class SpptBill:
    """What an assessment run hands over for each SPPT with tax to pay."""

    sppt_id: int
    object_id: int
    nop: str
    payer_id: int | None
    year: int
    amount: int
    due_date: dt.date


def issue_sppt_bills(*, office: Office, rows: Iterable[SpptBill], interest_bp: int,
                     interest_max_months: int) -> int:
    """Bills for a batch of SPPTs in one bulk insert, in the caller's transaction (the
    assessment run records the ledger entries). The payment code's serial is the object's id:
    one bill per object and year, whoever runs the assessment again."""
    now = db_value(timezone.now())
    due_dates: dict[dt.date, Any] = {}
    bills = [(make_code(kind="pbb_p2", year=row.year, serial=row.object_id), Bill.Kind.PBB_P2,
              office.pk, row.sppt_id, row.nop, row.payer_id, f"PBB-P2 {row.year}", row.amount,
              due_dates.setdefault(row.due_date, db_value(row.due_date)), interest_bp,
              interest_max_months, Bill.Status.UNPAID.value, now)
             for row in rows if row.amount > 0]
    insert_rows(Bill._meta.db_table, [
        "payment_code", "kind", "office_id", "sppt_id", "nop", "payer_id", "description",
        "principal", "due_date", "interest_bp_per_month", "interest_max_months", "status",
        "created_at"], bills)
    return len(bills)


def _next_serial(year: int) -> int:
    counter = BillCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                BillCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # created a moment earlier by another bill
        counter = BillCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def issue_bill(*, actor: Any, kind: str, office: Office, principal: int, due_date: dt.date,
               description: str, payer: User | None, interest_bp: int,
               interest_max_months: int, nop: str = "", tax_return: Any = None,
               application: Any = None) -> Bill:
    """Issue one bill with a fresh payment code, for a return or a service fee."""
    year = timezone.localdate().year
    bill = Bill.objects.create(
        payment_code=make_code(kind=kind, year=year, serial=_next_serial(year)), kind=kind,
        office=office, principal=principal, due_date=due_date, description=description[:200],
        payer=payer, nop=nop, tax_return=tax_return, application=application,
        interest_bp_per_month=interest_bp, interest_max_months=interest_max_months)
    record_event(actor=actor, action="tagihan.terbit", obj=bill,
                 payload={"code": bill.payment_code, "kind": kind, "principal": principal,
                          "due_date": due_date.isoformat()})
    if payer is not None:
        queue_message(channel="in_app", recipient=payer,
                      subject=_("Tagihan %(description)s") % {"description": bill.description},
                      body=_("Tagihan %(description)s sebesar Rp%(amount)s terbit dengan kode "
                             "bayar %(code)s, jatuh tempo %(due)s.") % {
                          "description": bill.description, "amount": f"{principal:,}".replace(
                              ",", "."), "code": bill.payment_code,
                          "due": due_date.strftime("%d-%m-%Y")})
    return bill


def issue_service_fee_bill(*, application: Any, actor: Any) -> Bill | None:
    """The bill of a submitted application whose service charges a fee (retribusi); None for
    a free service. Called by the applications workflow on submission."""
    from balai.taxes.queries import tariff_for_year

    spec = application.definition.spec
    if spec.fee <= 0:
        return None
    existing = queries.bill_for_application(application.pk)
    if existing is not None:
        return existing
    today = timezone.localdate()
    tariff = tariff_for_year(today.year)
    return issue_bill(
        actor=actor, kind=Bill.Kind.RETRIBUSI, office=application.office, principal=spec.fee,
        due_date=today + dt.timedelta(days=tariff.retribusi_due_days),
        description=_("Retribusi %(service)s, permohonan %(number)s") % {
            "service": spec.name.get(), "number": application.number},
        payer=application.applicant, interest_bp=0, interest_max_months=0,
        application=application)


# --- bank postings ------------------------------------------------------------------------

def amount_due(bill: Bill, paid_on: dt.date) -> tuple[int, int]:
    """(principal, interest) of a bill paid on `paid_on`."""
    return bill.principal, interest_due(
        principal=bill.principal, due_date=bill.due_date, paid_on=paid_on,
        bp_per_month=bill.interest_bp_per_month, max_months=bill.interest_max_months)


Responder = Callable[[Payment], tuple[int, dict[str, Any]]]


def _earlier(client: BankClient, external_id: str, request_sha256: str) -> BankRequest | None:
    earlier = queries.stored_request(client=client, external_id=external_id,
                                     day=timezone.localdate())
    if earlier is not None and earlier.request_sha256 != request_sha256:
        raise DuplicateExternalId(details={"external_id": external_id})
    return earlier


def _store_answer(*, client: BankClient, external_id: str, service: str, request_sha256: str,
                  http_status: int, body: dict[str, Any]) -> BankRequest:
    return BankRequest.objects.create(client=client, day=timezone.localdate(),
                                      external_id=external_id, service=service,
                                      request_sha256=request_sha256, http_status=http_status,
                                      response=body)


@transaction.atomic
def store_bank_answer(*, client: BankClient, external_id: str, service: str,
                      request_sha256: str, http_status: int,
                      body: dict[str, Any]) -> BankRequest:
    """Keep the answer to a bank's read (inquiry, status, report) under its X-EXTERNAL-ID for
    the day, so the id cannot be used again that day for another request (SNAP). The same
    request again gets the answer kept; another request under the id raises
    DuplicateExternalId."""
    earlier = _earlier(client, external_id, request_sha256)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            return _store_answer(client=client, external_id=external_id, service=service,
                                 request_sha256=request_sha256, http_status=http_status,
                                 body=body)
    except IntegrityError:
        # An identical or different request under the same id committed a moment earlier.
        earlier = _earlier(client, external_id, request_sha256)
        if earlier is None:
            raise
        return earlier


@transaction.atomic
def post_payment(*, client: BankClient, external_id: str, request_sha256: str,
                 payment_code: str, amount: int, paid_at: dt.datetime, bank_reference: str,
                 channel: str, respond: Responder) -> BankRequest:
    """Credit a bank's payment to the bill with `payment_code`, once.

    The bill row is locked first; then an answer already given under the same X-EXTERNAL-ID
    (an identical request that won the race, or that committed before a crash) is returned
    as it was. A paid bill, a wrong amount (principal plus interest as of the payment date) or
    an unknown code is refused and nothing changes. `respond(payment)` builds the answer,
    which is stored with the payment in the same transaction.
    """
    bill = Bill.objects.select_for_update().filter(payment_code=payment_code).first()
    if bill is None:
        raise BillNotFound(details={"code": payment_code})
    earlier = _earlier(client, external_id, request_sha256)
    if earlier is not None:
        return earlier
    if bill.is_paid:
        raise BillAlreadyPaid(details={"code": payment_code})
    principal, interest = amount_due(bill, timezone.localdate(paid_at))
    if amount != principal + interest:
        raise WrongAmount(details={"expected": principal + interest, "received": amount})
    payment = Payment.objects.create(
        bill=bill, client=client, external_id=external_id, bank_reference=bank_reference[:128],
        channel=channel[:10], principal=principal, interest=interest, amount=amount,
        paid_at=paid_at)
    bill.status = Bill.Status.PAID
    bill.paid_at = paid_at
    bill.save(update_fields=["status", "paid_at"])
    http_status, body = respond(payment)
    stored = _store_answer(client=client, external_id=external_id, service="25",
                           request_sha256=request_sha256, http_status=http_status, body=body)
    record_event(actor=f"bank:{client.code}", action="pembayaran.dibukukan", obj=payment,
                 payload={"code": bill.payment_code, "amount": amount, "interest": interest,
                          "external_id": external_id})
    events.payment_credited.send(sender=Payment, obj=payment, office_id=bill.office_id,
                                 revenue_kind=bill.kind, amount=amount, paid_at=paid_at)
    _after_payment_change(bill, paid=True)
    return stored


@transaction.atomic
def reverse_payment(*, client: BankClient, external_id: str, request_sha256: str,
                    payment_code: str, original_external_id: str,
                    respond: Responder) -> BankRequest:
    """Reverse a bank's own payment on the day it was made: the bill is unpaid again and its
    proof of payment, if issued, is revoked. Any other day, refused."""
    found = queries.payment_of_client(client=client, external_id=original_external_id)
    if found is None or found.bill.payment_code != payment_code:
        raise PaymentNotFound(details={"original_external_id": original_external_id})
    bill = Bill.objects.select_for_update().get(pk=found.bill_id)
    earlier = _earlier(client, external_id, request_sha256)
    if earlier is not None:
        return earlier
    payment = Payment.objects.select_for_update().get(pk=found.pk)
    now = timezone.now()
    if (payment.status != Payment.Status.CREDITED
            or timezone.localdate(payment.paid_at) != timezone.localdate(now)):
        raise ReversalNotAllowed(details={"original_external_id": original_external_id})
    payment.status = Payment.Status.REVERSED
    payment.reversed_at = now
    payment.save(update_fields=["status", "reversed_at"])
    bill.status = Bill.Status.UNPAID
    bill.paid_at = None
    bill.save(update_fields=["status", "paid_at"])
    http_status, body = respond(payment)
    stored = _store_answer(client=client, external_id=external_id, service="97",
                           request_sha256=request_sha256, http_status=http_status, body=body)
    if payment.receipt_code:
        _revoke_receipt(payment)
    record_event(actor=f"bank:{client.code}", action="pembayaran.dibatalkan", obj=payment,
                 payload={"code": bill.payment_code, "amount": payment.amount,
                          "external_id": external_id})
    events.payment_reversed.send(sender=Payment, obj=payment, office_id=bill.office_id,
                                 revenue_kind=bill.kind, amount=payment.amount,
                                 paid_at=payment.paid_at)
    _after_payment_change(bill, paid=False)
    return stored


def assign_payer(*, user_id: int, taxpayer_ids: list[int]) -> int:
    """The tax bills of these taxpayers that have no payer yet go to this citizen's account
    (their SPPTs and their businesses' returns). Returns how many bills."""
    return (Bill.objects.filter(payer__isnull=True)
            .filter(Q(sppt__tax_object__taxpayer_id__in=taxpayer_ids)
                    | Q(tax_return__business__taxpayer_id__in=taxpayer_ids))
            .update(payer_id=user_id))


def _after_payment_change(bill: Bill, *, paid: bool) -> None:
    if bill.application_id:
        from balai.applications.actions import record_fee_payment

        record_fee_payment(application_id=bill.application_id, paid=paid,
                           payment_code=bill.payment_code)
    elif bill.payer_id:
        subject = (_("Pembayaran %(code)s diterima") if paid
                   else _("Pembayaran %(code)s dibatalkan bank")) % {"code": bill.payment_code}
        body = (_("Pembayaran %(description)s telah diterima. Unduh bukti bayar di Balai.")
                if paid else _("Bank membatalkan pembayaran %(description)s; tagihan belum "
                               "lunas.")) % {"description": bill.description}
        queue_message(channel="in_app", recipient=bill.payer, subject=subject, body=body)


def _revoke_receipt(payment: Payment) -> None:
    from balai.documents.actions import revoke_document

    document = IssuedDocument.objects.filter(code=payment.receipt_code).first()
    if document is not None and document.revoked_at is None:
        revoke_document(document=document, actor=document.signed_by,
                        reason="Pembayaran dibatalkan (reversal) oleh bank pada hari yang sama.")


@transaction.atomic
def issue_access_token(*, client: BankClient) -> tuple[str, int]:
    """A B2B access token for a bank whose signed request was verified; (token, seconds)."""
    token = secrets.token_urlsafe(32)
    BankAccessToken.objects.create(
        client=client, token_sha256=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(seconds=ACCESS_TOKEN_SECONDS))
    return token, ACCESS_TOKEN_SECONDS


@transaction.atomic
def register_bank_client(*, actor: Any, code: str, name: str, public_key_pem: str,
                         partner_service_id: str, is_sandbox: bool = False,
                         sandbox_private_key_pem: str = "") -> tuple[BankClient, str]:
    """Register a partner bank with its RSA public key and the biller code it gave the regency
    (SNAP's partnerServiceId, 1-8 digits); returns the client and its new client secret (shown
    once, to be handed to the bank)."""
    secret = secrets.token_urlsafe(48)
    client = BankClient(
        code=code, name=name, partner_service_id=partner_service_id.strip(),
        client_key=secrets.token_hex(16), client_secret=secret,
        public_key_pem=public_key_pem, is_sandbox=is_sandbox,
        sandbox_private_key_pem=sandbox_private_key_pem)
    client.full_clean(exclude=["client_secret", "sandbox_private_key_pem"])
    client.save()
    record_event(actor=actor, action="bank.didaftarkan", obj=client,
                 payload={"code": code, "sandbox": is_sandbox,
                          "partner_service_id": client.partner_service_id})
    return client, secret


# --- proof of payment ---------------------------------------------------------------------

@transaction.atomic
def issue_receipt(*, payment: Payment, actor: User) -> IssuedDocument:
    """The proof of payment (STTS/bukti bayar) of a credited payment: a signed PDF with a QR
    code to the public verification page, issued the first time someone asks for it and the
    same document afterwards."""
    from balai.documents.actions import issue_document
    from balai.documents.queries import get_document_by_code

    locked = Payment.objects.select_for_update(of=("self",)).select_related(
        "bill__office", "bill__sppt__tax_object", "client").get(pk=payment.pk)
    if locked.status != Payment.Status.CREDITED:
        raise PermissionDeniedError(_("Pembayaran ini sudah dibatalkan; bukti bayar tidak "
                                      "berlaku."), code="PAYMENT_REVERSED")
    if locked.receipt_code:
        existing = get_document_by_code(locked.receipt_code)
        if existing is not None:
            return existing
    bill = locked.bill
    signer = queries.receipt_signer(bill.office)
    if signer is None:
        raise ReceiptUnavailable(details={"office": bill.office.code})
    payer_name = queries.payer_name(bill)
    document = issue_document(
        source=locked, template=RECEIPT_TEMPLATE,
        context={"payment": locked, "bill": bill, "payer_name": payer_name,
                 "nop_formatted": queries.formatted_nop(bill.nop)},
        title="Bukti Pembayaran (STTS)", number_format=RECEIPT_NUMBER_FORMAT,
        office=bill.office, subject_name=payer_name, signer=signer)
    locked.receipt_code = document.code
    locked.save(update_fields=["receipt_code"])
    record_event(actor=actor, action="pembayaran.bukti_terbit", obj=locked,
                 payload={"document": document.number})
    return document
