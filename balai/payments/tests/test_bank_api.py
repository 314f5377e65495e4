import datetime as dt

import pytest
from django.utils import timezone

from balai.core import events
from balai.ledger.models import LedgerEntry
from balai.payments import bank_api, snap
from balai.payments.actions import amount_due
from balai.payments.bank_client import django_client_transport
from balai.payments.models import BankRequest, Bill, Payment


@pytest.fixture
def session(bank, client):
    return bank.session(django_client_transport(client))


def total(bill):
    return sum(amount_due(bill, timezone.localdate()))


def test_token_with_a_bad_signature_is_refused(bank, client):
    other = bank.session(django_client_transport(client))
    other.private_key_pem = snap.new_key_pair()[0]
    answer = other.get_token()
    assert answer["responseCode"] == "4017300" and other.token == ""


def test_inquiry_answers_amount_with_interest_as_of_today(session, sppt_bill):
    status, answer = session.inquiry(sppt_bill.payment_code)
    assert status == 200 and answer["responseCode"] == "2002400"
    data = answer["virtualAccountData"]
    # Due 31-08-2026, asked on a later day: 1% for every started month.
    principal, interest = amount_due(sppt_bill, timezone.localdate())
    assert data["totalAmount"]["value"] == f"{principal + interest}.00"
    assert data["virtualAccountName"] == "S*** A*****"


def test_inquiry_of_an_unknown_code_gets_its_own_code(session, sppt_bill):
    from balai.payments.codes import make_code

    status, answer = session.inquiry(make_code(kind="pbjt", year=2026, serial=999))
    assert status == 404 and answer["responseCode"] == "4042412"
    # Digits that are no payment code (wrong check digits): an account that does not exist.
    status, answer = session.inquiry("12345")
    assert status == 404 and answer["responseCode"] == "4042412"
    assert answer["virtualAccountData"]["inquiryStatus"] == "01"
    status, answer = session.inquiry("12345X")
    assert status == 400 and answer["responseCode"] == "4002401"


def test_payment_credits_the_bill_once_and_replays_the_same_answer(session, sppt_bill):
    received = []

    def listener(**kwargs):
        received.append(kwargs)

    events.payment_credited.connect(listener)
    try:
        when = timezone.now()
        first = session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="1001",
                            request_id="R-1001", paid_at=when)
        again = session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="1001",
                            request_id="R-1001", paid_at=when)
    finally:
        events.payment_credited.disconnect(listener)
    assert first[0] == 200 and first[1]["responseCode"] == "2002500"
    assert len(received) == 1 and received[0]["revenue_kind"] == "pbb_p2"
    sppt_bill.refresh_from_db()
    assert sppt_bill.status == Bill.Status.PAID
    assert Payment.objects.count() == 1
    # The bank's retry differs only in its timestamp and signature: same answer, no credit.
    assert again[0] == 200 and again[1] == first[1]
    assert LedgerEntry.objects.filter(action="pembayaran.dibukukan").count() == 1


def test_paying_a_paid_bill_under_a_new_external_id_is_refused(session, sppt_bill):
    session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="2001")
    status, answer = session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="2002")
    assert status == 404 and answer["responseCode"] == "4042514"
    assert Payment.objects.count() == 1


def test_reused_external_id_with_another_request_is_a_conflict(session, sppt_bill):
    session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="3001")
    status, answer = session.pay(sppt_bill.payment_code, total(sppt_bill) + 1,
                                 external_id="3001")
    assert status == 409 and answer["responseCode"] == "4092500"


@pytest.mark.parametrize("change", ["amount", "signature", "stale", "partner", "token"])
def test_bad_payment_requests_get_their_own_code_and_change_nothing(session, sppt_bill, change):
    amount = total(sppt_bill) - 1 if change == "amount" else total(sppt_bill)
    kwargs = {}
    if change == "signature":
        kwargs["secret"] = "not-the-secret"
    if change == "stale":
        kwargs["stamp"] = snap.timestamp(timezone.now() - dt.timedelta(minutes=10))
    session.get_token()
    if change == "partner":
        session.partner_id = "bank-lain"
    if change == "token":
        session.token = "tidak-sah"
    status, answer = session.pay(sppt_bill.payment_code, amount, **kwargs)
    expected = {"amount": "4042513", "signature": "4012500", "stale": "4002501",
                "partner": "4012500", "token": "4012501"}[change]
    assert answer["responseCode"] == expected
    sppt_bill.refresh_from_db()
    assert sppt_bill.status == Bill.Status.UNPAID
    assert not Payment.objects.exists() and not BankRequest.objects.exists()


