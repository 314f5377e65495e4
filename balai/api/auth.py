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
from balai.developers.models import AppKey


@dataclass(frozen=True)
class Caller:
    """Who calls. `app_key` is a developer-portal key (balai.developers): a live key acts as
    its app's owner (`user`); a test key has no user and acts only on its app's sandbox."""

    user: User | None
    token: ApiToken | None = None
    app_key: AppKey | None = None

    def __str__(self) -> str:
        if self.app_key is not None:
            return f"appkey:{self.app_key.pk}"
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"user:{self.user.pk}" if self.user is not None else "anonim"

    @property
    def is_anonymous(self) -> bool:
        return self.user is None and self.app_key is None

    @property
    def is_sandbox(self) -> bool:
        return self.app_key is not None and self.app_key.is_test

    @property
    def can_write(self) -> bool:
        if self.app_key is not None:
            return self.app_key.can_write
        # A session is the person themself, in our own pages: it may do what they may do.
        return self.user is not None and (self.token is None or self.token.can_write)


class ApiAuthenticationError(AuthenticationError):
    """401 with a stable code saying what is wrong with the credentials."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(401, message)
        self.code = code


class SandboxNotAvailable(PermissionDeniedError):
    code = "SANDBOX_NOT_AVAILABLE"


class LiveAppNotApproved(PermissionDeniedError):
    code = "AUTH_APP_NOT_APPROVED"


def _app_key_caller(request: HttpRequest, secret: str) -> Caller:
    from balai.developers import actions as developer_actions
    from balai.developers import queries as developer_queries
    from balai.developers.middleware import REQUEST_ATTRIBUTE

    key = developer_queries.find_key(secret)
    if key is None:
        raise ApiAuthenticationError("AUTH_TOKEN_INVALID", str(_(
            "Kunci API tidak dikenal. Periksa kunci Anda di portal pengembang.")))
    if not key.is_usable():
        raise ApiAuthenticationError("AUTH_TOKEN_REVOKED", str(_(
            "Kunci API ini sudah dicabut atau kedaluwarsa. Buat kunci baru di portal "
            "pengembang.")))
    setattr(request, REQUEST_ATTRIBUTE, key.pk)
    developer_actions.touch_key(key=key)
    if key.is_test:
        return Caller(user=None, app_key=key)
    if not key.app.is_approved:
        raise LiveAppNotApproved(str(_(
            "Kunci langsung baru dapat dipakai setelah aplikasi disetujui pemerintah "
            "kabupaten. Pakai kunci uji di sandbox sementara menunggu.")),
            details={"app_status": key.app.status})
    if not key.app.owner.is_active:
        raise ApiAuthenticationError("AUTH_USER_INACTIVE", str(_(
            "Akun pemilik aplikasi ini tidak aktif.")))
    return Caller(user=key.app.owner, app_key=key)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        from balai.developers.queries import looks_like_app_key

        if looks_like_app_key(token.strip()):
            return _app_key_caller(request, token)
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
    if caller.is_sandbox:
        # A test key acts only on its sandbox: the endpoints that have one answer before
        # asking for the user; every other one refuses it here, with a stable code.
        raise SandboxNotAvailable(str(_(
            "Endpoint ini belum tersedia di sandbox. Kunci uji dapat memakai katalog layanan, "
            "data publik, dan permohonan (buat, unggah, ajukan, pantau).")))
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
