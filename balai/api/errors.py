"""One error shape for the whole API: {"code": "...", "message": "...", "details": {...}}.

Codes are stable (UPPER_SNAKE, prefixed by domain) and documented; messages are Indonesian
sentences a developer can show to a citizen as they are.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import AuthorizationError as NinjaAuthorizationError

from balai.core.errors import ConflictError, DomainError, PermissionDeniedError

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


def _error(api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str,
           details: dict[str, Any] | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message,
                                         "details": details or {}}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = {}
        for error in exc.errors:
            location = ".".join(str(part) for part in error.get("loc", ())[1:]) or "body"
            fields.setdefault(location, []).append(error.get("msg", "nilai tidak sah"))
        return _error(api, request, 422, "VALIDATION_ERROR",
                      "Sebagian data tidak sah. Periksa kolom yang disebut di details.",
                      {"fields": fields})

    @api.exception_handler(PermissionDeniedError)
    def permission_denied(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
        return _error(api, request, 403, exc.code, exc.message, exc.details)

    @api.exception_handler(ConflictError)
    def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        return _error(api, request, 409, exc.code, exc.message, exc.details)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return _error(api, request, 400, exc.code, exc.message, exc.details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(api, request, 401, "AUTH_REQUIRED",
                      "Permintaan ini memerlukan kunci API atau sesi masuk yang sah.")

    @api.exception_handler(NinjaAuthorizationError)
    def forbidden(request: HttpRequest, exc: NinjaAuthorizationError) -> HttpResponse:
        return _error(api, request, 403, "PERMISSION_DENIED",
                      "Anda tidak berwenang melakukan tindakan ini.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "NOT_FOUND", "Data yang diminta tidak ditemukan.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {429: "RATE_LIMITED", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return _error(api, request, exc.status_code, code, str(exc))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error", exc_info=exc)
        return _error(api, request, 500, "INTERNAL_ERROR",
                      "Terjadi gangguan pada sistem. Tidak ada data yang berubah; coba lagi nanti.")
