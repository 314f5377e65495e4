"""Request ids and request metrics, first in MIDDLEWARE so that they see every response."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from balai.operations import metrics
from balai.operations.logging import request_id

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
