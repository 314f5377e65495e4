"""The gateway delivers the same SMS twice at the same moment: one answer."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from balai.notifications.models import Message
from balai.sms import actions
from balai.sms.models import InboundSms


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_deliveries_of_one_sms_are_answered_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts: PostgreSQL only (SQLite serializes every writer)")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def deliver() -> None:
        try:
            barrier.wait()
            received = actions.receive_sms(gateway_id="gw-sama", phone="081234500001",
                                           text="INFO")
            results.append("baru" if received is not None else "duplikat")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["baru", "duplikat"]
    assert InboundSms.objects.count() == 1
    assert Message.objects.filter(channel="sms").count() == 1
