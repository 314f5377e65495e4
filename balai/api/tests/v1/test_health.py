"""The health queue's read-only API: facilities with their polyclinics, and today's board."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from balai.core.testing import make_office, make_officer
from balai.health import actions
from balai.health.models import Task
from balai.health.testing import make_polyclinic

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(kubu_raya):
    return make_office(code="upt-api", name="UPT Puskesmas API")


def test_facilities_are_listed_with_their_polyclinics_in_bounded_queries(client, office):
    make_polyclinic(office=office, code="API-UMUM")
    with CaptureQueriesContext(connection) as few:
        body = client.get("/api/v1/health/facilities?kecamatan=61.12.01").json()
    for n in range(4):
        make_polyclinic(office=office, code=f"API{n}-UMUM")
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/health/facilities").json()["items"]) == 5
    assert len(more) == len(few)
    [facility] = body["items"]
    assert facility["kind"] == "puskesmas" and facility["kecamatan_code"] == "61.12.01"
    assert facility["polyclinics"] == [{"code": "API-UMUM", "name": "Poli Umum",
                                        "service_minutes": 10, "walk_in_percent": 30}]
    assert client.get("/api/v1/health/facilities?kecamatan=61.12.03").json()["items"] == []
    assert client.get("/api/v1/health/facilities?per_page=0").status_code == 422


def test_the_queue_shows_numbers_only(client, office):
    polyclinic = make_polyclinic(office=office, code="API-UMUM")
    officer = make_officer(office=office)
    visit = actions.book_visit(polyclinic=polyclinic, date=timezone.localdate(),
                               channel="loket", actor=officer, patient_name="Rahasia Sekali",
                               walk_in=True)
    for task in (Task.ADMISSION, Task.WAIT_POLI):
        actions.record_stage(visit=visit, actor=officer, task=task)
    response = client.get(f"/api/v1/health/facilities/{polyclinic.facility.code}/queue")
    assert response.status_code == 200
    assert response.json()["polyclinics"] == [{"code": "API-UMUM", "name": "Poli Umum",
                                               "called": None, "waiting": ["UMUM-001"],
                                               "waiting_count": 1}]
    assert "Rahasia" not in response.content.decode()
    missing = client.get("/api/v1/health/facilities/tidak-ada/queue")
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
