"""Opening day on PostgreSQL: the same form sent several times at once registers one child,
and the waiting room never admits more sessions than its slots, however many arrive at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from balai.core.testing import make_citizen
from balai.education import actions
from balai.education.models import QueueTicket, Registration
from balai.education.tests.helpers import make_school, open_year, register


def _race(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list[Any] = []
    failures: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            results.append(work(n))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertions
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only (SQLite serializes every writer)")


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_at_once_registers_once(postgres_only, kubu_raya):
    year = open_year()
    school = make_school()
    parent = make_citizen().user
    results, failures = _race(4, lambda n: register(parent, year, [school],
                                                     idempotency_key="sekali-kirim-000001",
                                                     child_nik="6112015503130007"))
    assert failures == []
    assert len({r.pk for r in results}) == 1
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_waiting_room_never_admits_past_its_slots(postgres_only, kubu_raya, settings):
    open_year()
    settings.SPMB_WAITING_ROOM_SLOTS = 3
    results, failures = _race(8, lambda n: actions.enter_waiting_room(token=None))
    assert failures == []
    assert QueueTicket.objects.count() == 8
    assert QueueTicket.objects.filter(admitted_at__isnull=False).count() == 3
