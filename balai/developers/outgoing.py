"""Outgoing webhook requests, guarded against server-side request forgery (SSRF).

An endpoint's address is checked twice: when the developer saves it (`check_url`) and again
before every request (`post`), after resolving the host name, because DNS may change. Refused:

- any scheme but https for live endpoints (test endpoints may also use the sandbox test
  receiver of this Balai, at its `BALAI_PUBLIC_URL`);
- user names or passwords in the address, and ports other than 443 (and 80 for that receiver);
- host names that resolve to a loopback, private, link-local, shared (CGNAT), multicast,
  reserved or unspecified address, in IPv4 or IPv6; so no cloud metadata service, no database
  or cache next to Balai.

Redirects are never followed (a 3xx counts as a failure), every resolved address is checked,
time-outs are short (10 s) and at most 64 KB of an answer is read.
`BALAI_WEBHOOK_ALLOW_PRIVATE` lifts the address check for development and tests only.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

TIMEOUT = 10  # seconds, to connect and for each read
MAX_ANSWER = 64 * 1024
USER_AGENT = "Balai-Webhooks/1"


class UnsafeAddress(ValueError):  # noqa: N818 - a refusal, raised with its message
    pass


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def receiver_prefix() -> str:
    """The address prefix of this Balai's sandbox test receiver."""
    base = settings.BALAI_PUBLIC_URL.rstrip("/")
    return base + reverse("developers:receiver", kwargs={"token": "x"}).rsplit("x/", 1)[0]


def is_test_receiver(url: str) -> bool:
    return url.startswith(receiver_prefix())


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, test: bool, resolve: bool = True) -> None:
    """Raise UnsafeAddress with an Indonesian reason if Balai must not send to `url`."""
    if test and is_test_receiver(url):
        return
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise UnsafeAddress(_("Alamat webhook harus memakai https."))
    if parts.username or parts.password:
        raise UnsafeAddress(_("Alamat webhook tidak boleh memuat nama pengguna atau sandi."))
    if not parts.hostname:
        raise UnsafeAddress(_("Alamat webhook tidak memuat nama host."))
    try:
        port = parts.port or 443
    except ValueError:
        raise UnsafeAddress(_("Nomor port alamat webhook tidak sah.")) from None
    if port != 443 and not settings.BALAI_WEBHOOK_ALLOW_PRIVATE:
        raise UnsafeAddress(_("Alamat webhook harus memakai port 443."))
    if not resolve or settings.BALAI_WEBHOOK_ALLOW_PRIVATE:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise UnsafeAddress(_("Nama host alamat webhook tidak dapat ditemukan.")) from None
    for info in infos:
        if not _is_public(str(info[4][0])):
            raise UnsafeAddress(_("Alamat webhook menunjuk ke jaringan pribadi atau lokal."))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is the endpoint's answer, never followed (it could point anywhere)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _send(url: str, *, body: bytes, headers: dict[str, str]) -> int:
    """One POST with the standard library; returns the status code (raises OSError when
    there is no answer)."""
    # check_url let through only https, or this Balai's own http(s) test receiver.
    request = urllib.request.Request(url, data=body, method="POST",  # noqa: S310
                                     headers={**headers, "user-agent": USER_AGENT})
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            response.read(MAX_ANSWER)
            return int(response.status)
    except urllib.error.HTTPError as exc:  # 3xx, 4xx and 5xx: an answer all the same
        exc.read(MAX_ANSWER)
        return int(exc.code)


def post(url: str, *, body: str, headers: dict[str, str], test: bool) -> Answer:
    """POST a webhook; never raises for the endpoint's faults, returns what happened."""
    started = time.monotonic()
    try:
        check_url(url, test=test)
    except UnsafeAddress as exc:
        return Answer(None, str(exc), 0)
    try:
        code = _send(url, body=body.encode(), headers=headers)
    except (OSError, ValueError) as exc:  # URLError, time-outs, TLS and connection errors
        return Answer(None, f"{exc.__class__.__name__}: {exc}"[:300],
                      int((time.monotonic() - started) * 1000))
    duration = int((time.monotonic() - started) * 1000)
    error = "" if 200 <= code < 300 else _("Jawaban HTTP %(code)s") % {"code": code}
    return Answer(code, error, duration)
