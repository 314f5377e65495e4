"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the complaints, at
/open311/v2/: discovery, services, service definitions, service requests (list, one, create
with an api_key) and tokens. Every resource answers in JSON or XML by its extension.

A service is a complaint category; a service request is a complaint whose number is its
service_request_id. Confidential complaints are never shown. The api_key is a Balai API token
with the write scope (balai.api): the complaint is filed in the name of the token's owner,
who must be a confirmed citizen. No personal data of the reporter is ever part of a response.

Types follow the specification: lat and long are numbers (plain decimal text in XML); date-times
are ISO 8601 with the regency's offset (+07:00 in Kubu Raya); a field Balai does not know (no
coordinates, no photo, no postal code) is left out, in JSON and in XML alike. expected_datetime
is the end of the complaint's resolution deadline (a date in working days).

A POST is form-encoded (as the specification says), multipart, or a JSON object with the same
fields (`attribute` may be an object {"code": "value"} or flat "attribute[code]" keys). Balai
files the complaint at once, so the answer carries its service_request_id; it carries the
request's token as well (kept with the complaint, unguessable), so that a client written for
servers that answer with a token only finds the number through GET tokens/{token} too.

Every error, including an unknown path under /open311/, a method a resource does not take, a
body that cannot be read and any failure inside, is the specification's list of
{code, description} in the format of the URL's extension (JSON when it has none), with the
HTTP status as its code.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse it

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from balai.accounts.queries import is_verified_citizen
from balai.api import queries as api_queries
from balai.complaints import actions, queries
from balai.complaints.models import (
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    MEDIA_URL_MAX,
    Complaint,
    ComplaintCategory,
    ComplaintUpdate,
    Status,
)
from balai.core.errors import DomainError
from balai.regions.queries import get_village

logger = logging.getLogger(__name__)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"json": "application/json", "xml": "text/xml"}
READ = ("GET", "HEAD")
MAX_REQUESTS = 1000  # the specification's suggested ceiling per answer
WINDOW_DAYS = 90  # the specification: a date range spans at most 90 days (the default window)
CLOSED = (Status.SELESAI, Status.DIKONFIRMASI, Status.DITOLAK, Status.DIGABUNG)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
FORM_TYPES = ("", "application/x-www-form-urlencoded", "multipart/form-data")
VILLAGE_ATTRIBUTE = {
    "code": "kode_desa", "datatype": "string", "required": False, "order": 1,
    "description": "Kode Kemendagri desa/kelurahan lokasi, mis. 61.12.01.2001",
    "datatype_description": "Kode wilayah dengan titik", "values": []}
check_url = URLValidator(schemes=["http", "https"])


# --- rendering ----------------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):  # plain decimal text, never an exponent
        return format(value.normalize(), "f")
    return str(value)


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            if child is not None:  # an unknown field is left out
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


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):  # coordinates are JSON numbers
            return float(o)
        return super().default(o)


def _drop_unknown(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_unknown(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_unknown(v) for v in data]
    return data


def _answer(fmt: str, data: Any, *, root: str, item: str | None = None,
            status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, data), content_type="text/xml; charset=utf-8",
                            status=status)
    return JsonResponse(_drop_unknown(data), safe=False, status=status, encoder=_Encoder,
                        content_type="application/json; charset=utf-8")


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _answer(fmt, [{"code": status, "description": description}], root="errors",
                   item="error", status=status)


class Refused(Exception):  # noqa: N818 - it is answered, like Http404
    """Input the interface refuses: answered as an Open311 error with this status."""

    def __init__(self, status: int, description: str) -> None:
        self.status = status
        self.description = description
        super().__init__(description)


def _format_of(path: str) -> str:
    return "xml" if path.lower().endswith(".xml") else "json"


