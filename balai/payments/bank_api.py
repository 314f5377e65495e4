"""The host-to-host API for partner banks under /bank/, following Bank Indonesia's SNAP
virtual-account services: a B2B access token (73), then signed inquiry (24), payment (25),
inquiry status (26) and report (35), plus Balai's own same-day reversal (97).

A bill's virtual account number is the bank's biller code (partnerServiceId, 8 characters
left-padded with spaces) followed by the bill's 17-digit payment code (customerNo).

Every answer is JSON with responseCode (HTTP status + service code + case code) and
responseMessage, and carries an X-TIMESTAMP header; so are unknown paths (404) and wrong
methods (405) under /bank/. An X-EXTERNAL-ID is unique per bank and day: the same request
again that day gets the same answer, another request under the id gets 409. See
docs/howto/bank-api.md for the bank's side.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from balai.core.errors import DomainError
from balai.documents.masking import mask_name
from balai.operations.metrics import count_unavailable
from balai.operations.outage import RETRY_AFTER_SECONDS, is_database_unavailable
from balai.payments import actions, queries, snap
from balai.payments.codes import is_valid_code
from balai.payments.models import BankClient, BankRequest, Bill, Payment

logger = logging.getLogger(__name__)

Answer = tuple[int, dict[str, Any]]

SUCCESS = snap.reason("Success", "Sukses")

# HTTP status, case code, responseMessage and the two-language reason of each domain error.
_CASES: dict[str, tuple[int, str, str, dict[str, str]]] = {
    actions.BillNotFound.code: (404, "12", "Invalid Bill/Virtual Account [Not Found]",
                                snap.reason("Bill not found", "Tagihan tidak ditemukan")),
    actions.BillAlreadyPaid.code: (404, "14", "Paid Bill",
                                   snap.reason("Bill has been paid", "Tagihan sudah dibayar")),
    actions.WrongAmount.code: (404, "13", "Invalid Amount",
                               snap.reason("Amount differs from the bill",
                                           "Jumlah tidak sama dengan tagihan")),
    actions.PaymentNotFound.code: (404, "01", "Transaction Not Found",
                                   snap.reason("Transaction not found",
                                               "Transaksi tidak ditemukan")),
    actions.ReversalNotAllowed.code: (403, "15", "Transaction Not Permitted. [Reversal]",
                                      snap.reason("Reversal not permitted",
                                                  "Pembatalan tidak diizinkan")),
    actions.DuplicateExternalId.code: (409, "00", "Conflict",
                                       snap.reason("X-EXTERNAL-ID already used today",
                                                   "X-EXTERNAL-ID sudah dipakai hari ini")),
}


class SnapError(Exception):
    def __init__(self, http_status: int, case: str, message: str, **extra: Any) -> None:
        self.http_status, self.case, self.message, self.extra = http_status, case, message, extra
        super().__init__(message)


def _format(name: str) -> SnapError:
    return SnapError(400, "01", f"Invalid Field Format {name}")


def _missing(name: str) -> SnapError:
    return SnapError(400, "02", f"Invalid Mandatory Field {name}")


def _answer(http_status: int, service: str, case: str, message: str, **extra: Any) -> Answer:
    return http_status, {"responseCode": f"{http_status}{service}{case}",
                         "responseMessage": message, **extra}


def _json(pair: Answer) -> JsonResponse:
    response = JsonResponse(pair[1], status=pair[0], json_dumps_params={"ensure_ascii": False})
    response["X-TIMESTAMP"] = snap.timestamp()
    return response


def _refused(exc: DomainError, data: dict[str, Any] | None = None,
             status_field: str = "paymentFlagStatus",
             reason_field: str = "paymentFlagReason") -> SnapError:
    """A domain refusal as SNAP's error, with the virtual account's data and the status "01"
    and reason of the refusal when the request named one."""
    http_status, case, message, why = _CASES.get(
        exc.code, (400, "00", "Bad Request", snap.reason("Bad request", "Permintaan salah")))
    if data is None or http_status == 409:
        return SnapError(http_status, case, message)
    return SnapError(http_status, case, message,
                     virtualAccountData={status_field: "01", reason_field: why, **data})


# --- headers and authentication -----------------------------------------------------------

def _header(request: HttpRequest, name: str) -> str:
    value = request.headers.get(name, "").strip()
    if not value:
        raise _missing(name)
    return value


def _check_timestamp(request: HttpRequest) -> str:
    stamp = _header(request, "X-TIMESTAMP")
    parsed = snap.parse_timestamp(stamp)
    if parsed is None:
        raise _format("X-TIMESTAMP")
    if abs((timezone.now() - parsed).total_seconds()) > settings.BALAI_BANK_TIMESTAMP_TOLERANCE:
        raise SnapError(400, "01", "Invalid Field Format X-TIMESTAMP [Stale]")
    return stamp


@dataclass
class Call:
    """An authenticated service call: the bank, its X-EXTERNAL-ID and the digest of its
    minified body (what makes two requests "the same")."""

    service: str
    client: BankClient
    external_id: str
    digest: str
    body: dict[str, Any]


def _authenticate(request: HttpRequest, service: str) -> Call:
    """Bearer token, partner id, timestamp window, HMAC-SHA512 signature, X-EXTERNAL-ID and
    CHANNEL-ID of a service call."""
    authorization = _header(request, "Authorization")
    scheme, _space, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise SnapError(401, "01", "Invalid Token (B2B)")
    client = queries.client_for_token(hashlib.sha256(token.encode()).hexdigest())
    if client is None:
        raise SnapError(401, "01", "Invalid Token (B2B)")
    if _header(request, "X-PARTNER-ID") != client.code:
        raise SnapError(401, "00", "Unauthorized. [Unknown client]")
    stamp = _check_timestamp(request)
    signature = _header(request, "X-SIGNATURE")
    # A body that is not JSON is refused as such, whatever the bank made of it when signing.
    body = _body(request)
    if not snap.verify_transaction(secret=client.client_secret, method=request.method or "POST",
                                   path=request.get_full_path(), token=token, body=request.body,
                                   stamp=stamp, signature=signature):
        raise SnapError(401, "00", "Unauthorized. [Signature]")
    external_id = _header(request, "X-EXTERNAL-ID")
    if not re.fullmatch(r"[0-9A-Za-z\-]{1,36}", external_id):
        raise _format("X-EXTERNAL-ID")
    _header(request, "CHANNEL-ID")
    return Call(service=service, client=client, external_id=external_id,
                digest=snap.body_digest(request.body), body=body)


def _replay(call: Call) -> Answer | None:
    """The answer already given today to the same request under this X-EXTERNAL-ID; 409 for
    another request under it."""
    earlier = queries.stored_request(client=call.client, external_id=call.external_id,
                                     day=timezone.localdate())
    if earlier is None:
        return None
    if earlier.request_sha256 != call.digest or earlier.service != call.service:
        raise _refused(actions.DuplicateExternalId())
    return earlier.http_status, earlier.response


def _keep(call: Call, pair: Answer) -> Answer:
    """Keep a read's answer under its X-EXTERNAL-ID for the day (the id is then used)."""
    try:
        stored = actions.store_bank_answer(client=call.client, external_id=call.external_id,
                                           service=call.service, request_sha256=call.digest,
                                           http_status=pair[0], body=pair[1])
    except actions.DuplicateExternalId as exc:
        raise _refused(exc) from None
    return stored.http_status, stored.response


