"""The read side of the CKAN Action API (/api/3/action/<name>), so that CKAN harvesters and
clients (Satu Data Indonesia runs on CKAN) read Balai's datasets as they read any CKAN site.

Answers use CKAN's envelope: {"help": ..., "success": true, "result": ...}, and on error
{"help": ..., "success": false, "error": {"__type": ..., "message": ...}} with CKAN's status
codes. GET and POST (JSON body, as ckanapi sends) are both accepted."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from balai.opendata import queries

MAX_ROWS = 1000


class CkanError(Exception):
    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def _params(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.GET.items())
    if request.method == "POST" and request.content_type != "application/json":
        params.update(request.POST.items())
    elif request.method == "POST" and request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise CkanError(400, "Validation Error",
                            "Isi permintaan bukan JSON yang sah.") from None
        if not isinstance(body, dict):
            raise CkanError(400, "Validation Error", "Isi permintaan harus objek JSON.")
        params.update(body)
    return params


def _int(params: dict[str, Any], name: str, default: int, *, maximum: int) -> int:
    value = params.get(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise CkanError(409, "Validation Error", f"{name}: harus bilangan bulat.") from None
    if number < 0:
        raise CkanError(409, "Validation Error", f"{name}: tidak boleh negatif.")
    return min(number, maximum)


def package_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    limit = _int(params, "limit", MAX_ROWS, maximum=MAX_ROWS)
    offset = _int(params, "offset", 0, maximum=10**9)
    slugs = queries.public_datasets().order_by("slug").values_list("slug", flat=True)
    return list(slugs[offset:offset + limit])


def package_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    ident = str(params.get("id") or params.get("name") or "")
    if not ident:
        raise CkanError(409, "Validation Error", "id: wajib diisi.")
    rows = queries.public_datasets()
    dataset = rows.filter(slug=ident).first()
    if dataset is None and ident.startswith("balai-") and ident[6:].isdigit():
        dataset = rows.filter(pk=int(ident[6:])).first()
    if dataset is None:
        raise CkanError(404, "Not Found Error", "Dataset tidak ditemukan.")
    return queries.ckan_package(request, dataset)


def package_search(request: HttpRequest, params: dict[str, Any]) -> Any:
    rows = _int(params, "rows", 10, maximum=MAX_ROWS)
    start = _int(params, "start", 0, maximum=10**9)
    query = str(params.get("q") or "")
    if query.strip() in ("*:*", "*"):
        query = ""
    found = queries.search_datasets(query)
    return {"count": found.count(), "sort": "metadata_modified desc", "facets": {},
            "search_facets": {},
            "results": [queries.ckan_package(request, d) for d in found[start:start + rows]]}


def organization_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    offices = queries.publishers()
    all_fields = str(params.get("all_fields", "")).lower() in ("true", "1")
    if all_fields:
        return [queries.ckan_organization(office) for office in offices]
    return [office.code for office in offices]


def status_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    return {"ckan_version": "2.10.0", "site_title": "Balai", "site_url":
            request.build_absolute_uri("/"), "extensions": []}


ACTIONS = {"package_list": package_list, "package_show": package_show,
           "package_search": package_search, "organization_list": organization_list,
           "status_show": status_show}


@csrf_exempt
def action(request: HttpRequest, name: str) -> JsonResponse:
    help_url = request.build_absolute_uri(reverse("ckan:action", args=[name]))
    handler = ACTIONS.get(name)
    try:
        if request.method not in ("GET", "POST"):
            raise CkanError(405, "Validation Error", "Gunakan GET atau POST.")
        if handler is None:
            raise CkanError(400, "Bad request", f"Action name not known: {name}")
        result = handler(request, _params(request))
    except CkanError as error:
        response = JsonResponse({"help": help_url, "success": False,
                                 "error": {"__type": error.kind, "message": error.message}},
                                status=error.status)
    else:
        response = JsonResponse({"help": help_url, "success": True, "result": result},
                                json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