def open311_view(*methods: str) -> Callable[[Callable[..., HttpResponse]],
                                           Callable[..., HttpResponse]]:
    """The edge of every Open311 resource: the format from the extension, the methods it
    takes (405 with Allow otherwise), and any failure answered in the Open311 format. No
    browser session is ever used, so there is no CSRF check to fail."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return _error("json", 404, "Format tidak dikenal; gunakan .json atau .xml.")
            if request.method not in methods:
                response = _error(fmt, 405, f"Metode {request.method} tidak didukung di sini; "
                                            f"gunakan {', '.join(methods)}.")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Refused as refused:
                return _error(fmt, refused.status, refused.description)
            except Http404:
                return _error(fmt, 404, "Data yang diminta tidak ditemukan.")
            except RequestDataTooBig:
                return _error(fmt, 413, "Isi permintaan terlalu besar.")
            except SuspiciousOperation:
                return _error(fmt, 400, "Permintaan tidak dapat dibaca.")
            except Exception:
                logger.exception("Open311 %s %s failed", request.method, request.path)
                return _error(fmt, 500, "Terjadi gangguan pada sistem. Tidak ada data yang "
                                        "berubah; coba lagi nanti.")

        wrapper.csrf_exempt = True  # type: ignore[attr-defined]
        return wrapper

    return decorate


def unknown_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /open311/: a 404 in the format its extension asks for."""
    return _error(_format_of(request.path), 404,
                  "Alamat Open311 ini tidak ada. Daftar sumber ada di /open311/v2/discovery.json.")


unknown_route.csrf_exempt = True  # type: ignore[attr-defined]


# --- discovery and services ---------------------------------------------------------------

@open311_view(*READ)
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    base = base.rsplit("/", 1)[0] + "/"
    data = {
        "changeset": "2026-01-01T00:00:00+07:00",
        "contact": _("Diskominfo %(regency)s, melalui halaman Pengaduan Balai.")
        % {"regency": settings.BALAI_REGENCY_NAME},
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


@open311_view(*READ)
def services(request: HttpRequest, fmt: str) -> HttpResponse:
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


@open311_view(*READ)
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = ComplaintCategory.objects.filter(code=code, is_active=True).first()
    if category is None:
        return _error(fmt, 404, f"Layanan {code} tidak ditemukan.")
    return _answer(fmt, {"service_code": category.code, "attributes": _attributes(category)},
                   root="service_definition")


# --- service requests: reading ------------------------------------------------------------

def _datetime(value: dt.datetime) -> str:
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat(
        timespec="seconds")


def _deadline(day: dt.date | None) -> str | None:
    if day is None:
        return None
    end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=timezone.get_default_timezone())
    return end.isoformat()


def _media_url(request: HttpRequest, complaint: Complaint) -> str | None:
    if complaint.media_url:
        return complaint.media_url
    photos = getattr(complaint, "public_photos", [])
    if photos:
        return request.build_absolute_uri(reverse("complaints:photo",
                                                  kwargs={"photo_id": photos[0].pk}))
    return None


