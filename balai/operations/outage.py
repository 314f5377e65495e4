"""The database out of reach: a 503 with Retry-After instead of a 500 traceback page.

PostgreSQL restarting, failing over or refusing connections shows up in Django as an
`OperationalError` or an `InterfaceError` (django.db.utils), raised wherever the first query
of the request runs: a view, the session or authentication middleware, a context processor.
Django turns any such exception into a call to `handler500` while the exception is still being
handled; `server_error` (balai/portal/views.py) asks `unavailable_response` first, so every
page answers 503 with a short Indonesian page, and the HTTP API (/api/) and the bank API
(/bank/) answer 503 in their own JSON shapes. The transaction of the request was never
committed, so nothing is half-written; with CONN_HEALTH_CHECKS the next request opens a fresh
connection once the database is back.
"""

from __future__ import annotations

import errno
import json
import logging
import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from balai.operations.metrics import count_unavailable

logger = logging.getLogger(__name__)

# The file storage cannot take more: the disk or the quota is full.
STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

# How long a client should wait before retrying: a PostgreSQL restart takes a few seconds; a
# full disk needs an operator.
RETRY_AFTER_SECONDS = 5
STORAGE_RETRY_AFTER_SECONDS = 600
STORAGE_MESSAGE = ("Ruang penyimpanan berkas sedang penuh. Berkas tidak tersimpan dan tidak ada "
                   "data yang berubah; coba lagi nanti.")

API_MESSAGE = ("Basis data sedang tidak dapat dihubungi. Tidak ada data yang berubah; "
               "coba lagi sebentar lagi.")


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The connection failed or broke (not a wrong query, not a constraint violation)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def is_storage_full(exc: BaseException | None) -> bool:
    return isinstance(exc, OSError) and exc.errno in STORAGE_FULL_ERRNOS


def unavailable_response(request: HttpRequest) -> HttpResponse | None:
    """The 503 answer for the exception being handled, or None when it is neither the database
    nor a full file storage."""
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return database_unavailable(request)
    if is_storage_full(exc):
        return storage_full(request)
    return None


def storage_full(request: HttpRequest) -> HttpResponse:
    """A page that could not keep a file: the transaction rolled back, nothing was kept."""
    count_unavailable("storage")
    logger.error("file storage full (%s) on %s", errno.errorcode.get(
        getattr(sys.exc_info()[1], "errno", 0) or 0, "?"), request.path)
    if request.path.startswith("/api/"):
        response = HttpResponse(json.dumps(storage_full_body(), ensure_ascii=False),
                                status=503, content_type="application/json")
    else:
        response = HttpResponse(loader.get_template("errors/503.html").render(
            {"storage_full": True}), status=503)
    response["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    count_unavailable("database")
    path = request.path
    if path.startswith("/bank/"):
        from balai.payments import snap

        body = {"responseCode": f"503{snap.SERVICE_GENERAL}00",
                "responseMessage": "Service Unavailable"}
        response = HttpResponse(json.dumps(body), status=503, content_type="application/json")
        response["X-TIMESTAMP"] = snap.timestamp()
    elif path.startswith("/api/"):
        response = HttpResponse(json.dumps(api_body(), ensure_ascii=False), status=503,
                                content_type="application/json")
    else:
        # No request context: context processors and the session would query the database.
        response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def storage_full_body() -> dict[str, object]:
    return {"code": "STORAGE_FULL", "message": STORAGE_MESSAGE,
            "details": {"retry_after": STORAGE_RETRY_AFTER_SECONDS}}


def api_body() -> dict[str, object]:
    return {"code": "DATABASE_UNAVAILABLE", "message": API_MESSAGE,
            "details": {"retry_after": RETRY_AFTER_SECONDS}}
