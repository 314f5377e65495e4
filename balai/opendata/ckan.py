"""The read side of the CKAN Action API (/api/3/action/<name>), so that CKAN harvesters and
clients (Satu Data Indonesia runs on CKAN) read Balai's datasets as they read any CKAN site.
The reads are in balai.opendata.ckan_queries; this module parses parameters and answers.

Answers use CKAN's envelope: {"help": ..., "success": true, "result": ...}, and on error
{"help": ..., "success": false, "error": {"__type": ..., "message": ...}} with CKAN's status
codes: 404 Not Found Error, 409 Validation Error (with CKAN's per-field lists) and Search
Error, 403 Authorization Error for CKAN's write actions (this interface only reads), 400 for
a body that is not a JSON object, 405 for methods other than GET and POST. CKAN itself
answers an unknown action with a bare 400 string; Balai answers 404 in the envelope, so
that every error a client meets has the same shape. GET and POST (a JSON body, as ckanapi
sends, or a form) are both accepted."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from balai.opendata import ckan_queries as cq
from balai.opendata import queries
from balai.opendata.licences import REGISTER, get_licence

log = logging.getLogger(__name__)

MAX_ROWS = 1000  # CKAN's ckan.search.rows_max
GROUP_LIST_MAX = 1000  # ckan.group_and_organization_list_max
GROUP_LIST_ALL_FIELDS_MAX = 25  # ckan.group_and_organization_list_all_fields_max
ACTIVITY_LIMIT, ACTIVITY_LIMIT_MAX = 31, 100  # ckan.activity_list_limit(_max)
WRITE_SUFFIXES = ("_create", "_update", "_patch", "_delete", "_purge", "_revise")


class CkanError(Exception):
    def __init__(self, status: int, kind: str, message: str,
                 fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message
        self.fields = fields or {}


def _invalid(name: str, message: str) -> CkanError:
    return CkanError(409, "Validation Error", f"{name}: {message}", {name: [message]})


def _not_found(message: str) -> CkanError:
    return CkanError(404, "Not Found Error", f"Tidak ditemukan: {message}")


def _params(request: HttpRequest) -> dict[str, Any]:
    # A repeated query parameter is a list, as CKAN reads it (ckanapi's get_only sends lists
    # that way).
    params: dict[str, Any] = {key: values[0] if len(values) == 1 else values
                              for key, values in request.GET.lists()}
    if request.method == "POST" and request.content_type != "application/json":
        params.update(request.POST.items())
    elif request.method == "POST" and request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            raise CkanError(400, "Bad Request",
                            "Bad request - JSON Error: isi permintaan bukan JSON yang sah."
                            ) from None
        if not isinstance(body, dict):
            raise CkanError(400, "Bad Request",
                            "Bad request - JSON Error: isi permintaan harus objek JSON.")
        params.update(body)
    return params


def _int(params: dict[str, Any], name: str, default: int, *, maximum: int) -> int:
    value = params.get(name, default)
    if value is None or value == "":
        return default
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise _invalid(name, "Invalid integer")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _invalid(name, "Invalid integer") from None
    if number < 0:
        raise _invalid(name, "Must be a natural number")
    return min(number, maximum)


def _bool(params: dict[str, Any], name: str, default: bool = False) -> bool:
    value = params.get(name, default)
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    raise _invalid(name, "Value must be one of: true, false")


def _text(params: dict[str, Any], name: str, default: str = "") -> str:
    value = params.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _invalid(name, "Must be a string")
    if "\x00" in str(value):  # PostgreSQL cannot compare text holding NUL
        raise _invalid(name, "Must not contain NUL characters")
    return str(value)


def _string_list(params: dict[str, Any], name: str) -> list[str]:
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise _invalid(name, "Invalid JSON list") from None
    if not isinstance(value, list) or not all(isinstance(v, str) and "\x00" not in v
                                              for v in value):
        raise _invalid(name, "Not a list of strings")
    return value


def _ident(params: dict[str, Any]) -> str:
    ident = _text(params, "id") or _text(params, "name")
    if not ident:
        raise _invalid("id", "Missing value")
    return ident


def _list_sort(params: dict[str, Any], name_column: str, title_column: str) -> list[str]:
    """CKAN's sort of group_list and organization_list: name, title or package_count."""
    text = (_text(params, "sort") or _text(params, "order_by") or "title asc").strip()
    if text in ("packages", "package_count"):
        text = "package_count desc"
    bits = text.replace(",", " ").split()
    columns = {"name": [name_column], "title": [title_column, name_column],
               "package_count": ["package_count", name_column],
               "packages": ["package_count", name_column]}
    if not bits or bits[0] not in columns or (len(bits) > 1 and bits[1] not in ("asc",
                                                                                   "desc")):
        raise _invalid("sort", "Cannot sort by that field")
    descending = len(bits) > 1 and bits[1] == "desc"
    return [("-" if descending else "") + column for column in columns[bits[0]]]


