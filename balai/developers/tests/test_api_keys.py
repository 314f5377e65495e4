"""Developer-portal keys in the API: the sandbox of a test key, live keys only after approval,
rotation with an overlap, revocation, per-key rate limits and usage counters."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from balai.applications.models import Application
from balai.developers import actions
from balai.developers.models import AppKey, KeyUsage, SandboxApplication
from balai.developers.tests.helpers import LEGALISIR_VALUES, bearer, make_key

pytestmark = pytest.mark.django_db


def _create(client, secret, **extra):
    return client.post("/api/v1/applications",
                       {"service": "legalisir-ijazah", "data": LEGALISIR_VALUES},
                       content_type="application/json",
                       headers=bearer(secret, **{"Idempotency-Key": str(uuid.uuid4())}, **extra))


def test_a_test_key_applies_in_the_sandbox_with_live_shaped_answers(client, app, legalisir):
    _key, secret = make_key(app)
    created = _create(client, secret)
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["is_draft"] and draft["service"]["code"] == "legalisir-ijazah"
    assert draft["data"]["nama_pemilik"] == "Nur Aisyah"

    submitted = client.post(f"/api/v1/applications/{draft['ref']}/submit",
                            headers=bearer(secret, **{"Idempotency-Key": "kirim-0000000001"}))
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["number"].startswith("UJI-") and body["state"] == "diajukan"
    assert body["due_date"] and body["timeline"][0]["to_state"] == "diajukan"
    # Retried with the same key: the same application, not an error.
    again = client.post(f"/api/v1/applications/{draft['ref']}/submit",
                        headers=bearer(secret, **{"Idempotency-Key": "kirim-0000000001"}))
    assert again.status_code == 200 and again.json()["number"] == body["number"]

    detail = client.get(f"/api/v1/applications/{body['number']}", headers=bearer(secret))
    assert detail.status_code == 200 and detail.json()["number"] == body["number"]
    listing = client.get("/api/v1/applications", headers=bearer(secret)).json()
    assert [row["number"] for row in listing["items"]] == [body["number"]]
    # Nothing real was made: no application an officer could see.
    assert not Application.objects.exists()
    assert SandboxApplication.objects.get().app == app


def test_the_sandbox_validates_form_values_like_live(client, app, legalisir):
    _key, secret = make_key(app)
    response = client.post("/api/v1/applications",
                           {"service": "legalisir-ijazah", "data": {"jenjang": "SMA"}},
                           content_type="application/json",
                           headers=bearer(secret, **{"Idempotency-Key": str(uuid.uuid4())}))
    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "data.nama_pemilik" in response.json()["details"]["fields"]


def test_one_apps_sandbox_is_invisible_to_another_app(client, app, legalisir, other_citizen):
    from balai.developers.tests.helpers import make_app

    _key, secret = make_key(app)
    ref = _create(client, secret).json()["ref"]
    _other, other_secret = make_key(make_app(other_citizen.user))
    assert client.get(f"/api/v1/applications/{ref}", headers=bearer(other_secret)
                      ).status_code == 404


def test_a_test_key_is_refused_where_there_is_no_sandbox(client, app):
    _key, secret = make_key(app)
    response = client.get("/api/v1/bills", headers=bearer(secret))
    assert response.status_code == 403
    assert response.json()["code"] == "SANDBOX_NOT_AVAILABLE"
    # Public data answers as to anyone.
    assert client.get("/api/v1/services", headers=bearer(secret)).status_code == 200


def test_a_read_key_cannot_write_in_the_sandbox(client, app, legalisir):
    _key, secret = make_key(app, scopes="read")
    response = _create(client, secret)
    assert response.status_code == 403 and response.json()["details"] == {
        "required_scope": "write"}


def test_simulate_moves_a_sandbox_application_and_only_with_a_test_key(client, app, legalisir,
                                                                       citizen):
    _key, secret = make_key(app)
    ref = _create(client, secret).json()["ref"]
    number = client.post(f"/api/v1/applications/{ref}/submit",
                         headers=bearer(secret, **{"Idempotency-Key": "kirim-0000000002"})
                         ).json()["number"]
    moved = client.post(f"/api/v1/sandbox/applications/{number}/simulate",
                        {"action": "verifikasi"}, content_type="application/json",
                        headers=bearer(secret))
    assert moved.status_code == 200 and moved.json()["state"] == "diverifikasi"
    wrong = client.post(f"/api/v1/sandbox/applications/{number}/simulate",
                        {"action": "verifikasi"}, content_type="application/json",
                        headers=bearer(secret))
    assert wrong.status_code == 409 and "setujui" in wrong.json()["details"]["allowed"]

    from balai.api.tests.helpers import token_for

    personal = token_for(citizen.user)
    refused = client.post(f"/api/v1/sandbox/applications/{number}/simulate",
                          {"action": "setujui"}, content_type="application/json",
                          headers=bearer(personal))
    assert refused.status_code == 403 and refused.json()["code"] == "SANDBOX_ONLY"


def test_a_live_key_is_refused_until_the_app_is_approved(client, app, admin_user):
    _key, secret = make_key(app, kind="live")
    refused = client.get("/api/v1/applications", headers=bearer(secret))
    assert refused.status_code == 403
    assert refused.json()["code"] == "AUTH_APP_NOT_APPROVED"

    actions.request_live_access(app=app, actor=app.owner)
    actions.review_app(app=app, reviewer=admin_user, approve=True, note="")
    allowed = client.get("/api/v1/applications", headers=bearer(secret))
    assert allowed.status_code == 200 and allowed.json()["items"] == []


def test_a_rotated_key_works_through_the_overlap_then_stops(client, app):
    old, old_secret = make_key(app)
    new, new_secret = actions.rotate_key(key=old, actor=app.owner,
                                         overlap=dt.timedelta(hours=1))
    assert client.get("/api/v1/services", headers=bearer(old_secret)).status_code == 200
    assert client.get("/api/v1/services", headers=bearer(new_secret)).status_code == 200
    AppKey.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = client.get("/api/v1/services", headers=bearer(old_secret))
    assert expired.status_code == 401 and expired.json()["code"] == "AUTH_TOKEN_REVOKED"
    actions.revoke_key(key=new, actor=app.owner)
    assert client.get("/api/v1/services", headers=bearer(new_secret)).status_code == 401


def test_a_wrong_secret_with_a_known_prefix_is_refused(client, app):
    key, secret = make_key(app)
    forged = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    response = client.get("/api/v1/services", headers=bearer(forged))
    assert response.status_code == 401 and response.json()["code"] == "AUTH_TOKEN_INVALID"


def test_each_key_has_its_own_rate_limit(client, app):
    _key, secret = make_key(app, rate=2)
    codes = [client.get("/api/v1/services", headers=bearer(secret)).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]


def test_usage_is_counted_per_key_endpoint_and_day_with_errors(client, app):
    key, secret = make_key(app)
    for _ in range(3):
        client.get("/api/v1/services", headers=bearer(secret))
    client.get("/api/v1/services/tidak-ada", headers=bearer(secret))
    rows = {row.endpoint: (row.requests, row.errors) for row in KeyUsage.objects.filter(key=key)}
    assert rows == {"GET /api/v1/services": (3, 0), "GET /api/v1/services/<code>": (1, 1)}
    key.refresh_from_db()
    assert key.last_used_at is not None