# --- body fields --------------------------------------------------------------------------

def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}", parse_constant=_reject_constant)
    except ValueError as exc:  # not JSON, not UTF-8, or NaN/Infinity
        raise SnapError(400, "00", "Bad Request") from exc
    if not isinstance(body, dict):
        raise SnapError(400, "00", "Bad Request")
    return body


def _text(body: dict[str, Any], name: str, *, max_length: int,
          required: bool = True) -> str | None:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _missing(name)
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise _format(name)
    return value


def _required(body: dict[str, Any], name: str, *, max_length: int) -> str:
    value = _text(body, name, max_length=max_length)
    assert value is not None
    return value


@dataclass(frozen=True)
class VirtualAccount:
    partner_service_id: str  # digits, without the padding
    customer_no: str

    def data(self) -> dict[str, str]:
        return {"partnerServiceId": snap.padded_service_id(self.partner_service_id),
                "customerNo": self.customer_no,
                "virtualAccountNo": snap.virtual_account_no(self.partner_service_id,
                                                            self.customer_no)}


def _virtual_account(body: dict[str, Any]) -> VirtualAccount:
    """partnerServiceId, customerNo and virtualAccountNo, which must agree: the account number
    is the padded service id followed by the customer number (padding spaces are not
    significant). SNAP's own samples send customerNo as a JSON number too: accepted."""
    service_id = _required(body, "partnerServiceId", max_length=snap.PARTNER_SERVICE_ID_LENGTH)
    customer = body.get("customerNo")
    if isinstance(customer, int) and not isinstance(customer, bool) and customer >= 0:
        customer = str(customer)
    customer = _required({"customerNo": customer}, "customerNo",
                         max_length=snap.CUSTOMER_NO_MAX_LENGTH)
    number = _required(body, "virtualAccountNo",
                       max_length=snap.PARTNER_SERVICE_ID_LENGTH + snap.CUSTOMER_NO_MAX_LENGTH)
    service_id, customer = service_id.strip(), customer.strip()
    if not re.fullmatch(r"\d{1,8}", service_id):
        raise _format("partnerServiceId")
    if not re.fullmatch(r"\d{1,20}", customer):
        raise _format("customerNo")
    if re.sub(r"\s", "", number) != service_id + customer:
        raise _format("virtualAccountNo")
    return VirtualAccount(partner_service_id=service_id, customer_no=customer)


