"""Login lockout with django-axes, keyed on the account together with the client address.

The login form takes a NIK, an email, a phone number or a username: all of them name one
account, so the lockout key is the account ("akun:<id>") whichever was typed. An identifier
that names no account is keyed on its keyed digest, so the lockout tables never hold a NIK or
a phone number in clear.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.queries import find_user_by_identifier, normalize_phone
from balai.core.crypto import blind_index

_CACHE_ATTRIBUTE = "_balai_lockout_keys"


def identifier_key(identifier: str) -> str:
    identifier = identifier.strip()
    if not identifier:
        return ""
    user = find_user_by_identifier(identifier)
    if user is not None:
        return f"akun:{user.pk}"
    if re.fullmatch(r"[+\d][\d\s-]{8,}", identifier):
        normalised = normalize_phone(identifier)
    else:
        normalised = identifier.lower()
    return "lain:" + blind_index(normalised, purpose="login-lockout")[:32]


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised account key of the typed identifier."""
    identifier = ""
    if credentials:
        identifier = str(credentials.get("username") or "")
    elif request is not None:
        identifier = str(request.POST.get("username", ""))
    cache: dict[str, str] = getattr(request, _CACHE_ATTRIBUTE, None) or {}
    if identifier not in cache:
        cache[identifier] = identifier_key(identifier)
        if request is not None:
            setattr(request, _CACHE_ATTRIBUTE, cache)
    return cache[identifier]


def retry_after_seconds() -> int:
    from axes.helpers import get_cool_off

    cool_off = get_cool_off() or dt.timedelta(minutes=15)
    return int(cool_off.total_seconds())


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: an Indonesian page saying when to try again (HTTP 429)."""
    seconds = retry_after_seconds()
    until = timezone.localtime(timezone.now() + dt.timedelta(seconds=seconds))
    message = _("Terlalu banyak percobaan masuk yang salah. Coba lagi setelah pukul %(time)s "
                "WIB (sekitar %(minutes)s menit lagi).") % {
        "time": until.strftime("%H.%M"), "minutes": max(1, seconds // 60)}
    response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
