"""Webhooks: Standard Webhooks signatures (checked with the `standardwebhooks` package),
retries with backoff, disabling an endpoint that keeps failing (with an email), replay from
the portal, the SSRF guard, and live events from a real application's status changes."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from balai.core.testing import sign_in
from balai.developers import actions, outgoing, signing
from balai.developers.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from balai.developers.tests.helpers import LEGALISIR_VALUES, bearer, make_key

pytestmark = pytest.mark.django_db


class FakeServer:
    """Stands in for the developer's server: answers the given status codes in turn."""

    def __init__(self, *codes: int) -> None:
        self.codes = list(codes)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, url: str, *, body: bytes, headers: dict[str, str]) -> int:
        self.requests.append({"url": url, "body": body.decode(), "headers": headers})
        return self.codes.pop(0) if len(self.codes) > 1 else self.codes[0]


def _submit(client, secret: str) -> str:
    draft = client.post("/api/v1/applications",
                        {"service": "legalisir-ijazah", "data": LEGALISIR_VALUES},
                        content_type="application/json",
                        headers=bearer(secret, **{"Idempotency-Key": str(uuid.uuid4())}))
    submitted = client.post(f"/api/v1/applications/{draft.json()['ref']}/submit",
                            headers=bearer(secret, **{"Idempotency-Key": str(uuid.uuid4())}))
    return submitted.json()["number"]


def test_signatures_follow_standard_webhooks_with_two_during_rotation(app):
    endpoint = WebhookEndpoint.objects.create(app=app, url="https://contoh.id/hook",
                                              mode="test", secret=signing.new_secret())
    old_secret = endpoint.secret
    rotated = actions.rotate_endpoint_secret(endpoint=endpoint, actor=app.owner)
    now = timezone.now()
    secrets_ = actions.signing_secrets(rotated, now)
    assert secrets_ == [rotated.secret, old_secret]
    body = json.dumps({"type": "application.status_changed", "data": {"number": "UJI-1"}})
    headers = signing.headers(secrets_, message_id="msg_abc", timestamp=int(now.timestamp()),
                              body=body)
    assert len(headers["webhook-signature"].split()) == 2
    assert rotated.secret.startswith("whsec_")
    for secret in (rotated.secret, old_secret):
        assert Webhook(secret).verify(body, headers) == json.loads(body)


