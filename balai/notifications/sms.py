"""SMS adapters. settings.SMS_BACKEND names the class; every class has the same `send` method.

To add a provider, subclass SmsBackend, implement `send`, and point SMS_BACKEND at it
(docs/howto/notifications.md).
"""

from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Enough for any provider's answer; a larger body is cut rather than read into memory.
MAX_RESPONSE_BYTES = 64 * 1024


class SmsError(Exception):
    """The provider did not accept the message. The text says why, for the outbox admin."""


class SmsBackend:
    """Sends one SMS. `to` is a normalized number (628…); returns the provider's message id."""

    def send(self, *, to: str, body: str) -> str:
        raise NotImplementedError


class DevelopmentSmsBackend(SmsBackend):
    """Sends nothing: the message stays readable in the outbox admin page and in the log."""

    def send(self, *, to: str, body: str) -> str:
        provider_id = f"dev-{secrets.token_hex(6)}"
        logger.info("SMS (development, not sent) %s to %s: %s", provider_id, to, body)
        return provider_id


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would replay the bearer token to another URL: treat it as an error instead.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpSmsBackend(SmsBackend):
    """A JSON-over-HTTPS provider: POST {"to", "from", "text"} with a bearer token.

    Configured by SMS_HTTP_URL, SMS_HTTP_TOKEN and SMS_HTTP_SENDER. The provider's id is read
    from "id" or "message_id" in the JSON answer.
    """

    def __init__(self, *, url: str | None = None, token: str | None = None,
                 sender: str | None = None, timeout: float = 10.0) -> None:
        self.url = settings.SMS_HTTP_URL if url is None else url
        self.token = settings.SMS_HTTP_TOKEN if token is None else token
        self.sender = settings.SMS_HTTP_SENDER if sender is None else sender
        self.timeout = timeout
        if not self.url or not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("HttpSmsBackend needs SMS_HTTP_URL (an http(s):// URL)")
        self._opener = urllib.request.build_opener(_NoRedirects)

    def send(self, *, to: str, body: str) -> str:
        payload = json.dumps({"to": to, "from": self.sender, "text": body}).encode()
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.url, data=payload, method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     "Authorization": f"Bearer {self.token}"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
                raw = response.read(MAX_RESPONSE_BYTES)
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode(errors="replace").strip()
            raise SmsError(_("Penyedia SMS menjawab HTTP %(status)s: %(detail)s")
                           % {"status": exc.code, "detail": detail or exc.reason}) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmsError(_("Penyedia SMS tidak dapat dihubungi: %(reason)s")
                           % {"reason": reason}) from exc
        if not 200 <= status < 300:
            raise SmsError(_("Penyedia SMS menjawab HTTP %(status)s.") % {"status": status})
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise SmsError(_("Jawaban penyedia SMS bukan JSON.")) from exc
        provider_id = data.get("id") or data.get("message_id") if isinstance(data, dict) else None
        if not provider_id:
            raise SmsError(_("Jawaban penyedia SMS tidak memuat ID pesan."))
        return str(provider_id)[:100]


def get_sms_backend() -> SmsBackend:
    """An instance of the class that settings.SMS_BACKEND names."""
    backend_class = import_string(settings.SMS_BACKEND)
    return backend_class()  # type: ignore[no-any-return]