def test_reversal_the_same_day_restores_the_bill(session, sppt_bill):
    reversed_events = []
    events.payment_reversed.connect(lambda **kw: reversed_events.append(kw), weak=False,
                                    dispatch_uid="test-reversal")
    try:
        session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="4001")
        status, answer = session.reverse(sppt_bill.payment_code, "4001", external_id="4002")
        replay = session.reverse(sppt_bill.payment_code, "4001", external_id="4002")
    finally:
        events.payment_reversed.disconnect(dispatch_uid="test-reversal")
    assert status == 200 and answer["responseCode"] == "2009700"
    assert replay[1] == answer and len(reversed_events) == 1
    sppt_bill.refresh_from_db()
    assert sppt_bill.status == Bill.Status.UNPAID and sppt_bill.paid_at is None
    assert Payment.objects.get().status == Payment.Status.REVERSED
    # The bill may be paid again afterwards.
    status, answer = session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="4003")
    assert status == 200


def test_reversal_of_an_earlier_day_is_refused(session, sppt_bill):
    yesterday = timezone.now() - dt.timedelta(days=1)
    amount = sum(amount_due(sppt_bill, timezone.localdate(yesterday)))
    session.pay(sppt_bill.payment_code, amount, external_id="5001", paid_at=yesterday)
    status, answer = session.reverse(sppt_bill.payment_code, "5001", external_id="5002")
    assert status == 403 and answer["responseCode"] == "4039715"
    sppt_bill.refresh_from_db()
    assert sppt_bill.status == Bill.Status.PAID


def test_crash_after_commit_then_retry_completes(session, sppt_bill, client, monkeypatch):
    def crash(request, stored):
        raise RuntimeError("connection lost before the answer")

    monkeypatch.setattr(bank_api, "answer_sent", crash)
    client.raise_request_exception = False
    status, _answer = _raw_post(session, client, sppt_bill, "6001")
    assert status == 500
    monkeypatch.undo()
    status, answer = session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="6001",
                                 request_id="R-6001", paid_at=PAID_AT)
    assert status == 200 and answer["responseCode"] == "2002500"
    assert Payment.objects.count() == 1
    sppt_bill.refresh_from_db()
    assert sppt_bill.is_paid


PAID_AT = timezone.now()


def _raw_post(session, client, bill, external_id):
    """Post like session.pay, but keep the raw status of a server error (no JSON body)."""
    def transport(path, headers, body):
        response = client.post(path, data=body, content_type="application/json",
                               headers=headers)
        return response.status_code, {}

    session.get_token()
    session.transport = transport
    try:
        return session.pay(bill.payment_code, total(bill), external_id=external_id,
                           request_id="R-6001", paid_at=PAID_AT)
    finally:
        session.transport = django_client_transport(client)


def test_reconciliation_report_lists_the_days_payments(session, sppt_bill):
    session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="7001")
    status, answer = session.report(timezone.localdate().isoformat())
    assert status == 200 and answer["responseCode"] == "2003500"
    assert answer["additionalInfo"]["credited"]["count"] == 1
    [entry] = answer["virtualAccountData"]
    assert entry["additionalInfo"]["externalId"] == "7001"
    assert entry["virtualAccountNo"] == f"   88899{sppt_bill.payment_code}"
    status, answer = session.report("kemarin")
    assert answer["responseCode"] == "4003501"


def test_out_of_order_and_late_callbacks_never_credit_twice(session, sppt_bill):
    status, answer = session.reverse(sppt_bill.payment_code, "8001", external_id="8000")
    assert status == 404 and answer["responseCode"] == "4049701"  # reversal before payment
    when = timezone.now()
    pay = {"request_id": "R-8001", "paid_at": when, "external_id": "8001"}
    first = session.pay(sppt_bill.payment_code, total(sppt_bill), **pay)
    session.reverse(sppt_bill.payment_code, "8001", external_id="8002")
    # The payment's callback arrives again after the reversal: the original answer, no credit.
    late = session.pay(sppt_bill.payment_code, total(sppt_bill), **pay)
    assert late[1] == first[1]
    assert Payment.objects.count() == 1
    sppt_bill.refresh_from_db()
    assert sppt_bill.status == Bill.Status.UNPAID


def test_report_reads_a_fixed_number_of_queries_however_many_payments(session, sppt_bill):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def report_queries():
        session.get_token()
        with CaptureQueriesContext(connection) as queries:
            status, answer = session.report(timezone.localdate().isoformat())
        assert status == 200
        return len(queries), len(answer["virtualAccountData"])

    session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="7101")
    one = report_queries()
    # Paid, reversed and paid again: three payments, each row with its bill and payer.
    session.reverse(sppt_bill.payment_code, "7101", external_id="7102")
    session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="7103")
    session.reverse(sppt_bill.payment_code, "7103", external_id="7104")
    session.pay(sppt_bill.payment_code, total(sppt_bill), external_id="7105")
    three = report_queries()
    assert one[1] == 1 and three[1] == 3
    assert one[0] == three[0]


def test_a_body_over_the_upload_limit_gets_snap_json(session, sppt_bill, settings):
    session.get_token()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64
    status, answer = session.pay(sppt_bill.payment_code, total(sppt_bill))
    assert status == 400 and answer["responseCode"] == "4002500"
    assert not Payment.objects.exists()
