"""Two officers act on one application at once: exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from balai.applications import actions
from balai.applications.models import Application, ApplicationEvent
from balai.applications.tests.helpers import akta_definition, make_submitted
from balai.core.testing import make_citizen, make_office, make_officer


@pytest.mark.django_db
def test_two_officers_with_same_version_only_one_wins(submitted, officer, verifikator):
    seen = submitted.version
    outcomes = []
    for actor, action, note in [(officer, "verifikasi", ""),
                                (verifikator, "minta_perbaikan", "Buram")]:
        try:
            actions.take_action(application=submitted, action=action, actor=actor, note=note,
                                corrections={"kk": "Buram"}, expected_version=seen)
            outcomes.append("menang")
        except actions.StaleApplication:
            outcomes.append("kalah")
    assert outcomes == ["menang", "kalah"]
    assert ApplicationEvent.objects.filter(application=submitted, kind="action").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_acting_at_once_only_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only (SQLite serializes every writer)")
    office = make_office()
    definition = akta_definition(office)
    application = make_submitted(make_citizen().user, definition)
    first = make_officer(office=office, role="verifikator")
    second = make_officer(office=office, role="verifikator")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def work(actor, action: str) -> None:
        try:
            mine = Application.objects.get(pk=application.pk)
            barrier.wait()
            actions.take_action(application=mine, action=action, actor=actor, note="Alasan",
                                corrections={"kk": "Buram"},
                                expected_version=application.version)
            results[action] = "menang"
        except actions.StaleApplication:
            results[action] = "kalah"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(first, "verifikasi")),
               threading.Thread(target=work, args=(second, "tolak"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == ["kalah", "menang"]
    application.refresh_from_db()
    winner = next(a for a, r in results.items() if r == "menang")
    assert application.state == {"verifikasi": "diverifikasi", "tolak": "ditolak"}[winner]
    assert application.version == 3
    assert ApplicationEvent.objects.filter(application=application, kind="action").count() == 1
