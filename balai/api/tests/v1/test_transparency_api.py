"""/api/v1/information, /api/v1/datasets and /api/v1/dashboard."""

from __future__ import annotations

import pytest
from django.utils import timezone

from balai.api.tests.helpers import bearer, token_for
from balai.core import events
from balai.core.testing import make_officer
from balai.information import actions as info_actions
from balai.information.models import Category, InformationRequest
from balai.opendata import actions as data_actions
from balai.opendata.models import DatasetVersion

pytestmark = pytest.mark.django_db

REQUEST = {"information": "Salinan APBD 2026", "purpose": "Kajian warga"}


def test_catalogue_api_lists_items_and_hides_exempt_files(client, office_a):
    ppid = make_officer(office=office_a, role="ppid")
    info_actions.publish_item(actor=ppid, office=office_a, title="APBD 2026",
                              category=Category.BERKALA)
    info_actions.publish_item(actor=ppid, office=office_a, title="Sandi jaringan",
                              category=Category.DIKECUALIKAN, legal_basis="Pasal 17 huruf c",
                              consequence_test="Celah keamanan.")
    body = client.get("/api/v1/information/items").json()
    assert body["page"]["count"] == 2
    body = client.get("/api/v1/information/items?category=dikecualikan").json()
    assert body["items"][0]["legal_basis"] == "Pasal 17 huruf c"
    assert body["items"][0]["files"] == []
    bad = client.get("/api/v1/information/items?category=rahasia")
    assert bad.status_code == 422 and bad.json()["code"] == "VALIDATION_ERROR"


def test_request_through_api_and_objection_too_early(client, citizen, office_a):
    secret = token_for(citizen.user)
    response = client.post("/api/v1/information/requests", {"office": office_a.code, **REQUEST},
                           content_type="application/json", headers=bearer(secret))
    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("INF-") and body["status"] == "diterima"
    info = InformationRequest.objects.get()
    assert str(info.due_date) == body["due_date"]
    early = client.post(f"/api/v1/information/requests/{info.number}/objection",
                        {"ground": "c", "reason": "Belum dijawab."},
                        content_type="application/json", headers=bearer(secret))
    assert early.status_code == 400 and early.json()["code"] == "OBJECTION_TOO_EARLY"
    listed = client.get("/api/v1/information/requests", headers=bearer(secret)).json()
    assert listed["items"][0]["number"] == info.number


def test_request_without_purpose_is_refused_with_a_code(client, citizen, office_a):
    secret = token_for(citizen.user)
    response = client.post("/api/v1/information/requests",
                           {"office": office_a.code, "information": "x", "purpose": " "},
                           content_type="application/json", headers=bearer(secret))
    assert response.status_code == 400
    assert response.json()["code"] == "INFORMATION_PURPOSE_REQUIRED"
    missing = client.post("/api/v1/information/requests", {"office": office_a.code},
                          content_type="application/json", headers=bearer(secret))
    assert missing.status_code == 422
    assert not InformationRequest.objects.exists()
    anonymous = client.post("/api/v1/information/requests", {"office": office_a.code, **REQUEST},
                            content_type="application/json")
    assert anonymous.status_code == 401


def test_other_citizen_cannot_read_a_request(client, citizen, other_citizen, office_a):
    info, _ = info_actions.submit_request(actor=citizen.user, office=office_a,
                                          format="softcopy", delivery="daring", **REQUEST)
    secret = token_for(other_citizen.user)
    response = client.get(f"/api/v1/information/requests/{info.number}", headers=bearer(secret))
    assert response.status_code == 404


def test_dataset_api_and_data_download_counts(client, office_a):
    dataset = data_actions.create_dataset(actor="uji", office=office_a, slug="desa",
                                          title="Desa")
    data_actions.publish_version(actor="uji", dataset=dataset, columns=["a"], rows=[["1"]])
    data_actions.publish_version(actor="uji", dataset=dataset, columns=["a"], rows=[["2"]])
    listed = client.get("/api/v1/datasets").json()
    assert listed["items"][0]["slug"] == "desa" and listed["items"][0]["version"] == 2
    data = client.get("/api/v1/datasets/desa/data?version=1").json()
    assert data["rows"] == [["1"]]
    assert DatasetVersion.objects.get(number=1).downloads_json == 1
    assert client.get("/api/v1/datasets/desa/data?version=7").status_code == 422
    assert client.get("/api/v1/datasets/tidak-ada").status_code == 404


def test_dashboard_api_gives_figures(client, office_a):
    class Case:
        pk, number = 1, "KR-1"

    now = timezone.now()
    events.case_opened.send(sender=Case, kind="application", obj=Case(), office_id=office_a.pk,
                            topic="akta-kelahiran", kecamatan_code="", opened_at=now)
    events.case_closed.send(sender=Case, kind="application", obj=Case(), office_id=office_a.pk,
                            topic="akta-kelahiran", kecamatan_code="", opened_at=now,
                            closed_at=now, outcome="completed", on_time=True, working_days=3,
                            user_id=None)
    body = client.get("/api/v1/dashboard").json()
    row = body["services"][0]
    assert (row["received"], row["completed"], row["median_working_days"]) == (1, 1, 3)
    assert row["on_time_rate"] == 100.0
    assert len(body["months"]) == 12
    assert client.get("/api/v1/dashboard?office=tidak-ada").status_code == 422
    assert client.get("/api/v1/dashboard?year=1900").status_code == 422