def _request_row(request: HttpRequest, complaint: Complaint,
                 answers: dict[int, str]) -> dict[str, Any]:
    """One service request; None marks a field Balai does not know (left out)."""
    closed = complaint.status in CLOSED
    address = ", ".join(p for p in (complaint.location_note,
                                    complaint.village.name if complaint.village else "",
                                    complaint.kecamatan.name if complaint.kecamatan else "")
                        if p)
    has_point = complaint.latitude is not None and complaint.longitude is not None
    updated = complaint.closed_at if closed and complaint.closed_at else complaint.updated_at
    return {
        "service_request_id": complaint.number,
        "status": "closed" if closed else "open",
        "status_notes": complaint.reject_reason or answers.get(complaint.pk) or None,
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "description": complaint.description,
        "agency_responsible": complaint.office.name,
        "service_notice": complaint.get_status_display(),
        "requested_datetime": _datetime(complaint.created_at),
        "updated_datetime": _datetime(updated),
        "expected_datetime": _deadline(complaint.resolution_due),
        "address": address or None,
        "address_id": complaint.village_id or None,
        # zipcode: Balai keeps no postal codes, so it is always left out.
        "lat": complaint.latitude if has_point else None,
        "long": complaint.longitude if has_point else None,
        "media_url": _media_url(request, complaint),
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


def _parse_date(value: str, name: str) -> dt.datetime:
    # An unencoded "+" of the offset arrives as a space.
    try:
        parsed = parse_datetime(value.replace(" ", "+"))
    except ValueError:  # well formed but impossible, e.g. month 13
        parsed = None
    if parsed is None:
        raise Refused(400, f"{name} harus tanggal-waktu W3C, mis. 2026-01-31T08:00:00+07:00.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _rows(request: HttpRequest, complaints: list[Complaint]) -> list[dict[str, Any]]:
    answers = _latest_answers(c.pk for c in complaints)
    return [_request_row(request, c, answers) for c in complaints]


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    qs = queries.open311_requests()
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # the specification: service_request_id overrides every other parameter
        qs = qs.filter(number__in=ids[:MAX_REQUESTS])
    else:
        window = dt.timedelta(days=WINDOW_DAYS)
        start = _parse_date(params["start_date"], "start_date") if params.get(
            "start_date") else None
        end = _parse_date(params["end_date"], "end_date") if params.get("end_date") else None
        if end is None:
            end = start + window if start else timezone.now()
        start = start or end - window
        if start > end:
            raise Refused(400, "start_date harus sebelum end_date.")
        if end - start > window:
            raise Refused(400, f"Rentang start_date sampai end_date paling lama {WINDOW_DAYS} "
                               "hari.")
        qs = qs.filter(is_listed=True, created_at__gte=start, created_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            qs = qs.filter(category__code__in=codes)
        status = params.get("status", "")
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Refused(400, "status harus open atau closed.")
            if wanted == {"open"}:
                qs = qs.exclude(status__in=CLOSED)
            elif wanted == {"closed"}:
                qs = qs.filter(status__in=CLOSED)
    complaints = list(qs.order_by("-id")[:MAX_REQUESTS])
    return _answer(fmt, _rows(request, complaints), root="service_requests", item="request")


@open311_view(*READ)
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    complaint = queries.open311_requests().filter(number=request_id).first()
    if complaint is None:
        return _error(fmt, 404, f"Permintaan {request_id} tidak ditemukan.")
    return _answer(fmt, _rows(request, [complaint]), root="service_requests", item="request")


@open311_view(*READ)
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    number = (queries.number_for_request_token(token) if TOKEN_PATTERN.fullmatch(token)
              else None)
    if number is None:
        return _error(fmt, 404, "Token tidak ditemukan.")
    return _answer(fmt, [{"service_request_id": number, "token": token}],
                   root="service_requests", item="request")


# --- service requests: creating -----------------------------------------------------------

def _scalar(name: str, value: Any) -> str | None:
    if value is None:  # the specification: null is the same as not sent
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise Refused(400, f"{name} harus teks atau angka.")


def _post_data(request: HttpRequest) -> dict[str, str]:
    """The POST's fields as text, from a form or from a JSON object."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "Isi permintaan bukan JSON yang sah.") from None
        if not isinstance(body, dict):
            raise Refused(400, 'Isi JSON harus sebuah objek, mis. {"service_code": "..."}.')
        data: dict[str, str] = {}
        for key, value in body.items():
            if key == "attribute" and isinstance(value, dict):
                for code, answer in value.items():
                    text = _scalar(f"attribute[{code}]", answer)
                    if text is not None:
                        data[f"attribute[{code}]"] = text
                continue
            text = _scalar(key, value)
            if text is not None:
                data[key] = text
        return data
    if request.content_type in FORM_TYPES:
        return {key: request.POST.get(key, "") for key in request.POST}
    raise Refused(415, "Kirim application/x-www-form-urlencoded, multipart/form-data, atau "
                       "application/json.")


def _coordinates(data: dict[str, str]) -> tuple[Decimal, Decimal] | None:
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    if not lat and not long:
        return None
    if not lat or not long:
        raise Refused(400, "lat dan long harus dikirim berdua.")
    try:
        latitude, longitude = Decimal(lat), Decimal(long)
    except InvalidOperation:
        raise Refused(400, "lat dan long harus angka desimal (WGS84).") from None
    if not (latitude.is_finite() and longitude.is_finite()
            and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise Refused(400, "lat atau long di luar jangkauan.")
    step = Decimal("0.000001")
    return latitude.quantize(step), longitude.quantize(step)


def _media(data: dict[str, str]) -> str:
    url = data.get("media_url", "").strip()
    if not url:
        return ""
    if len(url) > MEDIA_URL_MAX:
        raise Refused(400, f"media_url paling panjang {MEDIA_URL_MAX} karakter.")
    try:
        check_url(url)
    except ValidationError:
        raise Refused(400, "media_url harus alamat http:// atau https:// yang sah.") from None
    if "@" in url.split("/", 3)[2]:
        raise Refused(400, "media_url tidak boleh memuat nama pengguna atau sandi.")
    return url


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    data = _post_data(request)
    key = data.get("api_key", "").strip()
    if not key:
        raise Refused(400, "api_key wajib diisi: buat token di halaman Token API akun Balai.")
    token = api_queries.find_token(key)
    if token is None or token.is_revoked or not token.user.is_active:
        raise Refused(403, "api_key tidak sah.")
    if not token.can_write:
        raise Refused(403, "api_key ini hanya boleh membaca; buat token dengan cakupan baca dan "
                           "tulis.")
    user = token.user
    if not is_verified_citizen(user):
        raise Refused(403, "Pemilik api_key harus warga yang sudah terverifikasi.")
    code = data.get("service_code", "").strip()
    if not code:
        raise Refused(400, "service_code wajib diisi.")
    category = ComplaintCategory.objects.filter(code=code, is_active=True).select_related(
        "office").first()
    if category is None:
        raise Refused(404, f"service_code {code} tidak dikenal.")
    description = data.get("description", "").strip()
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        raise Refused(400, f"description harus {DESCRIPTION_MIN}-{DESCRIPTION_MAX} karakter.")
    point = _coordinates(data)
    village = None
    village_code = data.get("attribute[kode_desa]", "").strip() or data.get(
        "address_id", "").strip()
    if village_code:
        village = get_village(village_code)
        if village is None:
            raise Refused(400, "kode_desa bukan desa/kelurahan di kabupaten ini.")
    address = data.get("address_string", "").strip()
    if point is None and village is None and not address:
        raise Refused(400, "Lokasi wajib: lat dan long, address_string, atau address_id "
                           "(attribute[kode_desa]).")
    media_url = _media(data)
    answers: dict[str, str] = {}
    for attribute in category.attributes:
        value = data.get(f"attribute[{attribute['code']}]", "").strip()
        keys = {v["key"] for v in attribute.get("values", [])}
        if attribute.get("required") and not value:
            raise Refused(400, f"attribute[{attribute['code']}] wajib diisi.")
        if value and keys and value not in keys:
            raise Refused(400, f"attribute[{attribute['code']}] tidak dikenal.")
        if value:
            answers[attribute["code"]] = value[:200]
    try:
        complaint = actions.file_complaint(
            actor=user, category=category, description=description, village=village,
            location_note=address,
            latitude=point[0] if point else None,  # type: ignore[arg-type]
            longitude=point[1] if point else None,  # type: ignore[arg-type]
            attributes=answers, channel="open311", media_url=media_url, issue_token=True)
    except DomainError as error:
        raise Refused(400, error.message) from None
    row = {"service_request_id": complaint.number, "token": complaint.request_token,
           "service_notice": _("Pengaduan diterima; petugas memverifikasinya paling lambat "
                               "%(due)s.") % {"due": complaint.due_date}}
    return _answer(fmt, [row], root="service_requests", item="request", status=201)


@open311_view("GET", "HEAD", "POST")
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)
