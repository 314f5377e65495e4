"""The whole journey against a running Balai: a developer registers an app and a test key in
the portal, the guide's examples (docs/developers/examples/, shown on /pengembang/mulai/) run
as they are against the sandbox, an application submitted with the test key reaches the
sandbox test receiver as a webhook that the `standardwebhooks` package's verifier accepts, and
the guide's own verification example accepts it too."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from balai.core.testing import sign_in
from balai.developers.models import DeveloperApp, ReceivedWebhook, WebhookEndpoint
from balai.developers.views import example_files

pytestmark = pytest.mark.django_db(transaction=True)


def _run(path: Path, env: dict[str, str]) -> str:
    command = ["bash", str(path)] if path.suffix == ".sh" else [sys.executable, str(path)]
    done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True,  # noqa: S603 - our own example files
                          timeout=60, check=False)
    assert done.returncode == 0, f"{path.name}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_portal_test_key_applies_in_the_sandbox_and_gets_a_signed_webhook(
        client, citizen, live_server, settings, disdik, legalisir):
    settings.BALAI_PUBLIC_URL = live_server.url
    sign_in(client, citizen.user)

    # Register the app and make a test key, through the portal's pages.
    created = client.post("/pengembang/aplikasi/baru/", {
        "name": "Pantau Izin", "description": "Memantau permohonan warga.",
        "contact_email": "dev@contoh.id", "callback_urls": "https://contoh.id/callback"})
    assert created.status_code == 302, created.content.decode()
    app = DeveloperApp.objects.get(name="Pantau Izin")
    page = client.post(f"/pengembang/aplikasi/{app.pk}/kunci/", {
        "name": "uji", "kind": "test", "scopes": "read write", "rate_per_minute": "120"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    secret = re.search(r"balai_test_[0-9a-f]{10}_[A-Za-z0-9_-]+", page.content.decode()).group()

    # The sandbox test receiver as the app's test webhook endpoint.
    receiver = f"{live_server.url}/pengembang/penerima-uji/{app.receiver_token}/"
    added = client.post(f"/pengembang/aplikasi/{app.pk}/webhook/", {"url": receiver,
                                                                    "mode": "test"})
    assert added.status_code == 302, added.content.decode()
    endpoint = WebhookEndpoint.objects.get(app=app)

    # Every example of the guide, as it is, against the sandbox.
    env = {"BALAI_URL": live_server.url, "BALAI_KEY": secret}
    examples = {path.name: path for path in example_files()}
    assert "legalisir-ijazah" in _run(examples["01-daftar-layanan.sh"], env)
    submitted = json.loads(_run(examples["02-ajukan-permohonan.sh"], env))
    assert submitted["number"].startswith("UJI-") and submitted["state"] == "diajukan"
    output = _run(examples["03-ajukan-permohonan.py"], env)
    assert "Nomor registrasi: UJI-" in output and "Status sekarang: Diverifikasi" in output

    # Three webhooks: two submissions and one simulated verification, correctly signed.
    received = list(ReceivedWebhook.objects.filter(app=app).order_by("received_at", "id"))
    assert len(received) == 3
    events = []
    for item in received:
        events.append(Webhook(endpoint.secret).verify(item.body, item.headers))
        verified = _run(examples["04-verifikasi-webhook.py"], {
            "WEBHOOK_SECRET": endpoint.secret, "WEBHOOK_ID": item.headers["webhook-id"],
            "WEBHOOK_TIMESTAMP": item.headers["webhook-timestamp"],
            "WEBHOOK_SIGNATURE": item.headers["webhook-signature"], "WEBHOOK_BODY": item.body})
        assert "Tanda tangan sah" in verified
    assert [e["type"] for e in events] == ["application.status_changed"] * 3
    assert [e["data"]["state"] for e in events] == ["diajukan", "diajukan", "diverifikasi"]
    assert events[0]["data"]["number"] == submitted["number"]

    # The guide's verification example refuses a forged body.
    forged = subprocess.run(  # noqa: S603 - our own example file
        [sys.executable, str(examples["04-verifikasi-webhook.py"])], capture_output=True,
        text=True, timeout=60, check=False,
        env={**os.environ, "WEBHOOK_SECRET": endpoint.secret,
             "WEBHOOK_ID": received[0].headers["webhook-id"],
             "WEBHOOK_TIMESTAMP": received[0].headers["webhook-timestamp"],
             "WEBHOOK_SIGNATURE": received[0].headers["webhook-signature"],
             "WEBHOOK_BODY": received[0].body.replace("diajukan", "ditolak")})
    assert forged.returncode != 0

    # The developer sees them on the receiver page, and the deliveries in the log.
    shown = client.get(f"/pengembang/aplikasi/{app.pk}/penerima-uji/").content.decode()
    assert received[0].headers["webhook-id"] in shown
    log = client.get(f"/pengembang/aplikasi/{app.pk}/webhook/{endpoint.pk}/").content.decode()
    assert log.count("Terkirim") >= 3
