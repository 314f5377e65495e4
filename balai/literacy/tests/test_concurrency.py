"""Several citizens register for the last seat at the same moment: exactly one gets it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from balai.core.testing import make_citizen
from balai.literacy import actions
from balai.literacy.models import Registration, Session


@pytest.mark.django_db(transaction=True)
def test_threads_racing_for_the_last_seat_never_overbook(kubu_raya, programme, organiser):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only (SQLite serializes every writer)")
    from balai.literacy.tests.conftest import make_session

    session = make_session(programme, organiser, capacity=2)
    actions.register_for_session(session=session, participant=make_citizen().user)
    racers = [make_citizen().user for _ in range(5)]
    barrier = threading.Barrier(len(racers))
    results: dict[int, str] = {}
    failures: list[BaseException] = []

    def work(user) -> None:
        try:
            mine = Session.objects.get(pk=session.pk)
            barrier.wait()
            results[user.pk] = actions.register_for_session(session=mine,
                                                            participant=user).status
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
    assert sorted(results.values()) == ["menunggu"] * 4 + ["terdaftar"]
    assert Registration.objects.filter(session=session, status="terdaftar").count() == 2