# --- actions --------------------------------------------------------------------------------

def package_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the names of the site's public datasets, sorted by name.

    :param limit: how many names (optional); :param offset: where to start (optional)."""
    limit = _int(params, "limit", MAX_ROWS, maximum=MAX_ROWS)
    offset = _int(params, "offset", 0, maximum=10**9)
    slugs = queries.public_datasets().order_by("slug").values_list("slug", flat=True)
    return list(slugs[offset:offset + limit])


def package_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the metadata of a dataset and its resources.

    :param id: the id or name of the dataset."""
    dataset = cq.find_package(_ident(params))
    if dataset is None:
        raise _not_found("dataset tidak ditemukan")
    return cq.package_dict(request, dataset)


def package_search(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Search datasets: q, fq (organization:, tags:, groups:, res_format:, license_id:,
    name:, metadata_modified:[from TO to] ...), sort (e.g. "metadata_modified desc",
    "name asc", "score desc"), rows, start, facet.field (a JSON list), facet.limit,
    facet.mincount, include_private."""
    # The interface is anonymous: a private (unpublished) dataset is never shown, so
    # include_private is read and checked but changes nothing.
    _bool(params, "include_private")
    search = cq.Search(
        q=_text(params, "q"), fq=_text(params, "fq"),
        sort=_text(params, "sort") or cq.DEFAULT_SORT,
        rows=_int(params, "rows", 10, maximum=MAX_ROWS),
        start=_int(params, "start", 0, maximum=10**9),
        facet_fields=_string_list(params, "facet.field"),
        facet_limit=(-1 if str(params.get("facet.limit", "")).strip() == "-1"
                     else _int(params, "facet.limit", 50, maximum=10**6)),
        facet_mincount=_int(params, "facet.mincount", 1, maximum=10**9))
    if not _bool(params, "facet", True):
        search.facet_fields = []
    try:
        return cq.search_packages(request, search)
    except cq.SearchError as error:
        raise CkanError(409, "Search Error", f"Search error: {error}") from None


def current_package_list_with_resources(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the most recently modified datasets with their resources.

    :param limit: how many (optional, default 10); :param offset: where to start;
    :param page: a page of `limit` datasets (optional, counted from 1)."""
    limit = _int(params, "limit", 10, maximum=MAX_ROWS)
    offset = _int(params, "offset", 0, maximum=10**9)
    if params.get("page") not in (None, ""):
        page = _int(params, "page", 1, maximum=10**9)
        if page < 1:
            raise _invalid("page", "Must be a natural number")
        offset = (page - 1) * limit
    search = cq.Search(sort="metadata_modified desc", rows=limit, start=offset)
    return cq.search_packages(request, search)["results"]


def resource_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the metadata of a resource.

    :param id: the id of the resource."""
    found = cq.find_resource(request, _ident(params))
    if found is None:
        raise _not_found("sumber daya tidak ditemukan")
    return found


def _group_list(params: dict[str, Any], rows: Any, to_dict: Callable[[Any], dict[str, Any]],
                key: str, title: str) -> Any:
    all_fields = _bool(params, "all_fields")
    maximum = GROUP_LIST_ALL_FIELDS_MAX if all_fields else GROUP_LIST_MAX
    limit = _int(params, "limit", maximum, maximum=maximum)
    offset = _int(params, "offset", 0, maximum=10**9)
    wanted = _string_list(params, "organizations") or _string_list(params, "groups")
    if wanted:
        rows = rows.filter(**{f"{key}__in": wanted})
    query = _text(params, "q").strip()
    if query:  # CKAN matches the name or the title
        rows = rows.filter(Q(**{f"{key}__icontains": query})
                           | Q(**{f"{title}__icontains": query}))
    rows = rows.order_by(*_list_sort(params, key, title))[offset:offset + limit]
    if all_fields:
        return [to_dict(row) for row in rows]
    return [getattr(row, key) for row in rows]


def organization_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the names (or, with all_fields, the details) of the offices that publish data.

    :param sort: name, title or package_count with asc/desc (optional, default "title asc");
    :param q: only those whose name or title contains it (optional)."""
    return _group_list(params, cq.organizations(), cq.organization_dict, "code", "name")


def group_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the names (or, with all_fields, the details) of the topics datasets are grouped
    under.

    :param sort: name, title or package_count with asc/desc (optional, default "title asc");
    :param q: only those whose name or title contains it (optional)."""
    return _group_list(params, cq.groups(), cq.group_dict, "slug", "title")


def _with_datasets(request: HttpRequest, params: dict[str, Any], result: dict[str, Any],
                   fq: str) -> dict[str, Any]:
    result.update({"users": [], "extras": [], "tags": [], "groups": []})
    if _bool(params, "include_datasets"):
        search = cq.Search(fq=fq, sort="metadata_modified desc", rows=MAX_ROWS)
        result["packages"] = cq.search_packages(request, search)["results"]
    return result


def organization_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return an office that publishes data.

    :param id: its id or name; :param include_datasets: add its datasets (optional)."""
    office = cq.find_organization(_ident(params))
    if office is None:
        raise _not_found("organisasi tidak ditemukan")
    return _with_datasets(request, params, cq.organization_dict(office),
                          f'organization:"{office.code}"')


def group_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return a topic (a CKAN group).

    :param id: its id or name; :param include_datasets: add its datasets (optional)."""
    topic = cq.find_group(_ident(params))
    if topic is None:
        raise _not_found("grup tidak ditemukan")
    return _with_datasets(request, params, cq.group_dict(topic), f'groups:"{topic.slug}"')


def tag_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the tags of the public datasets, sorted.

    :param query: only tags containing it (optional); :param all_fields: tag dicts."""
    if params.get("vocabulary_id"):
        raise _not_found("kosakata tidak ditemukan")
    names = cq.tag_names(_text(params, "query"))
    if _bool(params, "all_fields"):
        return [{"id": name, "name": name, "display_name": name, "vocabulary_id": None}
                for name in names]
    return names


def license_list(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the licences datasets may carry, and any other one a public dataset uses."""
    known = {licence.id for licence in REGISTER}
    used = (queries.public_datasets().exclude(licence__in=known).order_by("licence")
            .values_list("licence", flat=True).distinct())
    return [licence.as_ckan() for licence in [*REGISTER, *map(get_licence, used)]]


def recently_changed_packages_activity_list(request: HttpRequest,
                                            params: dict[str, Any]) -> Any:
    """Return the activity stream of recently created or changed datasets.

    :param offset: where to start (optional); :param limit: how many (default 31, at most
    100)."""
    return cq.recent_activities(
        request, offset=_int(params, "offset", 0, maximum=10**9),
        limit=_int(params, "limit", ACTIVITY_LIMIT, maximum=ACTIVITY_LIMIT_MAX))


def status_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the site's CKAN compatibility and title."""
    return {"ckan_version": "2.10.0", "site_title": "Balai", "site_description": "",
            "site_url": request.build_absolute_uri("/"), "locale_default": "id",
            "extensions": ["activity"]}


def help_show(request: HttpRequest, params: dict[str, Any]) -> Any:
    """Return the help text of an action.

    :param name: the action's name."""
    handler = ACTIONS.get(_text(params, "name"))
    if handler is None:
        raise _not_found("aksi tidak dikenal")
    return handler.__doc__


ACTIONS: dict[str, Callable[[HttpRequest, dict[str, Any]], Any]] = {
    handler.__name__: handler for handler in (
        package_list, package_show, package_search, current_package_list_with_resources,
        resource_show, organization_list, organization_show, group_list, group_show, tag_list,
        license_list, recently_changed_packages_activity_list, status_show, help_show)}


def _answer(help_url: str, payload: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse({"help": help_url, **payload}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@csrf_exempt
def action(request: HttpRequest, name: str) -> HttpResponse:
    help_url = request.build_absolute_uri(reverse("ckan:action", args=["help_show"]) + "?"
                                          + urlencode({"name": name}))
    handler = ACTIONS.get(name)
    try:
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type, Authorization"
            return response
        if request.method not in ("GET", "HEAD", "POST"):
            raise CkanError(405, "Method Not Allowed",
                            "Metode tidak diizinkan: gunakan GET atau POST.")
        if handler is None and name.endswith(WRITE_SUFFIXES):
            raise CkanError(403, "Authorization Error",
                            "Access denied: antarmuka CKAN Balai hanya untuk membaca; data "
                            "diterbitkan lewat halaman Kelola data terbuka.")
        if handler is None:
            raise _not_found(f"aksi tidak dikenal: {name}")
        result = handler(request, _params(request))
    except CkanError as error:
        response = _answer(help_url, {"success": False, "error": {
            **error.fields, "__type": error.kind, "message": error.message}}, error.status)
        if error.status == 405:
            response["Allow"] = "GET, POST, OPTIONS"
        return response
    except Exception:
        # A fault of Balai's, not of the request: still an answer the client can read.
        log.exception("CKAN action %s failed", name)
        return _answer(help_url, {"success": False, "error": {
            "__type": "Internal Server Error", "message": "Terjadi kesalahan di server."}}, 500)
    return _answer(help_url, {"success": True, "result": result})
