"""/api/v1/literacy/sessions: the upcoming sessions, filtered, paginated, in a fixed number
of queries; bad filters give the structured error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.core.testing import make_citizen, make_office, make_officer
from balai.literacy import actions
from balai.regions.queries import get_kecamatan

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(kubu_raya):
    office = make_office(code="diskominfo-api", name="Diskominfo (uji)")
    organiser = make_officer(office=office, role="petugas")
    safety = actions.create_programme(actor=organiser, office=office, title="Aman Daring",
                                      description="Uji.", kind="sosialisasi", pillar="aman")
    ethics = actions.create_programme(actor=organiser, office=office, title="Etika Daring",
                                      description="Uji.", kind="seminar", pillar="etika")
    start = timezone.now() + dt.timedelta(days=4)
    made = []
    for programme, kecamatan, groups in [(safety, "61.12.01", ["lansia"]),
                                         (ethics, None, ["pelajar", "pemuda"])]:
        made.append(actions.schedule_session(
            actor=organiser, programme=programme, starts_at=start,
            ends_at=start + dt.timedelta(hours=2), capacity=1, target_groups=groups,
            kecamatan=get_kecamatan(kecamatan) if kecamatan else None,
            online_url="" if kecamatan else "https://meet.example.org/rahasia"))
        start += dt.timedelta(hours=3)
    for _ in range(2):
        actions.register_for_session(session=made[0], participant=make_citizen().user)
    return made


def test_sessions_are_listed_soonest_first_with_seats(client, sessions):
    body = client.get("/api/v1/literacy/sessions").json()
    first, second = body["items"]
    assert (first["programme"], first["pillar"], first["seats_taken"], first["waitlist"]) == (
        "Aman Daring", "aman", 1, 1)
    assert first["place"]["kecamatan"] == "Sungai Raya"
    assert second["place"]["online"] is True and "rahasia" not in str(body)
    assert second["target_groups"] == ["pelajar", "pemuda"]
    assert first["url"].endswith(f"/literasi-digital/sesi/{sessions[0].pk}/")
    assert body["page"] == {"number": 1, "per_page": 25, "has_next": False,
                            "has_previous": False}


def test_sessions_filter_by_pillar_target_group_and_kecamatan(client, sessions):
    def titles(query: str) -> list[str]:
        return [s["programme"] for s in client.get(
            f"/api/v1/literacy/sessions?{query}").json()["items"]]

    assert titles("pillar=etika") == ["Etika Daring"]
    assert titles("target_group=lansia") == ["Aman Daring"]
    assert titles("kecamatan=61.12.01") == ["Aman Daring"]
    assert titles("per_page=1&page=2") == ["Etika Daring"]


def test_bad_filters_give_the_structured_error(client, sessions):
    response = client.get("/api/v1/literacy/sessions?pillar=bukan")
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_ERROR"
    response = client.get("/api/v1/literacy/sessions?per_page=1000")
    assert response.status_code == 422
    assert "per_page" in response.json()["details"]["fields"]


def test_session_list_query_count_does_not_grow(client, sessions):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/literacy/sessions").status_code == 200
        return len(captured)

    few = count()
    programme = sessions[0].programme
    for _ in range(4):
        start = timezone.now() + dt.timedelta(days=6)
        actions.schedule_session(actor=programme.created_by, programme=programme,
                                 starts_at=start, ends_at=start + dt.timedelta(hours=1),
                                 capacity=3, target_groups=["umkm"],
                                 kecamatan=get_kecamatan("61.12.02"))
    assert count() == few
