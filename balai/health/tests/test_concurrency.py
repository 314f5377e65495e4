"""Several citizens book the last slot of a day at the same moment: exactly one gets it."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from balai.core.testing import make_citizen, make_office
from balai.health import actions
from balai.health.models import Polyclinic, Visit
from balai.health.testing import make_polyclinic


@pytest.mark.django_db(transaction=True)
def test_threads_racing_for_the_last_slot_never_overbook(kubu_raya):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only (SQLite serializes every writer)")
    # 4 a day, 1 kept for walk-ins: 3 bookable ahead, 2 of them taken before the race.
    polyclinic = make_polyclinic(office=make_office(), quota=4, walk_in_percent=25)
    day = timezone.localdate() + dt.timedelta(days=1)
    for _ in range(2):
        user = make_citizen().user
        actions.book_visit(polyclinic=polyclinic, date=day, channel=Visit.Channel.ONLINE,
                           actor=user, patient=user)
    racers = [make_citizen().user for _ in range(6)]
    barrier = threading.Barrier(len(racers))
    results: dict[int, str] = {}
    failures: list[BaseException] = []

    def work(user) -> None:
        try:
            mine = Polyclinic.objects.select_related("facility").get(pk=polyclinic.pk)
            barrier.wait()
            try:
                visit = actions.book_visit(polyclinic=mine, date=day,
                                           channel=Visit.Channel.ONLINE, actor=user,
                                           patient=user)
                results[user.pk] = f"no. {visit.number}"
            except actions.QueueFullError:
                results[user.pk] = "penuh"
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(results.values()) == ["no. 3"] + ["penuh"] * 5
    assert Visit.objects.filter(polyclinic=polyclinic, date=day).count() == 3
