"""Personal API tokens: the Token API page, Bearer authentication, scopes, the session."""

from __future__ import annotations

import re

import pytest

from balai.accounts.models import User
from balai.api.models import ApiToken
from balai.api.tests.helpers import bearer, new_key, token_for
from balai.core.testing import sign_in
from balai.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db
TOKEN_RE = re.compile(r"balai_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def test_token_page_requires_sign_in(client):
    response = client.get("/akun/token-api/")
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_profile_page_links_to_token_page(client, citizen):
    sign_in(client, citizen.user)
    assert 'href="/akun/token-api/"' in client.get("/akun/profil/").content.decode()


def test_citizen_creates_token_shown_once_and_stored_as_digest(client, citizen):
    sign_in(client, citizen.user)
    response = client.post("/akun/token-api/", {"name": "Aplikasi desa", "scopes": "read"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = TOKEN_RE.search(response.content.decode()).group(0)
    token = ApiToken.objects.get(user=citizen.user)
    assert token.name == "Aplikasi desa" and token.scopes == "read"
    assert secret.startswith(f"balai_{token.prefix}_")
    assert secret not in token.secret_hash and len(token.secret_hash) == 64
    assert LedgerEntry.objects.filter(action="api.token_dibuat", object_id=str(token.pk)).exists()
    # The list shows the prefix, never the secret again.
    listing = client.get("/akun/token-api/").content.decode()
    assert f"balai_{token.prefix}_…" in listing
    assert secret not in listing
    # And the token works.
    assert client.get("/api/v1/applications", headers=bearer(secret)).status_code == 200


def test_token_form_errors_are_indonesian_next_to_the_field(client, citizen):
    sign_in(client, citizen.user)
    response = client.post("/akun/token-api/", {"name": "", "scopes": "admin"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Isi nama token." in page
    assert "Pilih salah satu cakupan yang tersedia." in page
    assert 'id="ringkasan-galat"' in page
    assert not ApiToken.objects.exists()


def test_revoked_token_is_refused_with_401(client, citizen):
    secret = token_for(citizen.user, name="skrip")
    token = ApiToken.objects.get(user=citizen.user)
    sign_in(client, citizen.user)
    response = client.post(f"/akun/token-api/{token.pk}/cabut/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert LedgerEntry.objects.filter(action="api.token_dicabut", object_id=str(token.pk)).exists()
    client.logout()
    response = client.get("/api/v1/applications", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_TOKEN_REVOKED"


def test_other_user_cannot_revoke_token(client, citizen, other_citizen):
    token_for(citizen.user)
    token = ApiToken.objects.get(user=citizen.user)
    sign_in(client, other_citizen.user)
    assert client.post(f"/akun/token-api/{token.pk}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_of_inactive_user_is_refused(client, citizen):
    secret = token_for(citizen.user)
    User.objects.filter(pk=citizen.user.pk).update(is_active=False)
    response = client.get("/api/v1/applications", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_USER_INACTIVE"


@pytest.mark.parametrize("header", [
    "Bearer balai_0000abcd_bukan-token-yang-benar-sama-sekali",
    "Bearer sembarang",
])
def test_unknown_token_is_refused(client, citizen, header):
    token_for(citizen.user)
    response = client.get("/api/v1/applications", headers={"Authorization": header})
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "AUTH_TOKEN_INVALID"
    assert "Token API tidak dikenal" in body["message"]


def test_tampered_secret_with_right_prefix_is_refused(client, citizen):
    secret = token_for(citizen.user)
    tampered = secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB")
    response = client.get("/api/v1/applications", headers=bearer(tampered))
    assert response.status_code == 401


def test_request_without_credentials_gets_401(client):
    response = client.get("/api/v1/applications")
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_REQUIRED"


def test_read_token_cannot_write(client, citizen, office_a):
    secret = token_for(citizen.user, scopes="read")
    response = client.post("/api/v1/applications", {"service": "apa-saja", "data": {}},
                           content_type="application/json",
                           headers=bearer(secret, **{"Idempotency-Key": new_key()}))
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert response.json()["details"] == {"required_scope": "write"}


def test_token_use_is_noted(client, citizen):
    secret = token_for(citizen.user)
    client.get("/api/v1/applications", headers=bearer(secret))
    assert ApiToken.objects.get(user=citizen.user).last_used_at is not None


def test_session_works_for_reads_and_checks_csrf_on_writes(citizen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, citizen.user)
    assert client.get("/api/v1/applications").status_code == 200
    response = client.post("/api/v1/applications", {"service": "x", "data": {}},
                           content_type="application/json",
                           headers={"Idempotency-Key": new_key()})
    assert response.status_code == 403
    assert response.json()["code"] == "CSRF_FAILED"
    client.get("/akun/token-api/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post("/api/v1/applications", {"service": "tidak-ada", "data": {}},
                           content_type="application/json",
                           headers={"Idempotency-Key": new_key(), "X-CSRFToken": csrf})
    assert response.status_code == 422  # past authentication and CSRF, into validation
    assert response.json()["details"]["fields"]["service"]


def test_admin_revokes_token_through_the_action(client, citizen, admin_user):
    secret = token_for(citizen.user)
    token = ApiToken.objects.get(user=citizen.user)
    sign_in(client, admin_user)
    page = client.get("/admin/api/apitoken/")
    assert page.status_code == 200 and token.prefix in page.content.decode()
    response = client.post("/admin/api/apitoken/", {"action": "revoke",
                                                    "_selected_action": [token.pk]})
    assert response.status_code == 302
    assert client.get("/api/v1/applications", headers=bearer(secret)).status_code == 401
    assert LedgerEntry.objects.filter(action="api.token_dicabut", actor_id=admin_user.pk).exists()
