"""One error shape for the whole API: {"code": "...", "message": "...", "details": {...}}.

Codes are stable (UPPER_SNAKE, prefixed by domain) and documented; messages are Indonesian
sentences a developer can show to a citizen as they are.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.errors import AuthorizationError as NinjaAuthorizationError

from balai.core.errors import ConflictError, DomainError, PermissionDeniedError
from balai.core.storage import StorageError, StorageFull
from balai.operations import outage
from balai.operations.metrics import count_unavailable
from balai.operations.outage import is_database_unavailable

logger = logging.getLogger(__name__)

# Seconds a client should wait before sending a file again after a full or unreachable storage.
STORAGE_RETRY_AFTER = 300


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}


class FieldErrors(Exception):  # noqa: N818 - it is raised as an answer, like Http404
    """Input that parsed but is not valid: 422 VALIDATION_ERROR with messages per field."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields
        super().__init__(fields)


# Indonesian messages for pydantic's error types (request parsing); others keep pydantic's.
PYDANTIC_MESSAGES = {
    "missing": "Wajib diisi.",
    "int_parsing": "Harus bilangan bulat.",
    "int_type": "Harus bilangan bulat.",
    "float_parsing": "Harus angka.",
    "bool_parsing": "Harus true atau false.",
    "string_type": "Harus teks.",
    "dict_type": "Harus objek JSON.",
    "list_type": "Harus daftar.",
    "greater_than_equal": "Nilai terlalu kecil.",
    "less_than_equal": "Nilai terlalu besar.",
    "string_too_short": "Terlalu pendek.",
    "string_too_long": "Terlalu panjang.",
    "string_pattern_mismatch": "Bentuknya tidak sah.",
    "json_invalid": "Isi permintaan bukan JSON yang sah.",
    "enum": "Pilihan tidak dikenal.",
    "literal_error": "Pilihan tidak dikenal.",
}

def field_messages(errors: Any, *, skip: int = 1) -> dict[str, list[str]]:
    """pydantic errors as {"field.path": [Indonesian messages]}; `skip` drops the location's
    first parts (ninja puts "body", "query" or "header" first)."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ())[skip:]) or "body"
        message = PYDANTIC_MESSAGES.get(error.get("type", ""), error.get("msg", "nilai tidak sah"))
        fields.setdefault(location, []).append(message)
    return fields


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The documented error responses of an endpoint: always 429 (every endpoint is limited)
    and 422 (any parameter or body that does not match the schema is refused with it)."""
    return {code: ErrorOut for code in (*codes, 422, 429)}


def _error(api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str,
           details: dict[str, Any] | None = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message,
                                         "details": details or {}}, status=status)


class StructuredAPI(NinjaAPI):
    """A NinjaAPI whose every answer, error or not, comes through its own handlers: ninja's
    path views answer a method they do not take with a plain-text 405, and a failure in a
    throttle check escapes its handlers; both become the one error shape here."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = self._structured(pattern.callback)
        return urls

    def _structured(self, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself, for session auth only
        def structured_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                response = view(request, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - answered by the API's handlers
                return self.on_exception(request, exc)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = sorted(m.strip() for m in response["Allow"].split(","))
                answer = _error(self, request, 405, "METHOD_NOT_ALLOWED",
                                f"Metode {request.method} tidak didukung di alamat ini.",
                                {"allowed": allowed})
                answer["Allow"] = ", ".join(allowed)
                return answer
            return response

        return structured_view


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _error(api, request, 422, "VALIDATION_ERROR",
                      "Sebagian data tidak sah. Periksa kolom yang disebut di details.",
                      {"fields": field_messages(exc.errors)})

    @api.exception_handler(FieldErrors)
    def field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
        return _error(api, request, 422, "VALIDATION_ERROR",
                      "Sebagian data tidak sah. Periksa kolom yang disebut di details.",
                      {"fields": exc.fields})

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
        code = getattr(exc, "code", None)
        if code:
            return _error(api, request, 401, code, str(exc))
        return _error(api, request, 401, "AUTH_REQUIRED",
                      "Permintaan ini memerlukan token API (Authorization: Bearer …) atau sesi "
                      "masuk yang sah.")

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        seconds = max(1, math.ceil(exc.wait)) if exc.wait is not None else 60
        response = _error(api, request, 429, "RATE_LIMITED",
                          f"Terlalu banyak permintaan. Coba lagi dalam {seconds} detik.",
                          {"retry_after": seconds})
        response["Retry-After"] = str(seconds)
        return response

    @api.exception_handler(NinjaAuthorizationError)
    def forbidden(request: HttpRequest, exc: NinjaAuthorizationError) -> HttpResponse:
        return _error(api, request, 403, "PERMISSION_DENIED",
                      "Anda tidak berwenang melakukan tindakan ini.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "NOT_FOUND", "Data yang diminta tidak ditemukan.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:  # the only one ninja raises: the session's CSRF check
            return _error(api, request, 403, "CSRF_FAILED",
                          "Pemeriksaan CSRF gagal. Sertakan header X-CSRFToken, atau pakai token "
                          "API.")
        if exc.status_code == 400:  # ninja: the body is not JSON (or not the declared form)
            return _error(api, request, 422, "BODY_UNREADABLE",
                          "Isi permintaan tidak dapat dibaca. Kirim JSON yang sah (atau "
                          "multipart/form-data untuk berkas).")
        code = {429: "RATE_LIMITED", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return _error(api, request, exc.status_code, code, str(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _error(api, request, 413, "BODY_TOO_LARGE",
                      "Isi permintaan terlalu besar. Kirim berkas besar sebagai multipart.")

    @api.exception_handler(SuspiciousOperation)
    def unreadable(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return _error(api, request, 400, "BAD_REQUEST", "Permintaan ini tidak dapat dibaca.")

    @api.exception_handler(StorageError)
    def storage_error(request: HttpRequest, exc: StorageError) -> HttpResponse:
        logger.error("file not stored: %s (%s)", type(exc).__name__, exc)
        if isinstance(exc, StorageFull):
            code, problem = "STORAGE_FULL", "Penyimpanan berkas sedang penuh."
        else:
            code = "STORAGE_UNAVAILABLE"
            problem = "Penyimpanan berkas sedang tidak dapat dihubungi."
        response = _error(api, request, 503, code,
                          f"{problem} Berkas belum tersimpan dan tidak ada data yang berubah; "
                          "kirim lagi nanti.", {"retry_after": STORAGE_RETRY_AFTER})
        response["Retry-After"] = str(STORAGE_RETRY_AFTER)
        return response

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_database_unavailable(exc):
            logger.warning("API request while the database is unavailable: %s",
                           type(exc).__name__)
            count_unavailable("database")
            response = api.create_response(request, outage.api_body(), status=503)
            response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
            return response
        if outage.is_storage_full(exc):
            logger.error("API request: the file storage is full")
            count_unavailable("storage")
            response = api.create_response(request, outage.storage_full_body(), status=503)
            response["Retry-After"] = str(outage.STORAGE_RETRY_AFTER_SECONDS)
            return response
        logger.exception("Unhandled API error", exc_info=exc)
        return _error(api, request, 500, "INTERNAL_ERROR",
                      "Terjadi gangguan pada sistem. Tidak ada data yang berubah; coba lagi nanti.")
