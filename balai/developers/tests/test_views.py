"""The portal's pages over HTTP: registering, keys shown once, rotation and revocation, form
errors, the officers' review, the test receiver, and constant query counts on the lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.core.testing import make_officer, sign_in
from balai.developers import actions
from balai.developers.models import AppKey, DeveloperApp, ReceivedWebhook
from balai.developers.tests.helpers import make_app, make_key
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_registering_an_app_checks_the_form(client, citizen):
    sign_in(client, citizen.user)
    response = client.post("/pengembang/aplikasi/baru/", {
        "name": "", "description": "x", "contact_email": "bukan-email",
        "callback_urls": "http://contoh.id/cb"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Isi nama aplikasi." in page and "Isi alamat email yang sah." in page
    assert "bukan alamat https yang sah" in page
    assert not DeveloperApp.objects.exists()


def test_only_confirmed_citizens_and_organisations_register_apps(client):
    from balai.accounts.models import User

    user = User.objects.create_user(username="tanpa-peran", password="sandi-uji-123",
                                    full_name="Tanpa Peran")
    sign_in(client, user)
    assert client.get("/pengembang/aplikasi/baru/").status_code == 403


def test_a_key_is_shown_once_with_its_limit_and_rotates_with_an_overlap(client, app):
    sign_in(client, app.owner)
    page = client.post(f"/pengembang/aplikasi/{app.pk}/kunci/", {
        "name": "server", "kind": "live", "scopes": "read", "rate_per_minute": "30"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    key = AppKey.objects.get(app=app)
    assert f"balai_live_{key.prefix}_" in page.content.decode()
    again = client.get(f"/pengembang/aplikasi/{app.pk}/").content.decode()
    assert f"balai_live_{key.prefix}_…" in again and "30/menit" in again
    assert f'value="balai_live_{key.prefix}_' not in again

    rotated = client.post(f"/pengembang/aplikasi/{app.pk}/kunci/{key.pk}/putar/",
                          {"overlap": "1"})
    assert rotated.status_code == 200
    key.refresh_from_db()
    assert key.replaced_by is not None and key.expires_at is not None
    assert key.replaced_by.rate_per_minute == 30 and key.replaced_by.kind == "live"
    assert client.post(f"/pengembang/aplikasi/{app.pk}/kunci/{key.pk}/cabut/"
                       ).status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_a_key_over_the_rate_ceiling_is_refused(client, app):
    sign_in(client, app.owner)
    page = client.post(f"/pengembang/aplikasi/{app.pk}/kunci/", {
        "name": "server", "kind": "test", "scopes": "read", "rate_per_minute": "6000"})
    assert page.status_code == 400 and "Paling banyak 600." in page.content.decode()
    assert not AppKey.objects.exists()


def test_an_admin_approves_an_app_in_the_officer_area_and_the_developer_is_told(
        client, app, admin_user):
    sign_in(client, app.owner)
    client.post(f"/pengembang/aplikasi/{app.pk}/akses-langsung/")
    app.refresh_from_db()
    assert app.status == "pending"

    sign_in(client, admin_user)
    assert app.name in client.get("/pengembang/persetujuan/").content.decode()
    refused = client.post(f"/pengembang/persetujuan/{app.pk}/", {"decision": "reject"})
    assert refused.status_code == 400 and "Tuliskan alasan penolakan." in (
        refused.content.decode())
    assert client.post(f"/pengembang/persetujuan/{app.pk}/",
                       {"decision": "approve"}).status_code == 302
    app.refresh_from_db()
    assert app.status == "approved" and app.reviewed_by == admin_user
    assert Message.objects.filter(recipient=app.owner, channel="email",
                                  subject__contains="Peninjauan aplikasi").exists()


def test_other_officers_cannot_review(client, app, officer):
    actions.request_live_access(app=app, actor=app.owner)
    sign_in(client, officer)
    assert client.get(f"/pengembang/persetujuan/{app.pk}/").status_code == 403
    assert client.post(f"/pengembang/persetujuan/{app.pk}/",
                       {"decision": "approve"}).status_code == 403


def test_the_test_receiver_keeps_what_arrives_for_its_app_only(client, app):
    response = client.post(f"/pengembang/penerima-uji/{app.receiver_token}/",
                           data=b'{"type": "uji"}', content_type="application/json",
                           headers={"webhook-id": "msg_1", "webhook-timestamp": "1",
                                    "webhook-signature": "v1,abc", "Cookie-X": "no"})
    assert response.status_code == 200
    received = ReceivedWebhook.objects.get()
    assert received.app == app and received.body == '{"type": "uji"}'
    assert received.headers["webhook-id"] == "msg_1" and "cookie-x" not in received.headers
    assert client.post("/pengembang/penerima-uji/salah/", data=b"{}",
                       content_type="application/json").status_code == 404


def test_the_test_receiver_keeps_only_the_latest(client, app, monkeypatch):
    monkeypatch.setattr(actions, "RECEIVED_KEPT", 3)
    for n in range(5):
        client.post(f"/pengembang/penerima-uji/{app.receiver_token}/", data=f'{{"n": {n}}}',
                    content_type="application/json")
    assert [r.body for r in ReceivedWebhook.objects.order_by("id")] == [
        '{"n": 2}', '{"n": 3}', '{"n": 4}']


def test_app_and_endpoint_pages_have_constant_query_counts(client, app, settings):
    sign_in(client, app.owner)
    endpoint = actions.add_endpoint(
        app=app, actor=app.owner, mode="test",
        url=f"{settings.BALAI_PUBLIC_URL}/pengembang/penerima-uji/{app.receiver_token}/")

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as app_page:
            assert client.get(f"/pengembang/aplikasi/{app.pk}/").status_code == 200
        with CaptureQueriesContext(connection) as log_page:
            assert client.get(f"/pengembang/aplikasi/{app.pk}/webhook/{endpoint.pk}/"
                              ).status_code == 200
        return len(app_page), len(log_page)

    key, _secret = make_key(app)
    actions.count_request(key_id=key.pk, endpoint="GET /api/v1/services", error=False)
    actions.emit(endpoints=[endpoint], event_type="application.status_changed", data={})
    few = counts()
    for _ in range(5):
        key, _secret = make_key(app)
        actions.count_request(key_id=key.pk, endpoint="GET /api/v1/services", error=True)
        actions.emit(endpoints=[endpoint], event_type="application.status_changed", data={})
    assert counts() == few


def test_someone_elses_app_is_not_found(client, app, other_citizen):
    sign_in(client, other_citizen.user)
    assert client.get(f"/pengembang/aplikasi/{app.pk}/").status_code == 404
    other = make_app(other_citizen.user)
    assert client.get(f"/pengembang/aplikasi/{other.pk}/").status_code == 200


def test_an_office_account_may_register_an_app(client):
    sign_in(client, make_officer())
    assert client.get("/pengembang/aplikasi/baru/").status_code == 200


def test_the_demo_app_waits_for_the_admin(db):
    from io import StringIO

    from django.core.management import call_command

    from balai.accounts import demo as accounts_demo
    from balai.developers import demo

    call_command("load_regions", stdout=StringIO())
    accounts_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())  # idempotent
    app = DeveloperApp.objects.get(name=demo.DEMO_APP)
    assert app.status == "pending" and app.keys.count() == 1