def _bill_code(client: BankClient, account: VirtualAccount) -> str:
    """The payment code the virtual account names, if it is one of this bank's accounts and a
    well-formed code; BillNotFound otherwise (for the bank, an account that does not exist)."""
    if account.partner_service_id != client.partner_service_id or not is_valid_code(
            account.customer_no):
        raise actions.BillNotFound(details={"code": account.customer_no})
    return account.customer_no


def _find_bill(client: BankClient, account: VirtualAccount) -> Bill:
    bill = queries.get_bill_by_code(_bill_code(client, account))
    if bill is None:
        raise actions.BillNotFound(details={"code": account.customer_no})
    return bill


def _amount(body: dict[str, Any], name: str) -> int:
    """A SNAP amount {"value": "150000.00", "currency": "IDR"} in whole rupiah; WrongAmount
    for a value with cents (no bill has any)."""
    money = body.get(name)
    if money is None:
        raise _missing(name)
    if not isinstance(money, dict):
        raise _format(name)
    value, currency = money.get("value"), money.get("currency")
    if value in (None, ""):
        raise _missing(f"{name}.value")
    if currency in (None, ""):
        raise _missing(f"{name}.currency")
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,16}\.\d{2}", value):
        raise _format(f"{name}.value")
    if currency != "IDR":
        raise _format(f"{name}.currency")
    if not value.endswith(".00"):
        raise actions.WrongAmount(details={"received": value})
    return int(value[:-3])


def _moment(body: dict[str, Any], name: str) -> dt.datetime | None:
    """An optional ISO 8601 date-time with offset, at most five minutes ahead and
    BALAI_BANK_MAX_POSTING_DAYS back."""
    value = _text(body, name, max_length=35, required=False)
    if value is None:
        return None
    parsed = snap.parse_timestamp(value)
    now = timezone.now()
    late = dt.timedelta(days=settings.BALAI_BANK_MAX_POSTING_DAYS)
    if parsed is None or parsed > now + dt.timedelta(minutes=5) or parsed < now - late:
        raise _format(name)
    return parsed


def _bill_details(principal: int, interest: int) -> list[dict[str, Any]]:
    return [{"billCode": "01", "billName": "Pokok", "billAmount": snap.money(principal)},
            {"billCode": "02", "billName": "Bunga", "billAmount": snap.money(interest)}]


def _account_name(bill: Bill) -> str:
    return mask_name(queries.payer_name(bill)) or "-"


# --- the views ----------------------------------------------------------------------------

Handler = Callable[[HttpRequest, str], Answer]


