"""Counts every API request made with a developer-portal key: one counter per key, endpoint
(the route pattern, never the raw path) and day, with its errors (status 400 and above)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from balai.developers import actions

# Set on the request by balai.api.auth when a developer-portal key authenticated it.
REQUEST_ATTRIBUTE = "balai_app_key_id"


class KeyUsageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key_id = getattr(request, REQUEST_ATTRIBUTE, None)
        if key_id is not None:
            match = request.resolver_match
            route = match.route if match is not None else "?"
            actions.count_request(key_id=key_id, endpoint=f"{request.method} /{route}"[:160],
                                  error=response.status_code >= 400)
        return response
