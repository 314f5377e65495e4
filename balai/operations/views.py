"""Health, readiness and metrics endpoints for load balancers, orchestrators and Prometheus."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from balai.operations import metrics
from balai.operations.access import may_read_metrics
from balai.operations.health import run_checks

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answers. Touches neither the database nor anything else."""
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Every dependency answers: 200, or 503 naming the checks that failed."""
    results = run_checks()
    failed = [result.name for result in results if not result.ok]
    body: dict[str, object] = {"status": "fail" if failed else "ok",
                               "checks": {result.name: result.as_dict() for result in results}}
    if not failed:
        return JsonResponse(body)
    body["failed"] = failed
    response = JsonResponse(body, status=503)
    # One warning naming the checks, instead of Django's "Service Unavailable" error on
    # every poll of a load balancer (alerts come from the probe, docs/deployment.md).
    logger.warning("not ready: %s", ", ".join(failed), extra={"failed_checks": failed})
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_read_metrics(request):
        return HttpResponse(b"forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    payload, content_type = metrics.exposition()
    return HttpResponse(payload, content_type=content_type)
