"""Rate limits for the API (django-ninja throttling), read from settings on every request so
that operators (BALAI_API_RATE_ANON, BALAI_API_RATE_AUTH) and tests can change them.

Anonymous callers are limited per client address; callers with credentials per token, or per
user for a session; developer-portal keys per key, at the limit chosen for the key. Counts
live in Django's cache: with several server processes, configure a shared cache
(docs/howto/api.md).

A limit "N/min" counts in fixed windows (a minute starting at a multiple of a minute), with
the counter of balai/core/ratelimit.py: one atomic increment in Redis per call, instead of
ninja's list of the window's timestamps, read and written whole on every call.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from balai.core.ratelimit import count_in_window

DEFAULT_RATES = {"anon": "60/min", "auth": "600/min"}


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates = {**DEFAULT_RATES, **getattr(settings, "BALAI_API_RATES", {})}
        return rates[self.scope or ""]

    # The instances are shared by the threads of a process: what wait() reports is per thread.
    _refused = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        return self._count(request, *self.parse_rate(self.get_rate()))

    def _count(self, request: HttpRequest, limit: int | None, window: int | None) -> bool:
        key = self.get_cache_key(request)
        if key is None or limit is None or window is None:
            return True
        now = time.time()
        window_index = int(now // window)
        if count_in_window(f"{key}:{window_index}", window) <= limit:
            return True
        self._refused.retry_after = (window_index + 1) * window - now
        return False

    def wait(self) -> float | None:
        """Seconds until the window that refused the call ends (Retry-After)."""
        return max(1.0, getattr(self._refused, "retry_after", 1.0))


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
        return self._count(request, key.rate_per_minute, 60)

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
