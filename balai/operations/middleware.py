"""Request ids and request metrics, first in MIDDLEWARE so that they see every response."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from balai.operations import metrics
from balai.operations.logging import request_id

logger = logging.getLogger(__name__)

# What a proxy may hand us as X-Request-ID: a UUID, a hex or base64url token, nginx's
# $request_id. Anything else (too long, spaces, control characters) is replaced, so that a
# client cannot forge log lines or bloat them.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Takes X-Request-ID from the proxy when valid, or makes one; puts it on the response
    and on every log record written while the request is handled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        value = incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = value  # type: ignore[attr-defined]
        request_id.set(value)
        try:
            response = self.get_response(request)
        except BaseException:
            request_id.set("-")
            raise
        response["X-Request-ID"] = value
        # Django logs a 4xx/5xx response (django.request) after the middleware returned: the
        # id is cleared only once the server has closed the response.
        response._resource_closers.append(_clear_request_id)
        return response


def _clear_request_id() -> None:
    request_id.set("-")


class RequestMetricsMiddleware:
    """Observes each request's latency, labelled by its URL route (never the raw path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # Unmatched paths (404s from the resolver, redirects before routing) share one label.
        route = str(match.route) if match is not None and match.route else "unmatched"
        # A page answered from the page cache was never routed: the cache names its route.
        route = getattr(request, "metrics_route", "") or route
        metrics.observe_request(route=route, method=request.method or "",
                                status=response.status_code,
                                seconds=time.perf_counter() - started)
        return response


class StorageErrorMiddleware:
    """A file that could not be stored (full disk, used-up quota, unreachable object store)
    is answered with a page that says so, 503 and Retry-After, instead of the generic 500. The
    action that raised rolled back: nothing was half-saved, and the person may send it again.
    The applicant's upload step answers on its own page (balai.applications.views); the API
    with its own error shape (balai.api.errors)."""

    RETRY_AFTER = 300

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.template import loader

        from balai.core.storage import StorageError, StorageFull

        if not isinstance(exception, StorageError):
            return None
        logger.error("file not stored: %s (%s)", type(exception).__name__, exception)
        # Rendered without a request context, like the 500 page: the failure may lie deeper.
        page = loader.get_template("errors/storage.html").render(
            {"full": isinstance(exception, StorageFull)})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
