"""The web's standard files: robots.txt, security.txt (RFC 9116), the change-password
well-known address, and /favicon.ico."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from balai.portal.robots import robots_lines

# RFC 9116 section 2.5.5: Expires SHOULD be less than a year ahead; the file is regenerated on
# every request, so it never goes stale while the site runs.
SECURITY_TXT_LIFETIME = dt.timedelta(days=180)
FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


def _absolute(path: str) -> str:
    return settings.BALAI_PUBLIC_URL + path


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = robots_lines(sitemap_url=_absolute(reverse("portal:sitemap_index")))
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=3600, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    expires = (timezone.now() + SECURITY_TXT_LIFETIME).replace(microsecond=0)
    lines = [
        f"Contact: {settings.BALAI_SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: id, en",
        f"Canonical: {_absolute(reverse('portal:security_txt'))}",
    ]
    if settings.BALAI_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.BALAI_SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def change_password(request: HttpRequest) -> HttpResponse:
    # https://w3c.github.io/webappsec-change-password-url/: password managers send people here.
    return redirect("accounts:password_change")


@lru_cache(maxsize=1)
def _favicon_bytes() -> bytes:
    return FAVICON.read_bytes()


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")
