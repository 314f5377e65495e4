"""Session lifetimes and two-factor for officers, enforced on every request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from balai.accounts import twofactor

logger = logging.getLogger("balai.security")

SIGNED_IN_AT = "balai_masuk_pada"
LAST_SEEN_AT = "balai_aktif_pada"
# Saving the session on every request costs a write; the idle clock moves in these steps.
SEEN_RESOLUTION_SECONDS = 60

# Pages an officer reaches before entering the second factor.
TWO_FACTOR_OPEN_VIEWS = {
    "accounts:two_factor_enroll",
    "accounts:two_factor_verify",
    "accounts:two_factor_recovery",
    "accounts:logout",
    "admin:logout",
    "set_language",
    # Public and personal-data free; the worker script must not redirect, or it fails to update.
    "portal:manifest",
    "portal:service_worker",
    "portal:offline",
}


# Whether the signed-in user is an officer, kept in the session and checked again after
# this many seconds, so that a page view costs no extra query (a role granted during a
# session takes effect within this time, or at once at the next sign-in).
OFFICER_CHECK = "balai_petugas"
OFFICER_RECHECK_SECONDS = 300


def is_officer_session(request: HttpRequest) -> bool:
    user = request.user
    if user.is_staff or user.is_superuser:
        return True
    now = int(time.time())
    cached = request.session.get(OFFICER_CHECK)
    if (isinstance(cached, list) and len(cached) == 3 and cached[0] == user.pk
            and 0 <= now - cached[2] < OFFICER_RECHECK_SECONDS):
        return bool(cached[1])
    value = twofactor.requires_two_factor(user)  # type: ignore[arg-type]
    request.session[OFFICER_CHECK] = [user.pk, value, now]
    return value


def session_limits(request: HttpRequest) -> tuple[int, int]:
    """(idle seconds, absolute seconds) for this request's session."""
    if is_officer_session(request):
        return settings.BALAI_OFFICER_SESSION_IDLE, settings.BALAI_OFFICER_SESSION_MAX
    return settings.BALAI_CITIZEN_SESSION_IDLE, settings.BALAI_CITIZEN_SESSION_MAX


def stamp_sign_in(request: HttpRequest, user: object) -> None:
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session[OFFICER_CHECK] = [
        getattr(user, "pk", None), twofactor.requires_two_factor(user), now]  # type: ignore[arg-type]


class SessionLifetimeMiddleware:
    """Ends a session after its idle time or its absolute lifetime (ASVS 3.3.1, 3.3.2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            self._refuse_unknown_session(request)
        elif user is not None:
            session = request.session
            now = int(time.time())
            idle, absolute = session_limits(request)
            signed_in = session.get(SIGNED_IN_AT)
            seen = session.get(LAST_SEEN_AT)
            if (isinstance(seen, int) and now - seen > idle) or (
                    isinstance(signed_in, int) and now - signed_in > absolute):
                logger.info("session ended by lifetime user=%s", user.pk)
                logout(request)
                messages.info(request, _("Sesi Anda sudah berakhir karena terlalu lama tidak "
                                         "aktif. Silakan masuk lagi."))
            else:
                if not isinstance(signed_in, int):
                    session[SIGNED_IN_AT] = now
                if not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION_SECONDS:
                    session[LAST_SEEN_AT] = now
                    session.set_expiry(idle)
        return self.get_response(request)

    @staticmethod
    def _refuse_unknown_session(request: HttpRequest) -> None:
        """A session cookie naming no session (forged, tampered or long expired) is ignored:
        the visitor is anonymous, is told so, and the attempt is logged."""
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return
        if request.session.session_key is not None:
            return
        logger.warning("unknown or tampered session cookie path=%s", request.path)
        if not request.path_info.startswith("/api/"):
            messages.warning(request, _("Sesi Anda tidak sah atau sudah berakhir. Silakan "
                                        "masuk lagi."))


class OfficerTwoFactorMiddleware:
    """An officer signed in with a password only reaches the two-factor pages: every other
    page (the admin included) sends them to enrolment or verification first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and is_officer_session(request)):
            refusal = self._refusal(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request: HttpRequest, user: object) -> HttpResponse | None:
        path = request.path_info
        static_url = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith(static_url):
            return None
        try:
            name = resolve(path).view_name
        except Resolver404:
            return None
        if name in TWO_FACTOR_OPEN_VIEWS:
            return None
        if path.startswith("/api/"):
            return JsonResponse({"code": "TWO_FACTOR_REQUIRED",
                                 "message": _("Masukkan kode verifikasi dua langkah di Balai "
                                              "terlebih dahulu."),
                                 "details": {}}, status=403)
        enrolled = twofactor.confirmed_totp(user) is not None  # type: ignore[arg-type]
        target = reverse("accounts:two_factor_verify" if enrolled
                         else "accounts:two_factor_enroll")
        next_url = request.get_full_path() if request.method == "GET" else ""
        return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}" if next_url
                                    else target)
