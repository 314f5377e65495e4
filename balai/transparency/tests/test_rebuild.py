"""Complaints, information requests and payments feed the dashboard through their events; the
aggregates kept incrementally equal those `rebuild_dashboard` computes from the tables, for every
kind, forwarded complaints and reversed payments included."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from balai.complaints import actions as complaint_actions
from balai.complaints.tests.conftest import category, village  # noqa: F401 - fixtures
from balai.complaints.tests.helpers import make_complaint
from balai.core.testing import make_officer
from balai.information import actions as information_actions
from balai.information.tests.conftest import ppid  # noqa: F401 - fixture
from balai.payments.actions import amount_due
from balai.payments.bank_client import django_client_transport
from balai.taxes.testing import (  # noqa: F401 - fixtures
    bank,
    bapenda,
    sppt_bill,
    tariff,
    tax_object,
    taxpayer,
)
from balai.transparency.models import CaseCounter, DurationBucket, PaymentCounter

pytestmark = pytest.mark.django_db
FORM = {"information": "Daftar proyek jalan 2026", "purpose": "Pengawasan warga",
        "format": "softcopy", "delivery": "daring"}


def _snapshot() -> tuple[list, list, list]:
    counters = sorted(CaseCounter.objects.exclude(opened=0, closed=0).values_list(
        "office_id", "kind", "topic", "month", "opened", "closed", "completed", "on_time",
        "working_days_total"))
    buckets = sorted(DurationBucket.objects.exclude(count=0).values_list(
        "office_id", "kind", "topic", "year", "days", "count"))
    payments = sorted(PaymentCounter.objects.exclude(payments=0, amount=0).values_list(
        "office_id", "revenue_kind", "month", "payments", "amount"))
    return counters, buckets, payments


def _rebuilt() -> tuple[list, list, list]:
    call_command("rebuild_dashboard", stdout=io.StringIO())
    return _snapshot()


def test_complaints_forwarded_closed_and_open_rebuild_to_the_same_counters(
        citizen, other_citizen, category, village, office_a, office_b):  # noqa: F811
    officer = make_officer(office=office_a, role="petugas", full_name="Petugas A")
    officer_b = make_officer(office=office_b, role="petugas", full_name="Petugas B")
    resolved, rejected, merged, forwarded, _open = (
        make_complaint(reporter=user, category=category, village=village)
        for user in (citizen.user, other_citizen.user, citizen.user, other_citizen.user,
                     citizen.user))
    complaint_actions.verify_complaint(actor=officer, complaint=resolved)
    complaint_actions.close_complaint(actor=officer, complaint=resolved, note="Sudah ditambal.")
    complaint_actions.confirm_complaint(actor=citizen.user, complaint=resolved)
    complaint_actions.reject_complaint(actor=officer, complaint=rejected,
                                       reason="Jalan nasional, bukan kewenangan kabupaten.")
    complaint_actions.merge_complaint(actor=officer, complaint=merged, into=resolved,
                                      note="Laporan yang sama.")
    forwarded = complaint_actions.forward_complaint(actor=officer, complaint=forwarded,
                                                    office=office_b,
                                                    note="Kewenangan kantor lain.")
    complaint_actions.verify_complaint(actor=officer_b, complaint=forwarded)

    received = {row.office_id: row.opened for row in CaseCounter.objects.filter(kind="complaint")}
    assert received == {office_a.pk: 4, office_b.pk: 1}  # the forwarded one moved
    closed_a = CaseCounter.objects.get(kind="complaint", office=office_a)
    assert (closed_a.closed, closed_a.completed) == (3, 1)
    incremental = _snapshot()
    assert _rebuilt() == incremental


def test_information_requests_rebuild_to_the_same_counters(citizen, office_a, ppid):  # noqa: F811
    answered, _code = information_actions.submit_request(actor=citizen.user, office=office_a,
                                                         **FORM)
    information_actions.submit_request(actor=citizen.user, office=office_a, **FORM)
    information_actions.answer_request(actor=ppid, request=answered, outcome="granted",
                                       answer="Terlampir.", refusal_basis="",
                                       expected_version=answered.version)
    counter = CaseCounter.objects.get(kind="information_request")
    assert (counter.opened, counter.closed, counter.completed, counter.on_time) == (2, 1, 1, 1)
    incremental = _snapshot()
    assert _rebuilt() == incremental


def test_payments_credited_and_reversed_rebuild_to_the_same_counters(bank, client, sppt_bill):  # noqa: F811
    session = bank.session(django_client_transport(client))
    amount = sum(amount_due(sppt_bill, timezone.localdate()))
    session.pay(sppt_bill.payment_code, amount, external_id="5001")
    session.reverse(sppt_bill.payment_code, "5001", external_id="5002")
    session.pay(sppt_bill.payment_code, amount, external_id="5003")
    counter = PaymentCounter.objects.get()
    assert (counter.payments, counter.amount) == (1, amount)
    incremental = _snapshot()
    assert _rebuilt() == incremental
