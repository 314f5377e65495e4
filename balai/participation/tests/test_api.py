"""/api/v1/ideas, /api/v1/consultations and /api/v1/polls."""

from __future__ import annotations

from balai.api.actions import create_token


def _auth(user):
    return {"Authorization": f"Bearer {create_token(user=user, name='u', scopes='read write')[1]}"}


def test_ideas_list_detail_create_support_comment(client, citizen, other_citizen, topic, idea):
    listed = client.get("/api/v1/ideas").json()
    assert [i["id"] for i in listed["items"]] == [idea.pk]
    assert listed["items"][0]["author"] == "Siti"
    headers = _auth(other_citizen.user)
    created = client.post("/api/v1/ideas", content_type="application/json", headers=headers,
                          data={"kind": "saran", "topic": "jalan", "title": "Perbaiki halte",
                                "body": "Halte di depan pasar atapnya bocor saat hujan."})
    assert created.status_code == 201 and created.json()["visibility"] == "tampil"
    assert client.post(f"/api/v1/ideas/{idea.pk}/support", headers=headers).status_code == 200
    twice = client.post(f"/api/v1/ideas/{idea.pk}/support", headers=headers)
    assert twice.status_code == 400 and twice.json()["code"] == "IDEA_ALREADY_SUPPORTED"
    comment = client.post(f"/api/v1/ideas/{idea.pk}/comments", content_type="application/json",
                          headers=headers, data={"body": "Setuju sekali."})
    assert comment.status_code == 201
    detail = client.get(f"/api/v1/ideas/{idea.pk}").json()
    assert detail["supports"] == 1 and detail["thread"][0]["body"] == "Setuju sekali."
    bad = client.post("/api/v1/ideas", content_type="application/json", headers=headers,
                      data={"kind": "x", "topic": "jalan", "title": "", "body": ""})
    assert bad.status_code == 422 and bad.json()["code"] == "VALIDATION_ERROR"


def test_consultation_and_poll_endpoints(client, citizen, open_consultation, poll):
    headers = _auth(citizen.user)
    listed = client.get("/api/v1/consultations").json()
    assert listed[0]["is_open"] is True
    section = open_consultation.sections.first()
    posted = client.post(f"/api/v1/consultations/sections/{section.pk}/comments",
                         content_type="application/json", headers=headers,
                         data={"body": "Tambahkan definisi bank sampah."})
    assert posted.status_code == 201
    detail = client.get(f"/api/v1/consultations/{open_consultation.pk}").json()
    assert detail["sections"][0]["comments"][0]["body"] == "Tambahkan definisi bank sampah."
    polls = client.get("/api/v1/polls").json()
    assert polls[0]["options"][0]["votes"] is None  # hidden until the caller votes
    option = poll.options.first()
    voted = client.post(f"/api/v1/polls/{poll.pk}/vote", content_type="application/json",
                        headers=headers, data={"options": [option.pk]})
    assert voted.status_code == 200 and voted.json()["options"][0]["votes"] == 1
    again = client.post(f"/api/v1/polls/{poll.pk}/vote", content_type="application/json",
                        headers=headers, data={"options": [option.pk]})
    assert again.json()["code"] == "POLL_ALREADY_VOTED"


def test_openapi_documents_participation_and_complaints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/complaints", "/api/v1/complaints/{number}", "/api/v1/ideas",
                 "/api/v1/consultations/{consultation_id}", "/api/v1/polls/{poll_id}/vote"]:
        assert path in paths, path
