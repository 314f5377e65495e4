"""/api/v1/complaints: public list and detail, filing, the reporter's and officers' steps."""

from __future__ import annotations

from balai.api.actions import create_token
from balai.complaints.models import Complaint, Status
from balai.complaints.tests.helpers import make_complaint


def _auth(user, scopes="read write"):
    return {"Authorization": f"Bearer {create_token(user=user, name='uji', scopes=scopes)[1]}"}


def test_public_list_and_detail_without_reporter(client, citizen, category, village,
                                                 django_assert_max_num_queries):
    for _ in range(3):
        make_complaint(reporter=citizen.user, category=category, village=village)
    make_complaint(reporter=citizen.user, category=category, village=village, confidential=True)
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/complaints?per_page=2").json()
    assert len(data["items"]) == 2 and data["page"]["has_next"] is True
    number = data["items"][0]["number"]
    detail = client.get(f"/api/v1/complaints/{number}").json()
    assert detail["category"] == "jalan-rusak" and "reporter" not in detail
    assert citizen.user.full_name not in str(detail)
    secret = Complaint.objects.get(is_confidential=True)
    missing = client.get(f"/api/v1/complaints/{secret.number}")
    assert missing.status_code == 404 and missing.json()["code"] == "NOT_FOUND"
    bad = client.get("/api/v1/complaints?status=hilang")
    assert bad.status_code == 422 and bad.json()["code"] == "VALIDATION_ERROR"


def test_citizen_files_and_handles_own_complaint(client, citizen, officer, category, village):
    response = client.post("/api/v1/complaints", content_type="application/json",
                           headers=_auth(citizen.user), data={
                               "category": "jalan-rusak", "village": village.code,
                               "description": "Drainase tersumbat sampah di pinggir pasar.",
                               "anonymous": True})
    assert response.status_code == 201
    number = response.json()["number"]
    complaint = Complaint.objects.get(number=number)
    assert complaint.is_anonymous and complaint.reporter_id is None
    mine = client.get("/api/v1/complaints/mine", headers=_auth(citizen.user)).json()
    assert [i["number"] for i in mine["items"]] == [number]
    officer_headers = _auth(officer)
    queue = client.get("/api/v1/complaints/queue", headers=officer_headers).json()
    assert [i["number"] for i in queue["items"]] == [number]
    for action, body in [("verify", {}), ("respond", {"note": "Sudah dibersihkan.",
                                                      "internal_note": "Tim DLH"}),
                         ("close", {"note": "Selesai."})]:
        done = client.post(f"/api/v1/complaints/{number}/actions/{action}",
                           content_type="application/json", headers=officer_headers, data=body)
        assert done.status_code == 200, done.json()
    assert client.post(f"/api/v1/complaints/{number}/rating", content_type="application/json",
                       headers=_auth(citizen.user), data={"rating": 5}).status_code == 200
    again = client.post(f"/api/v1/complaints/{number}/rating", content_type="application/json",
                        headers=_auth(citizen.user), data={"rating": 4})
    assert again.status_code == 400 and again.json()["code"] == "COMPLAINT_ALREADY_RATED"
    complaint.refresh_from_db()
    assert complaint.status == Status.SELESAI and complaint.rating == 5


def test_api_bad_input_is_structured(client, citizen, officer_other_office, category):
    headers = _auth(citizen.user)
    short = client.post("/api/v1/complaints", content_type="application/json", headers=headers,
                        data={"category": "jalan-rusak", "description": "rusak"})
    assert short.status_code == 422 and "payload.description" in short.json()["details"]["fields"]
    unknown = client.post("/api/v1/complaints", content_type="application/json", headers=headers,
                          data={"category": "x", "description": "x" * 30})
    assert unknown.json()["details"]["fields"] == {"category": ["Kategori tidak dikenal."]}
    read_only = client.post("/api/v1/complaints", content_type="application/json",
                            headers=_auth(citizen.user, "read"),
                            data={"category": "jalan-rusak", "description": "x" * 30})
    assert read_only.status_code == 403
    assert client.get("/api/v1/complaints/queue",
                      headers=_auth(officer_other_office)).json()["items"] == []
    assert not Complaint.objects.exists()
