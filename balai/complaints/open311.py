"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the complaints, at
/open311/v2/: discovery, services, service definitions, and service requests (list, one,
create with an api_key). Every resource answers in JSON or XML by its extension; errors are
the specification's list of {code, description}.

A service is a complaint category; a service request is a complaint whose number is its
service_request_id. Confidential complaints are never listed. The api_key is a Balai API token
with the write scope (balai.api): the complaint is filed in the name of the token's owner,
who must be a confirmed citizen. No personal data of the reporter is ever part of a response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse it

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from balai.accounts.queries import is_verified_citizen
from balai.api import queries as api_queries
from balai.complaints import actions
from balai.complaints.models import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    Complaint,
    ComplaintCategory,
    ComplaintUpdate,
    Status,
)
from balai.core.errors import DomainError
from balai.regions.queries import get_village

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"json": "application/json", "xml": "text/xml"}
MAX_REQUESTS = 1000  # the specification's suggested ceiling per answer
DEFAULT_WINDOW_DAYS = 90  # without dates, the last 90 days (as the specification suggests)
CLOSED = (Status.SELESAI, Status.DIKONFIRMASI, Status.DITOLAK, Status.DIGABUNG)
VILLAGE_ATTRIBUTE = {
    "code": "kode_desa", "datatype": "string", "required": False, "order": 1,
    "description": "Kode Kemendagri desa/kelurahan lokasi, mis. 61.12.01.2001",
    "datatype_description": "Kode wilayah dengan titik", "values": []}


# --- rendering ----------------------------------------------------------------------------

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list):
        # A list inside an object repeats a singular element (values → value, ...).
        singular = {"values": "value", "attributes": "attribute", "endpoints": "endpoint",
                    "formats": "format"}.get(tag, "item")
        for child in value:
            element.append(_element(singular, child))
    else:
        element.text = _text(value)
    return element


def _xml(root: str, item: str | None, data: Any) -> bytes:
    if item is None:
        tree = _element(root, data)
    else:
        tree = ET.Element(root)
        for row in data:
            tree.append(_element(item, row))
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(tree, encoding="utf-8")


def _answer(fmt: str, data: Any, *, root: str, item: str | None = None,
            status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, data), content_type="text/xml; charset=utf-8",
                            status=status)
    return JsonResponse(data, safe=False, status=status)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _answer(fmt, [{"code": status, "description": description}], root="errors",
                   item="error", status=status)


def _format_or_404(fmt: str) -> str | None:
    return fmt if fmt in FORMATS else None


# --- discovery and services ---------------------------------------------------------------

def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    if _format_or_404(fmt) is None:
        return _error("json", 404, "Format tidak dikenal; gunakan .json atau .xml.")
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    base = base.rsplit("/", 1)[0] + "/"
    data = {
        "changeset": "2026-01-01T00:00:00+07:00",
        "contact": _("Diskominfo Kabupaten Kubu Raya, melalui halaman Pengaduan Balai."),
        "key_service": _("Kunci API dibuat di halaman Token API akun Balai (cakupan baca dan "
                         "tulis)."),
        "endpoints": [{"specification": SPECIFICATION, "url": base,
                       "changeset": "2026-01-01T00:00:00+07:00", "type": "production",
                       "formats": list(FORMATS.values())}],
    }
    return _answer(fmt, data, root="discovery")


def _service(category: ComplaintCategory) -> dict[str, Any]:
    return {"service_code": category.code, "service_name": category.name,
            "description": category.description, "metadata": True, "type": "realtime",
            "keywords": category.keywords, "group": category.office.name}


def services(request: HttpRequest, fmt: str) -> HttpResponse:
    if _format_or_404(fmt) is None:
        return _error("json", 404, "Format tidak dikenal; gunakan .json atau .xml.")
    categories = ComplaintCategory.objects.filter(is_active=True).select_related("office")
    return _answer(fmt, [_service(c) for c in categories.order_by("code")], root="services",
                   item="service")


