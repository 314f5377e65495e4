"""Throttles for abusable pages (registration, one-time codes, password reset, status look-up,
two-factor codes), counted in Django's cache per client address and per account.

A limit is "count per window" in settings.BALAI_RATE_LIMITS[scope], e.g.
{"ip": (20, 3600), "account": (5, 3600)}. Windows are fixed (they start at a multiple of their
length), so the answer can say exactly when to try again. With several server processes the
cache must be shared (the file cache of settings.py is, on one machine; with REDIS_URL, Redis
is, across app servers: docs/deployment.md).

A refused request gets HTTP 429 with Retry-After and an Indonesian page saying when to try
again; it is logged (without the account identifier, which may be a NIK).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("balai.security")


@dataclass(frozen=True)
class Refusal:
    scope: str
    kind: str  # "ip" or "account"
    retry_after: int  # seconds

    @property
    def until(self) -> dt.datetime:
        return timezone.now() + dt.timedelta(seconds=self.retry_after)


def client_ip(request: HttpRequest) -> str:
    """The client address: the last proxy's X-Forwarded-For entry behind a TLS proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _limits(scope: str) -> dict[str, tuple[int, int]]:
    return getattr(settings, "BALAI_RATE_LIMITS", {}).get(scope, {})


def _digest(value: str) -> str:
    # Keys never hold the identifier itself (it may be a NIK or a phone number).
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"
# With the file cache, counters are files of their own in this folder of the cache's.
COUNTER_FOLDER = "counters"


def _counter_folder() -> Path | None:
    config = settings.CACHES.get("default", {})
    if config.get("BACKEND") != FILE_CACHE:
        return None
    return Path(config["LOCATION"]) / COUNTER_FOLDER


def _count_in_file(folder: Path, key: str, window: int) -> int:
    """One byte appended to the key's file, whose size is then the count: O_APPEND writes are
    atomic across processes, so no hit is lost, and it costs a hundredth of the file cache's
    write (a temporary file renamed over the old one). Two processes appending at the same
    instant may both read the larger count, which only errs on the strict side. The first
    hit of a file removes the files of windows that are over (untouched for a window)."""
    name = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.{window}"
    try:
        fd = os.open(name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, b".")
        count = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if count == 1:
        _remove_past_windows(folder)
    return count


def _remove_past_windows(folder: Path) -> None:
    now = time.time()
    for entry in os.scandir(folder):
        try:
            window = int(entry.name.rsplit(".", 1)[1])
            if entry.stat().st_mtime < now - window - 5:
                os.unlink(entry.path)
        except (IndexError, ValueError, FileNotFoundError):
            continue  # not a counter, or another process removed it first


def count_in_window(key: str, window: int) -> int:
    """Count one hit on the counter `key` of a fixed window of `window` seconds (the key names
    the window) and return the count so far. Correct across processes and, with Redis or
    Memcached, across servers.

    With Redis or Memcached (or the local-memory cache of the tests): one atomic increment,
    and an add for the window's first hit. With the file cache (one machine): a file per
    counter, appended to (`_count_in_file`). Other caches: a read and a write."""
    timeout = window + 5
    folder = _counter_folder()
    if folder is not None:
        return _count_in_file(folder, key, window)
    if type(caches["default"]).incr is not BaseCache.incr:
        for _attempt in range(2):
            try:
                return int(cache.incr(key))
            except ValueError:  # the window's first hit, or the key just expired
                if cache.add(key, 1, timeout=timeout):
                    return 1
        cache.set(key, 1, timeout=timeout)
        return 1
    value = int(cache.get(key) or 0) + 1
    cache.set(key, value, timeout=timeout)
    return value


def hit(scope: str, *, ip: str | None = None, account: str | None = None) -> Refusal | None:
    """Count one attempt in `scope`; a Refusal when a limit is already used up.

    Every applicable counter is incremented, so hammering one account from many addresses
    is refused by the account counter and many accounts from one address by the address one.
    """
    now = time.time()
    refusal: Refusal | None = None
    for kind, ident in (("ip", ip), ("account", account)):
        limit = _limits(scope).get(kind)
        if not limit or not ident:
            continue
        count_max, window = limit
        window_index = int(now // window)
        key = f"rl:{scope}:{kind}:{_digest(ident)}:{window_index}"
        count = count_in_window(key, window)
        if count > count_max:
            retry_after = max(1, int((window_index + 1) * window - now) + 1)
            if refusal is None or retry_after > refusal.retry_after:
                refusal = Refusal(scope=scope, kind=kind, retry_after=retry_after)
    if refusal is not None:
        logger.warning("throttled scope=%s by=%s retry_after=%s ip=%s", scope, refusal.kind,
                       refusal.retry_after, ip)
    return refusal


def retry_message(retry_after: int) -> str:
    until = timezone.localtime(timezone.now() + dt.timedelta(seconds=retry_after))
    minutes = max(1, -(-retry_after // 60))
    return _("Terlalu banyak percobaan. Coba lagi dalam %(minutes)s menit (setelah pukul "
             "%(time)s WIB).") % {"minutes": minutes, "time": until.strftime("%H.%M")}


def too_many_response(request: HttpRequest, retry_after: int, *,
                      message: str | None = None) -> HttpResponse:
    response = render(request, "core/too_many.html",
                      {"message": message or retry_message(retry_after)}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def throttle(scope: str, *, account: Callable[[HttpRequest], str | None] | None = None,
             methods: tuple[str, ...] = ("POST",)) -> Callable[..., Any]:
    """View decorator: count requests with one of `methods` and answer 429 past the limit.

    `account(request)` names the account the request is about (a NIK, an email, a user id);
    None counts by address only.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                ident = account(request) if account is not None else None
                refusal = hit(scope, ip=client_ip(request), account=ident)
                if refusal is not None:
                    return too_many_response(request, refusal.retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
