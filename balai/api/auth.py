"""Who is calling the API: a personal token (`Authorization: Bearer balai_<prefix>_<secret>`),
or the Django session of our own pages (with CSRF), or, on public endpoints, nobody.

Every authenticator returns a `Caller`; endpoints read `request.auth.user`. Throttling keys on
`str(caller)`: the token, else the user, else (anonymous) the client address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from balai.accounts.models import User
from balai.api import actions, queries
from balai.api.models import ApiToken
from balai.core.errors import PermissionDeniedError


@dataclass(frozen=True)
class Caller:
    user: User | None
    token: ApiToken | None = None

    def __str__(self) -> str:
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"user:{self.user.pk}" if self.user is not None else "anonim"

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def can_write(self) -> bool:
        # A session is the person themself, in our own pages: it may do what they may do.
        return self.user is not None and (self.token is None or self.token.can_write)


class ApiAuthenticationError(AuthenticationError):
    """401 with a stable code saying what is wrong with the credentials."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(401, message)
        self.code = code


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = queries.find_token(token)
        if found is None:
            raise ApiAuthenticationError("AUTH_TOKEN_INVALID", str(_(
                "Token API tidak dikenal. Periksa token Anda atau buat token baru di "
                "halaman Token API.")))
        if found.is_revoked:
            raise ApiAuthenticationError("AUTH_TOKEN_REVOKED", str(_(
                "Token API ini sudah dicabut. Buat token baru di halaman Token API.")))
        if not found.user.is_active:
            raise ApiAuthenticationError("AUTH_USER_INACTIVE", str(_(
                "Akun pemilik token ini tidak aktif.")))
        actions.touch_token(token=found)
        return Caller(user=found.user, token=found)


class BalaiSessionAuth(SessionAuth):
    """The Django session, CSRF-checked on unsafe methods. Skipped without a session cookie, so
    that a request without credentials gets 401 rather than a CSRF error."""

    def __call__(self, request: HttpRequest) -> Any:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = request.user
        if user.is_authenticated and user.is_active:
            return Caller(user=user)  # type: ignore[arg-type]
        return None


def anonymous(request: HttpRequest) -> Caller:
    """Public endpoints: credentials are optional (they only change the rate limit)."""
    return Caller(user=None)


token_auth = TokenAuth()
session_auth = BalaiSessionAuth()
AUTHENTICATED = [token_auth, session_auth]
OPTIONAL = [token_auth, session_auth, anonymous]
# In OpenAPI an empty requirement makes authentication optional.
OPTIONAL_OPENAPI: dict[str, Any] = {"security": [{}]}


def caller_user(request: HttpRequest) -> User:
    """The authenticated user of a request to an endpoint with AUTHENTICATED auth."""
    caller: Caller = request.auth  # type: ignore[attr-defined]
    assert caller.user is not None
    return caller.user


def require_write(request: HttpRequest) -> User:
    """The user, if the credentials allow writing; 403 PERMISSION_DENIED for a read token."""
    caller: Caller = request.auth  # type: ignore[attr-defined]
    if not caller.can_write:
        raise PermissionDeniedError(
            str(_("Token API ini hanya boleh membaca. Buat token dengan cakupan "
                  "\"baca dan tulis\" untuk mengubah data.")),
            details={"required_scope": "write"})
    return caller_user(request)
