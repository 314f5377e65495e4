"""Health, readiness and metrics endpoints for load balancers, orchestrators and Prometheus."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from balai.operations import metrics
from balai.operations.access import may_read_metrics
from balai.operations.health import run_checks


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
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_read_metrics(request):
        return HttpResponse(b"forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    payload, content_type = metrics.exposition()
    return HttpResponse(payload, content_type=content_type)
