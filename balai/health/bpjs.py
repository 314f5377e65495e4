"""BPJS Kesehatan's Antrean Online web service: the adapter that reports a visit's task times
("antrean/updatewaktu": kodebooking, taskid, waktu in milliseconds since the epoch).

Every request is signed as the service asks: X-cons-id, X-timestamp (seconds since the epoch,
UTC), X-signature = base64(HMAC-SHA256(secret, "<cons id>&<timestamp>")) and user_key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any

MAX_RESPONSE_BYTES = 64 * 1024


class BpjsError(Exception):
    """The service did not accept the request; the text says why (kept on the task row)."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def signature(*, cons_id: str, secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{cons_id}&{timestamp}".encode(),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def milliseconds(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


class AntreanClient:
    def __init__(self, *, url: str, cons_id: str, secret: str, user_key: str,
                 timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise BpjsError("alamat layanan BPJS harus http(s)://")
        self.url = url.rstrip("/")
        self.cons_id, self.secret, self.user_key = cons_id, secret, user_key
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirects)

    def headers(self, *, timestamp: str | None = None) -> dict[str, str]:
        timestamp = timestamp or str(int(time.time()))
        return {"X-cons-id": self.cons_id, "X-timestamp": timestamp,
                "X-signature": signature(cons_id=self.cons_id, secret=self.secret,
                                         timestamp=timestamp),
                "user_key": self.user_key, "Content-Type": "application/json",
                "Accept": "application/json"}

    def update_time(self, *, booking_code: str, task: int, at: dt.datetime) -> None:
        """POST antrean/updatewaktu; raises BpjsError unless metadata.code is 200."""
        body = json.dumps({"kodebooking": booking_code, "taskid": task,
                           "waktu": milliseconds(at)}).encode()
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            f"{self.url}/antrean/updatewaktu", data=body, method="POST",
            headers=self.headers())
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(MAX_RESPONSE_BYTES)
        except urllib.error.HTTPError as error:
            raise BpjsError(f"HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise BpjsError(f"tidak tersambung: {error}") from error
        try:
            metadata = json.loads(raw)["metadata"]
            code, message = int(metadata["code"]), str(metadata.get("message", ""))
        except (ValueError, KeyError, TypeError) as error:
            raise BpjsError("jawaban BPJS tidak dapat dibaca") from error
        if code != 200:
            raise BpjsError(f"{code}: {message}"[:250])