def _attributes(category: ComplaintCategory) -> list[dict[str, Any]]:
    rows = [VILLAGE_ATTRIBUTE, *category.attributes]
    return [{"variable": True, "code": a["code"], "datatype": a.get("datatype", "string"),
             "required": bool(a.get("required")),
             "datatype_description": a.get("datatype_description", ""),
             "order": a.get("order", index + 1), "description": a.get("description", ""),
             "values": [{"key": v["key"], "name": v["name"]} for v in a.get("values", [])]}
            for index, a in enumerate(rows)]


def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if _format_or_404(fmt) is None:
        return _error("json", 404, "Format tidak dikenal; gunakan .json atau .xml.")
    category = ComplaintCategory.objects.filter(code=code, is_active=True).first()
    if category is None:
        return _error(fmt, 404, f"Layanan {code} tidak ditemukan.")
    return _answer(fmt, {"service_code": category.code, "attributes": _attributes(category)},
                   root="service_definition")


# --- service requests ---------------------------------------------------------------------

def _request_row(complaint: Complaint, answers: dict[int, str]) -> dict[str, Any]:
    closed = complaint.status in CLOSED
    coordinates = complaint.coordinates
    address = ", ".join(p for p in (complaint.location_note,
                                    complaint.village.name if complaint.village else "",
                                    complaint.kecamatan.name if complaint.kecamatan else "")
                        if p)
    notes = complaint.reject_reason or answers.get(complaint.pk, "")
    return {
        "service_request_id": complaint.number,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": complaint.description,
        "agency_responsible": complaint.office.name,
        "service_notice": complaint.get_status_display(),
        "requested_datetime": complaint.created_at.isoformat(),
        "updated_datetime": complaint.updated_at.isoformat(),
        "expected_datetime": (dt.datetime.combine(complaint.resolution_due, dt.time(16),
                                                  tzinfo=timezone.get_current_timezone())
                              .isoformat() if complaint.resolution_due else ""),
        "address": address,
        "address_id": complaint.village_id or "",
        "zipcode": "",
        "lat": float(coordinates[0]) if coordinates else "",
        "long": float(coordinates[1]) if coordinates else "",
        "media_url": "",
    }


def _latest_answers(ids: Iterable[int]) -> dict[int, str]:
    answers: dict[int, str] = {}
    for complaint_id, note in (ComplaintUpdate.objects
                               .filter(complaint_id__in=list(ids), public=True,
                                       kind__in=[ComplaintUpdate.Kind.RESPONSE,
                                                 ComplaintUpdate.Kind.CLOSED])
                               .order_by("created_at", "id").values_list("complaint_id", "note")):
        answers[complaint_id] = note
    return answers


def _visible() -> QuerySet[Complaint]:
    return (Complaint.objects.filter(is_confidential=False)
            .select_related("category", "office", "village", "kecamatan"))


