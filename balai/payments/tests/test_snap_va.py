"""A bank following Bank Indonesia's SNAP virtual-account specification pays a Balai bill over
real HTTP (a live server and `requests`): token, inquiry with a space-padded account number and
a pretty-printed body signed over its minified form, payment, inquiry status, report and
Balai's own same-day reversal. The bank's client (snap_bank_client.py) is written from the
specification, not from Balai's code. Every refusal is SNAP's JSON and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import requests

from balai.payments.models import BankRequest, Bill, Payment
from balai.payments.tests.snap_bank_client import (
    SnapBankClient,
    amount,
    external_id,
    snap_timestamp,
    va_number,
)
from balai.taxes.testing import make_bank

BILLER_CODE = "12345"  # the partnerServiceId this bank gave the regency
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$")
MONEY = re.compile(r"^\d{1,16}\.\d{2}$")


@pytest.fixture
def snap_bank(live_server, tax_object):
    bank = make_bank("bank-snap", partner_service_id=BILLER_CODE)
    return SnapBankClient(base_url=live_server.url, client_id=bank.client.client_key,
                          client_secret=bank.secret, private_key_pem=bank.private_key_pem,
                          partner_id=bank.client.code, partner_service_id=BILLER_CODE)


@pytest.fixture
def bill(sppt_bill):
    return sppt_bill


def assert_snap_answer(reply, code):
    assert reply.code == code, reply.body
    assert reply.status == int(code[:3])
    assert reply.headers["Content-Type"].startswith("application/json")
    assert STAMP.match(reply.headers["X-TIMESTAMP"]), reply.headers.get("X-TIMESTAMP")
    assert isinstance(reply.body["responseMessage"], str) and reply.body["responseMessage"]


def assert_money(value, rupiah=None):
    assert MONEY.match(value["value"]) and value["currency"] == "IDR"
    if rupiah is not None:
        assert value["value"] == f"{rupiah}.00"


def assert_account(data, code):
    assert data["partnerServiceId"] == "   12345"  # 8 characters, left-padded with spaces
    assert data["customerNo"] == code
    assert data["virtualAccountNo"] == "   12345" + code


def test_a_snap_bank_pays_a_bill_end_to_end(snap_bank, bill):
    token = snap_bank.get_token()
    assert_snap_answer(token, "2007300")
    assert token.body["tokenType"] == "Bearer" and token.body["accessToken"]
    assert token.body["expiresIn"] == "900"

    inquiry_id = "INQ-" + external_id()[:20]
    inquiry = snap_bank.inquiry(bill.payment_code, inquiry_id)
    assert_snap_answer(inquiry, "2002400")
    data = inquiry.body["virtualAccountData"]
    assert_account(data, bill.payment_code)
    assert data["inquiryRequestId"] == inquiry_id
    assert data["inquiryStatus"] == "00"
    assert set(data["inquiryReason"]) == {"english", "indonesia"}
    assert data["virtualAccountName"] == "S*** A*****"
    assert_money(data["totalAmount"])
    total = int(data["totalAmount"]["value"][:-3])
    assert total > bill.principal  # due 31-08-2026: interest as of today
    assert sum(int(d["billAmount"]["value"][:-3]) for d in data["billDetails"]) == total

    payment = snap_bank.payment(bill.payment_code, inquiry_id, total)
    assert_snap_answer(payment, "2002500")
    data = payment.body["virtualAccountData"]
    assert_account(data, bill.payment_code)
    assert data["paymentRequestId"] == inquiry_id
    assert data["paymentFlagStatus"] == "00"
    assert set(data["paymentFlagReason"]) == {"english", "indonesia"}
    assert data["virtualAccountName"] == "S*** A*****"
    assert_money(data["paidAmount"], total)
    assert STAMP.match(data["trxDateTime"])
    assert data["referenceNo"] == "123456789012345"  # repeated from the request
    bill.refresh_from_db()
    assert bill.status == Bill.Status.PAID
    credited = Payment.objects.get(bill=bill)
    assert credited.amount == total and credited.bank_reference == inquiry_id

    # The bill cannot be paid twice; a second inquiry says so.
    again = snap_bank.inquiry(bill.payment_code, "INQ-2")
    assert_snap_answer(again, "4042414")
    assert again.body["virtualAccountData"]["inquiryStatus"] == "01"
    assert_account(again.body["virtualAccountData"], bill.payment_code)

    status = snap_bank.status(bill.payment_code, inquiry_id)
    assert_snap_answer(status, "2002600")
    data = status.body["virtualAccountData"]
    assert_account(data, bill.payment_code)
    assert data["inquiryRequestId"] == inquiry_id and data["paymentRequestId"] == inquiry_id
    assert data["paymentFlagStatus"] == "00"
    assert_money(data["paidAmount"], total)
    assert STAMP.match(data["trxDateTime"])

    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date().isoformat()
    report = snap_bank.report(today)
    assert_snap_answer(report, "2003500")
    [entry] = report.body["virtualAccountData"]
    assert_account(entry, bill.payment_code)
    assert entry["paymentRequestId"] == inquiry_id
    assert_money(entry["paidAmount"], total)

    # Balai's own same-day reversal (SNAP has none), in the same conventions.
    reversal = snap_bank.call("/transfer-va/reversal", {
        **snap_bank.account(bill.payment_code),
        "originalExternalId": credited.external_id})
    assert_snap_answer(reversal, "2009700")
    assert_account(reversal.body["virtualAccountData"], bill.payment_code)
    assert_money(reversal.body["virtualAccountData"]["reversedAmount"], total)
    bill.refresh_from_db()
    assert bill.status == Bill.Status.UNPAID
    status = snap_bank.status(bill.payment_code, inquiry_id)
    assert_snap_answer(status, "2002600")
    assert status.body["virtualAccountData"]["paymentFlagStatus"] == "01"


def test_account_numbers_as_banks_write_them_are_understood(snap_bank, bill):
    # Without the padding, and with customerNo as a JSON number (as SNAP's own samples do).
    plain = snap_bank.call("/transfer-va/inquiry", {
        "partnerServiceId": BILLER_CODE, "customerNo": int(bill.payment_code),
        "virtualAccountNo": BILLER_CODE + bill.payment_code, "inquiryRequestId": "A1"})
    assert_snap_answer(plain, "2002400")
    assert_account(plain.body["virtualAccountData"], bill.payment_code)
    # A payment without trxDateTime (optional in SNAP) is booked now.
    total = int(plain.body["virtualAccountData"]["totalAmount"]["value"][:-3])
    payment = snap_bank.call("/transfer-va/payment", {
        **va_number(BILLER_CODE, bill.payment_code), "paymentRequestId": "A1",
        "paidAmount": amount(total)})
    assert_snap_answer(payment, "2002500")
    bill.refresh_from_db()
    assert bill.is_paid


def test_malformed_payments_get_snap_errors_and_change_nothing(snap_bank, bill):
    snap_bank.get_token()
    inquiry = snap_bank.inquiry(bill.payment_code, "B1")
    total = int(inquiry.body["virtualAccountData"]["totalAmount"]["value"][:-3])
    good = {**snap_bank.account(bill.payment_code), "paymentRequestId": "B1",
            "paidAmount": amount(total), "trxDateTime": snap_timestamp()}

    def changed(**fields):
        return {**good, **fields}

    def without(name):
        return {key: value for key, value in good.items() if key != name}

    pretty = '{\n    "partnerServiceId": "   12345"\n}'
    cases = [
        ({"raw_body": b'{"partnerServiceId": '}, "4002500"),
        ({"raw_body": b"[1, 2]"}, "4002500"),
        ({"raw_body": b'{"paidAmount": NaN}'}, "4002500"),
        ({"raw_body": b"\xff\xfe{}"}, "4002500"),
        ({"payload": good, "drop": ("X-EXTERNAL-ID",)}, "4002502"),
        ({"payload": good, "drop": ("CHANNEL-ID",)}, "4002502"),
        ({"payload": good, "drop": ("X-TIMESTAMP",)}, "4002502"),
        ({"payload": good, "drop": ("X-SIGNATURE",)}, "4002502"),
        ({"payload": good, "drop": ("Authorization",)}, "4002502"),
        ({"payload": without("paymentRequestId")}, "4002502"),
        ({"payload": without("partnerServiceId")}, "4002502"),
        ({"payload": without("paidAmount")}, "4002502"),
        ({"payload": changed(paidAmount={"value": f"{total}.00"})}, "4002502"),
        ({"payload": changed(paidAmount={"value": total, "currency": "IDR"})}, "4002501"),
        ({"payload": changed(paidAmount={"value": f"{total}", "currency": "IDR"})}, "4002501"),
        ({"payload": changed(paidAmount=f"{total}.00")}, "4002501"),
        ({"payload": changed(paidAmount=amount(total) | {"currency": "USD"})}, "4002501"),
        ({"payload": changed(paymentRequestId=12345)}, "4002501"),
        ({"payload": changed(customerNo=[bill.payment_code])}, "4002501"),
        ({"payload": changed(virtualAccountNo="   99999" + bill.payment_code)}, "4002501"),
        ({"payload": changed(trxDateTime="2026-12-01T10:00:00")}, "4002501"),
        ({"payload": changed(trxDateTime="kemarin")}, "4002501"),
        ({"payload": good, "stamp": snap_timestamp(
            dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10))}, "4002501"),
        ({"payload": good, "ext_id": "not/valid"}, "4002501"),
        ({"payload": changed(paidAmount=amount(total - 1))}, "4042513"),
        ({"payload": changed(paidAmount={"value": f"{total - 1}.50", "currency": "IDR"})},
         "4042513"),
        ({"payload": changed(**va_number("54321", bill.payment_code))}, "4042512"),
        ({"payload": changed(**va_number(BILLER_CODE, "12600000000000999"))}, "4042512"),
        ({"payload": good, "secret": "not-the-secret"}, "4012500"),
        ({"payload": good, "signed_body": pretty}, "4012500"),
        ({"payload": good, "override": {"X-PARTNER-ID": "bank-lain"}}, "4012500"),
        ({"payload": good, "override": {"Authorization": "Bearer tidak-sah"}}, "4012501"),
    ]
    for kwargs, code in cases:
        reply = snap_bank.call("/transfer-va/payment", **kwargs)
        assert_snap_answer(reply, code)
    # A refused payment with an account names the account and says it failed.
    reply = snap_bank.call("/transfer-va/payment", changed(paidAmount=amount(total - 1)))
    assert reply.body["virtualAccountData"]["paymentFlagStatus"] == "01"
    bill.refresh_from_db()
    assert bill.status == Bill.Status.UNPAID
    assert not Payment.objects.exists()
    # Only the successful inquiry used its X-EXTERNAL-ID; no refusal kept one.
    assert list(BankRequest.objects.values_list("service", flat=True)) == ["24"]


def test_an_x_external_id_is_used_once_a_day(snap_bank, bill):
    payload = {**snap_bank.account(bill.payment_code), "inquiryRequestId": "C1"}
    first = snap_bank.call("/transfer-va/inquiry", payload, ext_id="5001")
    assert_snap_answer(first, "2002400")
    # The same inquiry again (after a timeout): the same answer. Another one under the id: 409.
    again = snap_bank.call("/transfer-va/inquiry", payload, ext_id="5001")
    assert again.body == first.body
    other = snap_bank.call("/transfer-va/inquiry", {**payload, "inquiryRequestId": "C2"},
                           ext_id="5001")
    assert_snap_answer(other, "4092400")
    total = int(first.body["virtualAccountData"]["totalAmount"]["value"][:-3])
    paid = snap_bank.payment(bill.payment_code, "C1", total, ext_id="5002")
    assert_snap_answer(paid, "2002500")
    different = snap_bank.call("/transfer-va/payment", {
        **snap_bank.account(bill.payment_code), "paymentRequestId": "C9",
        "paidAmount": amount(total)}, ext_id="5002")
    assert_snap_answer(different, "4092500")
    # An id used by another service that day is taken too.
    status = snap_bank.status(bill.payment_code, "C1", ext_id="5001")
    assert_snap_answer(status, "4092600")
    assert Payment.objects.count() == 1


def test_the_same_payment_retried_gets_the_same_answer_and_credits_once(snap_bank, bill):
    inquiry = snap_bank.inquiry(bill.payment_code, "D1")
    payload = {**snap_bank.account(bill.payment_code), "paymentRequestId": "D1",
               "paidAmount": inquiry.body["virtualAccountData"]["totalAmount"]}
    first = snap_bank.call("/transfer-va/payment", payload, ext_id="6001")
    # The retry is minified on the wire this time, with a new timestamp and signature.
    retry = snap_bank.call("/transfer-va/payment",
                           raw_body=json.dumps(payload, separators=(",", ":")).encode(),
                           ext_id="6001")
    assert_snap_answer(first, "2002500")
    assert retry.body == first.body
    assert Payment.objects.count() == 1


def test_status_of_a_payment_never_made_is_not_found(snap_bank, bill):
    reply = snap_bank.status(bill.payment_code, "never-paid")
    assert_snap_answer(reply, "4042601")
    assert_account(reply.body["virtualAccountData"], bill.payment_code)
    reply = snap_bank.call("/transfer-va/status", snap_bank.account(bill.payment_code))
    assert_snap_answer(reply, "4002602")


def test_unknown_paths_and_wrong_methods_answer_snap_json(snap_bank, live_server):
    base = live_server.url
    cases = [
        ("GET", "/bank/v1.0/transfer-va/inquiry", 405, "4052400"),
        ("PUT", "/bank/v1.0/transfer-va/payment", 405, "4052500"),
        ("DELETE", "/bank/v1.0/transfer-va/status", 405, "4052600"),
        ("GET", "/bank/v1.0/access-token/b2b", 405, "4057300"),
        ("POST", "/bank/v1.0/transfer-va/tidak-ada", 404, "4040000"),
        ("POST", "/bank/v1.0/transfer-va/inquiry/", 404, "4040000"),
        ("GET", "/bank/v2.0/transfer-va/inquiry", 404, "4040000"),
        ("POST", "/bank/", 404, "4040000"),
    ]
    for method, path, http_status, code in cases:
        response = requests.request(method, base + path, data=b"{}", timeout=30,
                                    headers={"Content-Type": "application/json"})
        assert response.status_code == http_status, path
        assert response.headers["Content-Type"].startswith("application/json"), path
        assert STAMP.match(response.headers["X-TIMESTAMP"])
        assert response.json()["responseCode"] == code, path


def test_token_requests_are_checked_as_snap_says(snap_bank, live_server):
    url = f"{live_server.url}/bank/v1.0/access-token/b2b"
    stamp = snap_timestamp()
    headers = {"Content-Type": "application/json", "X-TIMESTAMP": stamp,
               "X-CLIENT-KEY": snap_bank.client_id,
               "X-SIGNATURE": snap_bank.asymmetric_signature(stamp)}
    cases = [
        (headers, {"grantType": "client_credentials"}, "2007300"),
        (headers, {}, "4007302"),
        (headers, {"grantType": "password"}, "4007301"),
        ({**headers, "X-SIGNATURE": "AAAA"}, {"grantType": "client_credentials"}, "4017300"),
        ({k: v for k, v in headers.items() if k != "X-CLIENT-KEY"},
         {"grantType": "client_credentials"}, "4007302"),
    ]
    for sent_headers, body, code in cases:
        response = requests.post(url, json=body, headers=sent_headers, timeout=30)
        assert response.json()["responseCode"] == code
        assert response.status_code == int(code[:3])
        assert STAMP.match(response.headers["X-TIMESTAMP"])
