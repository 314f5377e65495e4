import json
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from balai.payments.actions import amount_due
from balai.payments.bank_client import local_transport
from balai.payments.models import BankRequest, Bill, Payment

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks under real concurrency need PostgreSQL")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_many_identical_payment_posts_credit_exactly_once(bank, sppt_bill):
    session = bank.session(local_transport)
    session.get_token()
    amount = sum(amount_due(sppt_bill, timezone.localdate()))
    when = timezone.now()
    results = _race([lambda: session.pay(sppt_bill.payment_code, amount, external_id="9001",
                                         request_id="R-9001", paid_at=when)] * 12)
    assert {status for status, _answer in results} == {200}
    # jsonb keeps no key order: compare the answers as data.
    assert len({json.dumps(answer, sort_keys=True) for _status, answer in results}) == 1
    assert Payment.objects.count() == 1 and BankRequest.objects.count() == 1
    assert Bill.objects.get(pk=sppt_bill.pk).status == Bill.Status.PAID


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_different_external_ids_credit_once(bank, sppt_bill):
    session = bank.session(local_transport)
    session.get_token()
    amount = sum(amount_due(sppt_bill, timezone.localdate()))
    results = _race([lambda i=i: session.pay(sppt_bill.payment_code, amount,
                                             external_id=f"95{i:02d}") for i in range(8)])
    codes = sorted(answer["responseCode"] for _status, answer in results)
    assert codes == ["2002500"] + ["4042514"] * 7
    assert Payment.objects.filter(status=Payment.Status.CREDITED).count() == 1