def _parse_date(value: str, name: str) -> dt.datetime:
    # An unencoded "+" of the offset arrives as a space.
    parsed = parse_datetime(value.replace(" ", "+")) if value else None
    if parsed is None:
        raise ValueError(f"{name} harus tanggal-waktu W3C, mis. 2026-01-31T08:00:00+07:00.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    qs = _visible()
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # the specification: service_request_id overrides every other parameter
        qs = qs.filter(number__in=ids[:MAX_REQUESTS])
    else:
        try:
            end = _parse_date(params["end_date"], "end_date") if params.get(
                "end_date") else timezone.now()
            start = _parse_date(params["start_date"], "start_date") if params.get(
                "start_date") else end - dt.timedelta(days=DEFAULT_WINDOW_DAYS)
        except ValueError as error:
            return _error(fmt, 400, str(error))
        if start > end:
            return _error(fmt, 400, "start_date harus sebelum end_date.")
        qs = qs.filter(is_listed=True, created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        status = params.get("status", "")
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                return _error(fmt, 400, "status harus open atau closed.")
            if wanted == {"open"}:
                qs = qs.exclude(status__in=CLOSED)
            elif wanted == {"closed"}:
                qs = qs.filter(status__in=CLOSED)
    complaints = list(qs.order_by("-id")[:MAX_REQUESTS])
    answers = _latest_answers(c.pk for c in complaints)
    return _answer(fmt, [_request_row(c, answers) for c in complaints],
                   root="service_requests", item="request")


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    token = api_queries.find_token(data.get("api_key", ""))
    if token is None or token.is_revoked or not token.user.is_active:
        return _error(fmt, 403, "api_key tidak sah.")
    if not token.can_write:
        return _error(fmt, 403, "api_key ini hanya boleh membaca; buat token dengan cakupan "
                                "baca dan tulis.")
    user = token.user
    if not is_verified_citizen(user):
        return _error(fmt, 403, "Pemilik api_key harus warga yang sudah terverifikasi.")
    category = ComplaintCategory.objects.filter(code=data.get("service_code", ""),
                                                is_active=True).select_related("office").first()
    if category is None:
        return _error(fmt, 404, "service_code tidak dikenal.")
    description = data.get("description", "").strip()
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        return _error(fmt, 400, f"description harus {DESCRIPTION_MIN}-{DESCRIPTION_MAX} "
                                "karakter.")
    latitude = longitude = None
    if data.get("lat") or data.get("long"):
        try:
            latitude = Decimal(data.get("lat", "")).quantize(Decimal("0.000001"))
            longitude = Decimal(data.get("long", "")).quantize(Decimal("0.000001"))
        except InvalidOperation:
            return _error(fmt, 400, "lat dan long harus angka desimal (WGS84).")
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return _error(fmt, 400, "lat atau long di luar jangkauan.")
    village = None
    village_code = data.get("attribute[kode_desa]", "") or data.get("address_id", "")
    if village_code:
        village = get_village(village_code)
        if village is None:
            return _error(fmt, 400, "kode_desa bukan desa/kelurahan di kabupaten ini.")
    address = data.get("address_string", "").strip()
    if latitude is None and village is None and not address:
        return _error(fmt, 400, "Lokasi wajib: lat dan long, address_string, atau "
                                "attribute[kode_desa].")
    answers: dict[str, str] = {}
    for attribute in category.attributes:
        value = data.get(f"attribute[{attribute['code']}]", "").strip()
        keys = {v["key"] for v in attribute.get("values", [])}
        if attribute.get("required") and not value:
            return _error(fmt, 400, f"attribute[{attribute['code']}] wajib diisi.")
        if value and keys and value not in keys:
            return _error(fmt, 400, f"attribute[{attribute['code']}] tidak dikenal.")
        if value:
            answers[attribute["code"]] = value[:200]
    try:
        complaint = actions.file_complaint(
            actor=user, category=category, description=description, village=village,
            location_note=address, latitude=latitude, longitude=longitude,  # type: ignore[arg-type]
            attributes=answers, channel="open311")
    except DomainError as error:
        return _error(fmt, 400, error.message)
    row = {"service_request_id": complaint.number,
           "service_notice": _("Pengaduan diterima; petugas memverifikasinya paling lambat "
                               "%(due)s.") % {"due": complaint.due_date},
           "account_id": ""}
    return _answer(fmt, [row], root="service_requests", item="request", status=201)


@csrf_exempt  # a machine API authenticated by its api_key, never by a browser session
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if _format_or_404(fmt) is None:
        return _error("json", 404, "Format tidak dikenal; gunakan .json atau .xml.")
    if request.method == "GET":
        return _list_requests(request, fmt)
    if request.method == "POST":
        return _create_request(request, fmt)
    return _error(fmt, 405, "Metode tidak didukung; gunakan GET atau POST.")


def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if _format_or_404(fmt) is None:
        return _error("json", 404, "Format tidak dikenal; gunakan .json atau .xml.")
    complaint = _visible().filter(number=request_id).first()
    if complaint is None:
        return _error(fmt, 404, f"Permintaan {request_id} tidak ditemukan.")
    answers = _latest_answers([complaint.pk])
    return _answer(fmt, [_request_row(complaint, answers)], root="service_requests",
                   item="request")