def _endpoint(service: str, handler: Handler, methods: tuple[str, ...] = ("POST",),
              ) -> Callable[[HttpRequest], JsonResponse]:
    @csrf_exempt
    def view(request: HttpRequest) -> JsonResponse:
        try:
            if request.method not in methods:
                raise SnapError(405, "00", "Requested Function Is Not Supported")
            return _json(handler(request, service))
        except SnapError as exc:
            return _json(_answer(exc.http_status, service, exc.case, exc.message, **exc.extra))
        except DomainError as exc:
            error = _refused(exc)
            return _json(_answer(error.http_status, service, error.case, error.message))
        except RequestDataTooBig:
            return _json(_answer(400, service, "00", "Bad Request [Body Too Large]"))
        except Exception as exc:
            if is_database_unavailable(exc):
                # The bank retries a 5xx; nothing was written (the transaction rolled back).
                logger.warning("bank API %s: the database is unavailable", service)
                count_unavailable("database")
                response = _json(_answer(503, service, "00", "Service Unavailable"))
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
                return response
            logger.exception("bank API %s failed", service)
            return _json(_answer(500, service, "01", "Internal Server Error"))

    view.__name__ = handler.__name__
    return view


@csrf_exempt
def unknown(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /bank/: SNAP's JSON, not the site's HTML page. SNAP has no code
    for an unknown endpoint: HTTP 404 with the general service code 00."""
    return _json(_answer(404, snap.SERVICE_GENERAL, "00", "Not Found [Unknown Endpoint]"))


# --- access token (73) --------------------------------------------------------------------

def _access_token(request: HttpRequest, service: str) -> Answer:
    client_key = _header(request, "X-CLIENT-KEY")
    stamp = _check_timestamp(request)
    signature = _header(request, "X-SIGNATURE")
    body = _body(request)
    grant = _required(body, "grantType", max_length=64)
    if grant != "client_credentials":
        raise _format("grantType")
    client = queries.client_by_key(client_key)
    if client is None or not snap.verify_token_request(
            public_key_pem=client.public_key_pem, client_key=client_key, stamp=stamp,
            signature=signature):
        raise SnapError(401, "00", "Unauthorized. [Signature]")
    token, seconds = actions.issue_access_token(client=client)
    return _answer(200, service, "00", "Successful", accessToken=token, tokenType="Bearer",
                   expiresIn=str(seconds))


# --- inquiry (24) -------------------------------------------------------------------------

def _inquiry(request: HttpRequest, service: str) -> Answer:
    call = _authenticate(request, service)
    replay = _replay(call)
    if replay is not None:
        return replay
    body = call.body
    account = _virtual_account(body)
    inquiry_id = _required(body, "inquiryRequestId", max_length=128)
    when = _moment(body, "trxDateInit") or timezone.now()
    data = {**account.data(), "inquiryRequestId": inquiry_id}
    try:
        bill = _find_bill(call.client, account)
        if bill.is_paid:
            raise actions.BillAlreadyPaid(details={"code": bill.payment_code})
    except DomainError as exc:
        raise _refused(exc, data, "inquiryStatus", "inquiryReason") from None
    principal, interest = actions.amount_due(bill, timezone.localdate(when))
    return _keep(call, _answer(200, service, "00", "Successful", virtualAccountData={
        "inquiryStatus": "00", "inquiryReason": SUCCESS, **data,
        "virtualAccountName": _account_name(bill),
        "totalAmount": snap.money(principal + interest),
        "billDetails": _bill_details(principal, interest),
        "virtualAccountTrxType": "C",  # closed payment: exactly the total, once
        "additionalInfo": {"description": bill.description, "kind": bill.kind,
                           "dueDate": bill.due_date.isoformat()},
    }))


# --- payment (25) -------------------------------------------------------------------------

# Optional fields of the payment request that the answer repeats (SNAP: "From Payment
# Request").
_ECHOED = {"trxId": 64, "referenceNo": 64, "journalNum": 6, "flagAdvise": 1}


def answer_sent(request: HttpRequest, stored: BankRequest) -> None:
    """Called once a payment's answer is committed, just before it is sent. A hook for tests
    that simulate a crash between the commit and the answer; it does nothing."""


def _payment(request: HttpRequest, service: str) -> Answer:
    call = _authenticate(request, service)
    replay = _replay(call)
    if replay is not None:
        return replay
    body = call.body
    account = _virtual_account(body)
    request_id = _required(body, "paymentRequestId", max_length=128)
    echoed = {name: value for name, length in _ECHOED.items()
              if (value := _text(body, name, max_length=length, required=False)) is not None}
    data = {**account.data(), **echoed, "paymentRequestId": request_id}
    try:
        amount = _amount(body, "paidAmount")
        paid_at = _moment(body, "trxDateTime") or timezone.now()
        code = _bill_code(call.client, account)
    except DomainError as exc:
        raise _refused(exc, {**data, "paidAmount": body["paidAmount"]}) from None

    def respond(payment: Payment) -> Answer:
        return _answer(200, service, "00", "Successful", virtualAccountData={
            "paymentFlagReason": SUCCESS, **data,
            "virtualAccountName": _account_name(payment.bill),
            "paidAmount": snap.money(payment.amount),
            "totalAmount": snap.money(payment.amount),
            "trxDateTime": snap.timestamp(payment.paid_at), "paymentFlagStatus": "00",
            "billDetails": _bill_details(payment.principal, payment.interest),
            "additionalInfo": {"receiptReference": str(payment.pk)},
        })

    try:
        try:
            stored = actions.post_payment(
                client=call.client, external_id=call.external_id, request_sha256=call.digest,
                payment_code=code, amount=amount, paid_at=paid_at, bank_reference=request_id,
                channel=request.headers.get("CHANNEL-ID", ""), respond=respond)
        except IntegrityError:
            # An identical request committed between our look-up and our insert (SQLite has
            # no row locks), or another bank credited the bill first.
            replay = _replay(call)
            if replay is not None:
                return replay
            raise actions.BillAlreadyPaid() from None
    except DomainError as exc:
        raise _refused(exc, {**data, "paidAmount": snap.money(amount)}) from None
    answer_sent(request, stored)
    return stored.http_status, stored.response


# --- inquiry status (26) ------------------------------------------------------------------

def _status(request: HttpRequest, service: str) -> Answer:
    call = _authenticate(request, service)
    replay = _replay(call)
    if replay is not None:
        return replay
    body = call.body
    account = _virtual_account(body)
    # Conditional in SNAP, mandatory here: the bills are stored at Balai.
    inquiry_id = _required(body, "inquiryRequestId", max_length=128)
    request_id = _text(body, "paymentRequestId", max_length=128, required=False)
    data = {**account.data(), "inquiryRequestId": inquiry_id}
    try:
        bill = _find_bill(call.client, account)
        payment = queries.payment_by_request_id(client=call.client, bill=bill,
                                                request_id=request_id or inquiry_id)
        if payment is None:
            raise actions.PaymentNotFound(details={"code": bill.payment_code})
    except DomainError as exc:
        raise _refused(exc, data) from None
    credited = payment.status == Payment.Status.CREDITED
    extra: dict[str, Any] = {"externalId": payment.external_id}
    if payment.reversed_at is not None:
        extra["reversalDateTime"] = snap.timestamp(payment.reversed_at)
    return _keep(call, _answer(200, service, "00", "Successful", virtualAccountData={
        "paymentFlagReason": SUCCESS if credited else snap.reason(
            "Reversed by the bank", "Dibatalkan oleh bank"),
        **data, "paymentRequestId": payment.bank_reference,
        "paidAmount": snap.money(payment.amount), "totalAmount": snap.money(payment.amount),
        "trxDateTime": snap.timestamp(payment.paid_at),
        "transactionDate": snap.timestamp(payment.created_at),
        "paymentFlagStatus": "00" if credited else "01",
        "billDetails": _bill_details(payment.principal, payment.interest),
        "additionalInfo": extra,
    }))


# --- reversal (97, Balai's own) -----------------------------------------------------------

def _reversal(request: HttpRequest, service: str) -> Answer:
    call = _authenticate(request, service)
    replay = _replay(call)
    if replay is not None:
        return replay
    body = call.body
    account = _virtual_account(body)
    original = _required(body, "originalExternalId", max_length=36)
    data = {**account.data(), "originalExternalId": original}

    def respond(payment: Payment) -> Answer:
        return _answer(200, service, "00", "Successful", virtualAccountData={
            **data, "paymentRequestId": payment.bank_reference,
            "reversedAmount": snap.money(payment.amount),
            "reversalDateTime": snap.timestamp(payment.reversed_at)})

    try:
        code = _bill_code(call.client, account)
        try:
            stored = actions.reverse_payment(
                client=call.client, external_id=call.external_id, request_sha256=call.digest,
                payment_code=code, original_external_id=original, respond=respond)
        except IntegrityError:
            replay = _replay(call)
            if replay is not None:
                return replay
            raise
    except DomainError as exc:
        raise _refused(exc, data) from None
    return stored.http_status, stored.response


# --- report (35) --------------------------------------------------------------------------

REPORT_MAX_DAYS = 31


def _report_date(body: dict[str, Any], name: str, default: dt.date) -> dt.date:
    value = _text(body, name, max_length=10, required=False)
    if value is None:
        return default
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise _format(name)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _format(name) from None


def _report_moment(body: dict[str, Any], day: dt.date, name: str, default: str,
                   *, end: bool) -> dt.datetime:
    """startTime/endTime ("HH:mm", optionally with seconds and an offset) on its day; an end
    time covers its whole minute (or second)."""
    value = _text(body, name, max_length=14, required=False) or default
    shape = re.fullmatch(r"\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", value)
    if shape is None:
        raise _format(name)
    try:
        moment = dt.time.fromisoformat(value)
    except ValueError:
        raise _format(name) from None
    when = dt.datetime.combine(day, moment)
    if when.tzinfo is None:
        when = timezone.make_aware(when)
    if end:
        when += dt.timedelta(seconds=1 if shape.group(1) else 60)
    return when


def _report(request: HttpRequest, service: str) -> Answer:
    call = _authenticate(request, service)
    replay = _replay(call)
    if replay is not None:
        return replay
    body = call.body
    service_id = _required(body, "partnerServiceId",
                           max_length=snap.PARTNER_SERVICE_ID_LENGTH).strip()
    if not re.fullmatch(r"\d{1,8}", service_id):
        raise _format("partnerServiceId")
    if service_id != call.client.partner_service_id:
        raise SnapError(404, "16", "Partner Not Found")
    if body.get("endDate") and not body.get("startDate"):
        raise _missing("startDate")
    start_day = _report_date(body, "startDate", timezone.localdate())
    end_day = _report_date(body, "endDate", start_day)
    start = _report_moment(body, start_day, "startTime", "00:00", end=False)
    end = _report_moment(body, end_day, "endTime", "23:59", end=True)
    if end <= start or end - start > dt.timedelta(days=REPORT_MAX_DAYS):
        raise _format("endDate")
    report = queries.reconciliation(client=call.client, start=start, end=end)
    entries = []
    for payment in report["payments"]:
        credited = payment.status == Payment.Status.CREDITED
        account = VirtualAccount(partner_service_id=call.client.partner_service_id,
                                 customer_no=payment.bill.payment_code)
        info: dict[str, Any] = {"externalId": payment.external_id,
                                "status": "CREDITED" if credited else "REVERSED"}
        if payment.reversed_at is not None:
            info["reversalDateTime"] = snap.timestamp(payment.reversed_at)
        entries.append({
            "paymentFlagReason": SUCCESS if credited else snap.reason(
                "Reversed by the bank", "Dibatalkan oleh bank"),
            **account.data(), "virtualAccountName": _account_name(payment.bill),
            "paymentRequestId": payment.bank_reference,
            "paidAmount": snap.money(payment.amount), "totalAmount": snap.money(payment.amount),
            "trxDateTime": snap.timestamp(payment.paid_at),
            "billDetails": _bill_details(payment.principal, payment.interest),
            "additionalInfo": info,
        })
    return _keep(call, _answer(200, service, "00", "Successful", virtualAccountData=entries,
                               additionalInfo={
                                   "startDateTime": snap.timestamp(start),
                                   "endDateTime": snap.timestamp(end),
                                   "credited": {"count": report["credited_count"],
                                                "amount": snap.money(report["credited_amount"])},
                                   "reversed": {"count": report["reversed_count"],
                                                "amount": snap.money(
                                                    report["reversed_amount"])}}))


access_token = _endpoint(snap.SERVICE_TOKEN, _access_token)
inquiry = _endpoint(snap.SERVICE_INQUIRY, _inquiry)
payment = _endpoint(snap.SERVICE_PAYMENT, _payment)
status = _endpoint(snap.SERVICE_STATUS, _status)
reversal = _endpoint(snap.SERVICE_REVERSAL, _reversal)
# SNAP lists the report as GET, and its sample sends a body with POST: both are served.
report = _endpoint(snap.SERVICE_REPORT, _report, methods=("GET", "POST"))
