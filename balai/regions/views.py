"""Public pages of the region hierarchy, and the desa list the region picker fetches."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from balai.regions.queries import kecamatan_list, kecamatan_with_villages, villages_of


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every kecamatan of the regency with its desa and their Kemendagri codes."""
    return render(request, "regions/index.html",
                  {"kecamatan_list": kecamatan_with_villages()})


@require_GET
def villages(request: HttpRequest) -> JsonResponse:
    """The desa of one kecamatan as JSON, for static/js/region-picker.js."""
    code = request.GET.get("kecamatan", "")
    if not kecamatan_list().filter(code=code).exists():
        return JsonResponse({"error": "KECAMATAN_UNKNOWN"}, status=404)
    response = JsonResponse({
        "kecamatan": code,
        "desa": [{"code": v.code, "name": v.name} for v in villages_of(code)],
    })
    response["Cache-Control"] = "public, max-age=3600"
    return response
