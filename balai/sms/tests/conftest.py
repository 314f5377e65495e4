from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from balai.accounts.queries import normalize_phone
from balai.notifications.tests.fakes import RecordingSmsBackend
from balai.sms.signature import sign
from balai.taxes.testing import bapenda, sppt_bill, tariff, tax_object, taxpayer  # noqa: F401

SECRET = "rahasia-gateway-uji"  # noqa: S105 - test data
_ids = iter(range(1, 10**9))


@pytest.fixture(autouse=True)
def inbound_secret(settings: Any) -> str:
    settings.SMS_INBOUND_SECRET = SECRET
    settings.SMS_INBOUND_MAX_SKEW = 300
    return SECRET


@pytest.fixture
def sms(settings: Any) -> Iterator[type[RecordingSmsBackend]]:
    settings.SMS_BACKEND = "balai.notifications.tests.fakes.RecordingSmsBackend"
    RecordingSmsBackend.reset()
    yield RecordingSmsBackend
    RecordingSmsBackend.reset()


class Gateway:
    """Posts SMS to /sms/masuk/ as a gateway would, signed, and runs the deliveries queued."""

    def __init__(self, client: Client, capture: Any, backend: type[RecordingSmsBackend]):
        self.client = client
        self.capture = capture
        self.backend = backend

    def post(self, text: str, *, phone: str, gateway_id: str | None = None,
             secret: str = SECRET, timestamp: int | None = None) -> Any:
        body = json.dumps({"id": gateway_id or f"gw-{next(_ids)}", "from": phone,
                           "text": text}).encode()
        return self.post_raw(body, secret=secret, timestamp=timestamp)

    def post_raw(self, body: bytes, *, secret: str = SECRET, timestamp: int | None = None,
                 content_type: str = "application/json") -> Any:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        with self.capture(execute=True):
            return self.client.post("/sms/masuk/", body, content_type=content_type,
                                     headers={"X-Balai-Timestamp": stamp,
                                              "X-Balai-Signature": sign(secret=secret,
                                                                        timestamp=stamp,
                                                                        body=body)})

    def replies_to(self, phone: str) -> list[str]:
        """What the provider was asked to send to `phone`, oldest first."""
        return [body for to, body in self.backend.sent if to == normalize_phone(phone)]

    def reply(self, text: str, *, phone: str, **kwargs: Any) -> str:
        before = len(self.replies_to(phone))
        response = self.post(text, phone=phone, **kwargs)
        assert response.status_code == 200, response.content
        replies = self.replies_to(phone)
        assert len(replies) == before + 1, replies
        return replies[-1]


@pytest.fixture
def gateway(client: Client, django_capture_on_commit_callbacks: Any,
            sms: type[RecordingSmsBackend]) -> Gateway:
    return Gateway(client, django_capture_on_commit_callbacks, sms)
