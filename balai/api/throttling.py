"""Rate limits for the API (django-ninja throttling), read from settings on every request so
that operators (BALAI_API_RATE_ANON, BALAI_API_RATE_AUTH) and tests can change them.

Anonymous callers are limited per client address; callers with credentials per token, or per
user for a session; developer-portal keys per key, at the limit chosen for the key. Counts
live in Django's cache: with several server processes, configure a shared cache
(docs/howto/api.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_RATES = {"anon": "60/min", "auth": "600/min"}


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates = {**DEFAULT_RATES, **getattr(settings, "BALAI_API_RATES", {})}
        return rates[self.scope or ""]

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonThrottle(_SettingsRateThrottle):
    scope = "anon"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        caller = getattr(request, "auth", None)
        if caller is not None and not getattr(caller, "is_anonymous", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class CallerThrottle(_SettingsRateThrottle):
    """Per token or user at BALAI_API_RATES["auth"]; a developer-portal key at its own limit
    (`AppKey.rate_per_minute`, shown to the developer in the portal)."""

    scope = "auth"

    def allow_request(self, request: HttpRequest) -> bool:
        key = getattr(getattr(request, "auth", None), "app_key", None)
        if key is None:
            return super().allow_request(request)
        self.rate = f"{key.rate_per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        caller = getattr(request, "auth", None)
        if caller is None or getattr(caller, "is_anonymous", True):
            return None
        return self.cache_format % {"scope": self.scope, "ident": str(caller)}


THROTTLES = [AnonThrottle(), CallerThrottle()]


def anonymous_allowed(request: HttpRequest) -> bool:
    """Counts an anonymous call answered from the page cache (balai/core/pagecache.py) as the
    API counts it, so that the limit holds for cached answers too; False when it is used up."""
    return AnonThrottle().allow_request(request)