@override_settings(BALAI_WEBHOOK_ALLOW_PRIVATE=True)
def test_a_failing_delivery_is_retried_then_disabled_then_replayed_from_the_portal(
        client, app, legalisir, monkeypatch, django_capture_on_commit_callbacks):
    server = FakeServer(500)
    monkeypatch.setattr(outgoing, "_send", server)
    endpoint = actions.add_endpoint(app=app, actor=app.owner, url="https://contoh.id/hook",
                                    mode="test")
    _key, secret = make_key(app)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, secret)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending" and delivery.attempts == 1
    first_wait = delivery.next_attempt_at - timezone.now()
    assert 0 < first_wait.total_seconds() <= 5

    waits = []
    for _attempt in range(actions.MAX_ATTEMPTS - 1):
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            assert actions.deliver_due() == 1
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == actions.MAX_ATTEMPTS
    assert sum(actions.RETRY_DELAYS, start=timezone.timedelta()).total_seconds() > 3 * 86400
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert len(server.requests) == actions.MAX_ATTEMPTS
    # Every attempt carries the same message id, each with a fresh, valid signature.
    assert {r["headers"]["webhook-id"] for r in server.requests} == {delivery.message_id}
    assert Webhook(endpoint.secret).verify(server.requests[-1]["body"],
                                           server.requests[-1]["headers"])
    # The developer is told by email.
    assert any("dinonaktifkan" in m.subject for m in mail.outbox)

    # From the portal: switch it on again, replay; this time the server answers.
    server.codes = [204]
    sign_in(client, app.owner)
    base = f"/pengembang/aplikasi/{app.pk}/webhook/{endpoint.pk}/"
    assert client.post(base + "aktifkan/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        replayed = client.post(base + f"kiriman/{delivery.pk}/ulang/")
    assert replayed.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.last_status_code == 204
    assert WebhookAttempt.objects.filter(delivery=delivery, replay=True).count() == 1
    page = client.get(base)
    assert page.status_code == 200 and delivery.message_id in page.content.decode()
    assert "HTTP 500" in page.content.decode() and "HTTP 204" in page.content.decode()


@override_settings(BALAI_WEBHOOK_ALLOW_PRIVATE=True)
def test_a_succeeded_delivery_can_be_replayed_too(client, app, legalisir, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    server = FakeServer(200)
    monkeypatch.setattr(outgoing, "_send", server)
    endpoint = actions.add_endpoint(app=app, actor=app.owner, url="https://contoh.id/hook",
                                    mode="test")
    _key, secret = make_key(app)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(client, secret)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "succeeded"
    with django_capture_on_commit_callbacks(execute=True):
        actions.replay_delivery(delivery=delivery, actor=app.owner)
    assert len(server.requests) == 2
    assert server.requests[0]["headers"]["webhook-id"] == server.requests[1]["headers"][
        "webhook-id"]


@pytest.mark.parametrize("url", [
    "http://contoh.id/hook",                      # not https
    "https://127.0.0.1/hook",                     # loopback
    "https://10.1.2.3/hook",                      # private
    "https://169.254.169.254/latest/meta-data",   # cloud metadata (link-local)
    "https://[::1]/hook",                         # IPv6 loopback
    "https://100.64.0.1/hook",                    # shared address space (CGNAT)
    "https://user:pass@contoh.id/hook",           # credentials
    "https://contoh.id:6379/hook",                # another port
    "https://localhost/hook",                     # resolves to loopback
])
def test_unsafe_webhook_addresses_are_refused(url):
    with pytest.raises(outgoing.UnsafeAddress):
        outgoing.check_url(url, test=False)


def test_the_test_receiver_is_allowed_for_test_endpoints_only(app, settings):
    settings.BALAI_PUBLIC_URL = "http://127.0.0.1:8000"
    url = f"http://127.0.0.1:8000/pengembang/penerima-uji/{app.receiver_token}/"
    outgoing.check_url(url, test=True)
    with pytest.raises(outgoing.UnsafeAddress):
        outgoing.check_url(url, test=False)


def test_an_unsafe_endpoint_is_refused_with_a_message_on_the_page(client, app):
    sign_in(client, app.owner)
    response = client.post(f"/pengembang/aplikasi/{app.pk}/webhook/",
                           {"url": "https://127.0.0.1/hook", "mode": "live"})
    assert response.status_code == 400
    assert "jaringan pribadi atau lokal" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


@override_settings(BALAI_WEBHOOK_ALLOW_PRIVATE=True)
def test_live_endpoints_hear_of_the_owners_real_applications(app, admin_user, officer, office_a,
                                                           monkeypatch,
                                                           django_capture_on_commit_callbacks):
    from balai.applications.tests.helpers import act, akta_definition, make_submitted

    server = FakeServer(200)
    monkeypatch.setattr(outgoing, "_send", server)
    actions.request_live_access(app=app, actor=app.owner)
    actions.review_app(app=app, reviewer=admin_user, approve=True, note="")
    live = actions.add_endpoint(app=app, actor=app.owner, url="https://contoh.id/live",
                                mode="live")
    test = actions.add_endpoint(app=app, actor=app.owner, url="https://contoh.id/uji",
                                mode="test")
    definition = akta_definition(office_a)
    with django_capture_on_commit_callbacks(execute=True):
        application = make_submitted(app.owner, definition)
    with django_capture_on_commit_callbacks(execute=True):
        act(application, "verifikasi", officer)
    events = [json.loads(r["body"]) for r in server.requests]
    assert [e["data"]["state"] for e in events] == ["diajukan", "diverifikasi"]
    assert {r["url"] for r in server.requests} == {live.url}
    assert events[1]["type"] == "application.status_changed"
    assert events[1]["data"]["previous_state"] == "diajukan"
    assert not WebhookDelivery.objects.filter(endpoint=test).exists()


@override_settings(BALAI_WEBHOOK_ALLOW_PRIVATE=True)
def test_live_endpoints_hear_of_the_owners_complaints_and_not_of_others(
        app, admin_user, office_a, other_citizen, kubu_raya, monkeypatch,
        django_capture_on_commit_callbacks):
    from balai.complaints.models import ComplaintCategory
    from balai.complaints.tests.helpers import make_complaint
    from balai.regions.models import Region

    server = FakeServer(200)
    monkeypatch.setattr(outgoing, "_send", server)
    actions.request_live_access(app=app, actor=app.owner)
    actions.review_app(app=app, reviewer=admin_user, approve=True, note="")
    actions.add_endpoint(app=app, actor=app.owner, url="https://contoh.id/live", mode="live")
    category = ComplaintCategory.objects.create(code="jalan-rusak", name="Jalan rusak",
                                                office=office_a, resolution_days=14)
    village = Region.objects.filter(level__in=["desa", "kelurahan"]).order_by("code").first()
    with django_capture_on_commit_callbacks(execute=True):
        mine = make_complaint(reporter=app.owner, category=category, village=village)
        make_complaint(reporter=other_citizen.user, category=category, village=village)
    events = [json.loads(r["body"]) for r in server.requests]
    assert [(e["type"], e["data"]["number"]) for e in events] == [
        ("complaint.status_changed", mine.number)]


class _Answering(BaseHTTPRequestHandler):
    status = 200

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(self.status)
        if self.status == 302:
            self.send_header("Location", "http://169.254.169.254/latest/meta-data")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        return None


@pytest.mark.parametrize("status, ok", [(204, True), (302, False), (503, False)])
def test_a_real_post_reports_the_answer_and_never_follows_a_redirect(settings, status, ok):
    settings.BALAI_WEBHOOK_ALLOW_PRIVATE = True
    handler = type("Handler", (_Answering,), {"status": status})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # Plain http is allowed only to this Balai's own test receiver: pretend it is there.
    settings.BALAI_PUBLIC_URL = f"http://127.0.0.1:{server.server_port}"
    try:
        answer = outgoing.post(f"{settings.BALAI_PUBLIC_URL}/pengembang/penerima-uji/x/",
                               body="{}", headers={"webhook-id": "msg_1"}, test=True)
    finally:
        server.shutdown()
    assert (answer.status_code, answer.ok) == (status, ok)


def test_no_answer_is_a_failure_not_an_exception(settings):
    settings.BALAI_WEBHOOK_ALLOW_PRIVATE = True
    settings.BALAI_PUBLIC_URL = "http://127.0.0.1:9"
    answer = outgoing.post("http://127.0.0.1:9/pengembang/penerima-uji/x/", body="{}",
                           headers={}, test=True)
    assert answer.status_code is None and answer.error and not answer.ok
