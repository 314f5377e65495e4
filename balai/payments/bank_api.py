"""The host-to-host API for partner banks at /bank/v1.0/, in the manner of BI SNAP: a B2B access
token, then signed inquiry, payment, same-day reversal and a daily reconciliation report.

Every answer is JSON with responseCode (HTTP status + service code + case code) and
responseMessage. A payment or reversal answered once is answered identically to a retry with
the same X-EXTERNAL-ID; a different request under a used X-EXTERNAL-ID gets 409. See
docs/howto/bank-api.md for the bank's side.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from balai.core.errors import DomainError
from balai.documents.masking import mask_name
from balai.payments import actions, queries, snap
from balai.payments.codes import clean_code, is_valid_code
from balai.payments.models import BankClient, BankRequest, Payment

# Case codes for the domain errors of balai.payments.actions.
_CASES = {
    actions.BillNotFound.code: (404, "12", "Invalid Bill/Virtual Account [Not Found]"),
    actions.BillAlreadyPaid.code: (404, "14", "Paid Bill"),
    actions.WrongAmount.code: (404, "13", "Invalid Amount"),
    actions.PaymentNotFound.code: (404, "01", "Transaction Not Found"),
    actions.ReversalNotAllowed.code: (403, "15", "Transaction Not Permitted"),
    actions.DuplicateExternalId.code: (409, "00", "Conflict"),
}


class SnapError(Exception):
    def __init__(self, http_status: int, case: str, message: str) -> None:
        self.http_status, self.case, self.message = http_status, case, message
        super().__init__(message)


def _answer(http_status: int, service: str, case: str, message: str,
            **extra: Any) -> tuple[int, dict[str, Any]]:
    return http_status, {"responseCode": f"{http_status}{service}{case}",
                         "responseMessage": message, **extra}


def _json(pair: tuple[int, dict[str, Any]]) -> JsonResponse:
    return JsonResponse(pair[1], status=pair[0], json_dumps_params={"ensure_ascii": False})


def _header(request: HttpRequest, name: str) -> str:
    value = request.headers.get(name, "").strip()
    if not value:
        raise SnapError(400, "02", f"Invalid Mandatory Field {name}")
    return value


def _check_timestamp(request: HttpRequest) -> str:
    stamp = _header(request, "X-TIMESTAMP")
    parsed = snap.parse_timestamp(stamp)
    if parsed is None:
        raise SnapError(400, "01", "Invalid Field Format X-TIMESTAMP")
    if abs((timezone.now() - parsed).total_seconds()) > settings.BALAI_BANK_TIMESTAMP_TOLERANCE:
        raise SnapError(400, "01", "Invalid Field Format X-TIMESTAMP [Stale]")
    return stamp


def _authenticate(request: HttpRequest) -> BankClient:
    """Bearer token, partner id, timestamp window and HMAC-SHA512 signature of a transaction."""
    authorization = _header(request, "Authorization")
    if not authorization.startswith("Bearer "):
        raise SnapError(401, "01", "Invalid Token (B2B)")
    token = authorization[len("Bearer "):].strip()
    client = queries.client_for_token(hashlib.sha256(token.encode()).hexdigest())
    if client is None:
        raise SnapError(401, "01", "Invalid Token (B2B)")
    if _header(request, "X-PARTNER-ID") != client.code:
        raise SnapError(401, "00", "Unauthorized. [Unknown client]")
    stamp = _check_timestamp(request)
    signature = _header(request, "X-SIGNATURE")
    if not snap.verify_transaction(secret=client.client_secret, method=request.method or "POST",
                                   path=request.path, token=token, body=request.body,
                                   stamp=stamp, signature=signature):
        raise SnapError(401, "00", "Unauthorized. [Signature]")
    return client


def _external_id(request: HttpRequest) -> str:
    value = _header(request, "X-EXTERNAL-ID")
    if not re.fullmatch(r"[0-9A-Za-z\-]{1,36}", value):
        raise SnapError(400, "01", "Invalid Field Format X-EXTERNAL-ID")
    _header(request, "CHANNEL-ID")
    return value


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as exc:
        raise SnapError(400, "00", "Bad Request") from exc
    if not isinstance(body, dict):
        raise SnapError(400, "00", "Bad Request")
    return body


def _field(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value in (None, ""):
        raise SnapError(400, "02", f"Invalid Mandatory Field {name}")
    if not isinstance(value, str):
        raise SnapError(400, "01", f"Invalid Field Format {name}")
    return value


def _code(body: dict[str, Any]) -> str:
    code = clean_code(_field(body, "virtualAccountNo"))
    if not is_valid_code(code):
        raise SnapError(400, "01", "Invalid Field Format virtualAccountNo")
    return code


def _amount(body: dict[str, Any], name: str) -> int:
    money = body.get(name)
    if not isinstance(money, dict) or money.get("value") in (None, ""):
        raise SnapError(400, "02", f"Invalid Mandatory Field {name}")
    value = str(money.get("value"))
    if money.get("currency", "IDR") != "IDR" or not re.fullmatch(r"\d{1,15}\.00", value):
        raise SnapError(400, "01", f"Invalid Field Format {name}")
    return int(value[:-3])


def _moment(body: dict[str, Any], name: str, *, required: bool) -> dt.datetime:
    if not required and not body.get(name):
        return timezone.now()
    parsed = snap.parse_timestamp(_field(body, name))
    now = timezone.now()
    late = dt.timedelta(days=settings.BALAI_BANK_MAX_POSTING_DAYS)
    if parsed is None or parsed > now + dt.timedelta(minutes=5) or parsed < now - late:
        raise SnapError(400, "01", f"Invalid Field Format {name}")
    return parsed


def _endpoint(service: str, handler: Callable[[HttpRequest, str], tuple[int, dict[str, Any]]],
              ) -> Callable[[HttpRequest], JsonResponse]:
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> JsonResponse:
        try:
            return _json(handler(request, service))
        except SnapError as exc:
            return _json(_answer(exc.http_status, service, exc.case, exc.message))
        except DomainError as exc:
            status, case, message = _CASES.get(exc.code, (400, "00", "Bad Request"))
            return _json(_answer(status, service, case, message))

    view.__name__ = handler.__name__
    return view


# --- access token -------------------------------------------------------------------------

def _access_token(request: HttpRequest, service: str) -> tuple[int, dict[str, Any]]:
    client_key = _header(request, "X-CLIENT-KEY")
    stamp = _check_timestamp(request)
    signature = _header(request, "X-SIGNATURE")
    body = _body(request)
    if body.get("grantType") != "client_credentials":
        raise SnapError(400, "01", "Invalid Field Format grantType")
    client = queries.client_by_key(client_key)
    if client is None or not snap.verify_token_request(
            public_key_pem=client.public_key_pem, client_key=client_key, stamp=stamp,
            signature=signature):
        raise SnapError(401, "00", "Unauthorized. [Signature]")
    token, seconds = actions.issue_access_token(client=client)
    return _answer(200, service, "00", "Successful", accessToken=token, tokenType="Bearer",
                   expiresIn=str(seconds))


# --- inquiry ------------------------------------------------------------------------------

def _inquiry(request: HttpRequest, service: str) -> tuple[int, dict[str, Any]]:
    _authenticate(request)
    _external_id(request)
    body = _body(request)
    code = _code(body)
    inquiry_id = _field(body, "inquiryRequestId")
    when = _moment(body, "trxDateInit", required=False)
    bill = queries.get_bill_by_code(code)
    if bill is None:
        raise actions.BillNotFound()
    if bill.is_paid:
        raise actions.BillAlreadyPaid()
    principal, interest = actions.amount_due(bill, timezone.localdate(when))
    return _answer(200, service, "00", "Successful", virtualAccountData={
        "virtualAccountNo": bill.payment_code,
        "virtualAccountName": mask_name(queries.payer_name(bill)),
        "inquiryRequestId": inquiry_id,
        "totalAmount": snap.money(principal + interest),
        "billDetails": [
            {"billCode": "01", "billName": "Pokok", "billAmount": snap.money(principal)},
            {"billCode": "02", "billName": "Bunga", "billAmount": snap.money(interest)},
        ],
        "additionalInfo": {"description": bill.description, "kind": bill.kind,
                           "dueDate": bill.due_date.isoformat()},
    })


# --- payment and reversal -----------------------------------------------------------------

def _replay(client: BankClient, external_id: str, digest: str) -> tuple[int, dict[str, Any]] | None:
    earlier = queries.stored_request(client=client, external_id=external_id)
    if earlier is None:
        return None
    if earlier.request_sha256 != digest:
        raise actions.DuplicateExternalId()
    return earlier.http_status, earlier.response


def _stored(stored: BankRequest) -> tuple[int, dict[str, Any]]:
    return stored.http_status, stored.response


def answer_sent(request: HttpRequest, stored: BankRequest) -> None:
    """Called once a payment's answer is committed, just before it is sent. A hook for tests
    that simulate a crash between the commit and the answer; it does nothing."""


def _payment(request: HttpRequest, service: str) -> tuple[int, dict[str, Any]]:
    client = _authenticate(request)
    external_id = _external_id(request)
    digest = snap.body_digest(request.body)
    replay = _replay(client, external_id, digest)
    if replay is not None:
        return replay
    body = _body(request)
    code = _code(body)
    request_id = _field(body, "paymentRequestId")
    amount = _amount(body, "paidAmount")
    paid_at = _moment(body, "trxDateTime", required=True)

    def respond(payment: Payment) -> tuple[int, dict[str, Any]]:
        return _answer(200, service, "00", "Successful", virtualAccountData={
            "virtualAccountNo": code, "paymentRequestId": request_id,
            "paidAmount": snap.money(payment.amount),
            "trxDateTime": snap.timestamp(payment.paid_at), "paymentFlagStatus": "00",
            "additionalInfo": {"receiptReference": str(payment.pk),
                               "interest": snap.money(payment.interest)},
        })

    try:
        stored = actions.post_payment(client=client, external_id=external_id,
                                      request_sha256=digest, payment_code=code, amount=amount,
                                      paid_at=paid_at, bank_reference=request_id,
                                      channel=request.headers.get("CHANNEL-ID", ""),
                                      respond=respond)
    except IntegrityError:
        # An identical request committed between our look-up and our insert (SQLite has no
        # row locks), or another bank credited the bill first.
        replay = _replay(client, external_id, digest)
        if replay is not None:
            return replay
        raise actions.BillAlreadyPaid() from None
    answer_sent(request, stored)
    return _stored(stored)


def _reversal(request: HttpRequest, service: str) -> tuple[int, dict[str, Any]]:
    client = _authenticate(request)
    external_id = _external_id(request)
    digest = snap.body_digest(request.body)
    replay = _replay(client, external_id, digest)
    if replay is not None:
        return replay
    body = _body(request)
    code = _code(body)
    original = _field(body, "originalExternalId")

    def respond(payment: Payment) -> tuple[int, dict[str, Any]]:
        return _answer(200, service, "00", "Successful", virtualAccountData={
            "virtualAccountNo": code, "originalExternalId": original,
            "reversedAmount": snap.money(payment.amount),
            "reversalDateTime": snap.timestamp(payment.reversed_at)})

    try:
        stored = actions.reverse_payment(client=client, external_id=external_id,
                                         request_sha256=digest, payment_code=code,
                                         original_external_id=original, respond=respond)
    except IntegrityError:
        replay = _replay(client, external_id, digest)
        if replay is not None:
            return replay
        raise
    return _stored(stored)


# --- reconciliation -----------------------------------------------------------------------

def _report(request: HttpRequest, service: str) -> tuple[int, dict[str, Any]]:
    client = _authenticate(request)
    _external_id(request)
    body = _body(request)
    try:
        day = dt.date.fromisoformat(_field(body, "date"))
    except ValueError as exc:
        raise SnapError(400, "01", "Invalid Field Format date") from exc
    report = queries.reconciliation(client=client, day=day)
    return _answer(200, service, "00", "Successful", date=day.isoformat(),
                   credited={"count": report["credited_count"],
                             "amount": snap.money(report["credited_amount"])},
                   reversed={"count": report["reversed_count"],
                             "amount": snap.money(report["reversed_amount"])},
                   transactions=[{
                       "externalId": p.external_id, "paymentRequestId": p.bank_reference,
                       "virtualAccountNo": p.bill.payment_code,
                       "amount": snap.money(p.amount), "trxDateTime": snap.timestamp(p.paid_at),
                       "status": "REVERSED" if p.status == Payment.Status.REVERSED
                       else "CREDITED"} for p in report["payments"]])


access_token = _endpoint(snap.SERVICE_TOKEN, _access_token)
inquiry = _endpoint(snap.SERVICE_INQUIRY, _inquiry)
payment = _endpoint(snap.SERVICE_PAYMENT, _payment)
reversal = _endpoint(snap.SERVICE_REVERSAL, _reversal)
report = _endpoint(snap.SERVICE_REPORT, _report)
