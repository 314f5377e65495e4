"""Open311 GeoReport v2: each field's type and format, in JSON and XML; JSON bodies; tokens;
media_url (posted by a client, or a photo Balai serves to anyone)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own answers in tests

import pytest
from django.test import Client

from balai.api.actions import create_token
from balai.complaints import actions
from balai.complaints.models import Complaint
from balai.complaints.photos import check_photo
from balai.complaints.tests.conftest import png_bytes
from balai.complaints.tests.helpers import make_complaint
from balai.core.testing import sign_in

DESCRIPTION = "Jembatan kayu di dusun dua patah sebagian."
PHOTO = "https://foto.contoh.id/laporan/jembatan-patah.jpg"


@pytest.fixture
def write_key(citizen) -> str:
    return create_token(user=citizen.user, name="aplikasi", scopes="read write")[1]


def _xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314


def _post_json(client: Client, body, fmt: str = "json"):
    return client.post(f"/open311/v2/requests.{fmt}", data=json.dumps(body),
                       content_type="application/json")


def test_request_fields_have_the_specification_types(client, citizen, category, village):
    complaint = make_complaint(reporter=citizen.user, category=category, village=village,
                               latitude=Decimal("-0.026300"), longitude=Decimal("109.342500"),
                               location_note="Depan SD 12")
    row = client.get(f"/open311/v2/requests/{complaint.number}.json").json()[0]
    assert row["lat"] == -0.0263 and row["long"] == 109.3425
    assert row["service_request_id"] == complaint.number and row["status"] == "open"
    assert row["service_code"] == "jalan-rusak" and row["address_id"] == village.code
    assert row["address"].startswith("Depan SD 12, ")
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        value = dt.datetime.fromisoformat(row[name])
        assert value.utcoffset() == dt.timedelta(hours=7), name
        assert row[name].endswith("+07:00"), name
    assert row["expected_datetime"] == f"{complaint.resolution_due}T23:59:59+07:00"
    assert dt.datetime.fromisoformat(row["requested_datetime"]) == complaint.created_at.replace(
        microsecond=0)
    assert "zipcode" not in row and "media_url" not in row and "status_notes" not in row

    request = _xml(client.get(f"/open311/v2/requests/{complaint.number}.xml")).find("request")
    assert request.findtext("lat") == "-0.0263" and request.findtext("long") == "109.3425"
    assert request.findtext("expected_datetime") == row["expected_datetime"]
    assert request.findtext("requested_datetime") == row["requested_datetime"]
    assert request.find("zipcode") is None and request.find("media_url") is None


def test_unknown_coordinates_are_left_out(client, citizen, category, village):
    complaint = make_complaint(reporter=citizen.user, category=category, village=village)
    row = client.get(f"/open311/v2/requests/{complaint.number}.json").json()[0]
    assert "lat" not in row and "long" not in row and row["address_id"] == village.code
    request = _xml(client.get(f"/open311/v2/requests/{complaint.number}.xml")).find("request")
    assert request.find("lat") is None and request.find("long") is None
    assert request.findtext("address_id") == village.code


def test_coordinates_keep_plain_decimals_in_xml(client, citizen, category):
    complaint = make_complaint(reporter=citizen.user, category=category,
                               latitude=Decimal("0.000010"), longitude=Decimal("110.000000"),
                               location_note="Dermaga")
    row = client.get(f"/open311/v2/requests/{complaint.number}.json").json()[0]
    assert row["lat"] == 0.00001 and row["long"] == 110
    request = _xml(client.get(f"/open311/v2/requests/{complaint.number}.xml")).find("request")
    assert request.findtext("lat") == "0.00001" and request.findtext("long") == "110"
    assert "address_id" not in row and row["address"] == "Dermaga"


def test_closed_request_is_updated_when_it_was_closed(client, citizen, officer, category,
                                                      village):
    complaint = make_complaint(reporter=citizen.user, category=category, village=village)
    rejected = actions.reject_complaint(actor=officer, complaint=complaint,
                                        reason="Bukan kewenangan.")
    row = client.get(f"/open311/v2/requests/{complaint.number}.json").json()[0]
    assert row["status"] == "closed" and row["status_notes"] == "Bukan kewenangan."
    assert dt.datetime.fromisoformat(row["updated_datetime"]) == rejected.closed_at.replace(
        microsecond=0)


def test_services_xml_types(client, category):
    service = _xml(client.get("/open311/v2/services.xml")).find("service")
    assert service.findtext("metadata") == "true" and service.findtext("type") == "realtime"
    definition = _xml(client.get("/open311/v2/services/jalan-rusak.xml"))
    attribute = definition.findall("attributes/attribute")[1]
    assert attribute.findtext("variable") == "true" and attribute.findtext("required") == "false"
    assert attribute.findtext("order") == "2"


def test_json_post_files_a_request_like_a_form(client, citizen, category, village, write_key):
    response = _post_json(client, {
        "api_key": write_key, "service_code": "jalan-rusak", "lat": -0.0263, "long": 109.3425,
        "description": DESCRIPTION, "media_url": PHOTO, "email": None,
        "attribute": {"tingkat": "berat", "kode_desa": village.code}})
    assert response.status_code == 201
    answer = response.json()[0]
    complaint = Complaint.objects.get(number=answer["service_request_id"])
    assert complaint.attributes == {"tingkat": "berat"} and complaint.village == village
    assert complaint.latitude == Decimal("-0.026300") and complaint.media_url == PHOTO
    assert complaint.channel == "open311" and complaint.reporter == citizen.user
    # Flat "attribute[code]" keys work as in a form, and the XML answer too.
    flat = _post_json(client, {"api_key": write_key, "service_code": "jalan-rusak",
                               "address_string": "Jl. Adisucipto km 9",
                               "description": DESCRIPTION, "attribute[tingkat]": "ringan"},
                      fmt="xml")
    assert flat.status_code == 201
    number = _xml(flat).findtext("request/service_request_id")
    assert Complaint.objects.get(number=number).attributes == {"tingkat": "ringan"}


def test_json_post_is_checked_like_a_form(client, citizen, category, write_key):
    base = {"api_key": write_key, "service_code": "jalan-rusak", "description": DESCRIPTION,
            "address_string": "Jl. Adisucipto km 9"}
    cases = [({**base, "description": "rusak"}, 400, "description"),
             ({**base, "attribute": {"tingkat": "x"}}, 400, "attribute[tingkat]"),
             ({**base, "lat": "utara", "long": 109}, 400, "lat"),
             ({**base, "description": ["a", "b"]}, 400, "description harus teks"),
             ({**base, "service_code": "tidak-ada"}, 404, "service_code"),
             ({**base, "media_url": "ftp://contoh.id/a.jpg"}, 400, "media_url")]
    for body, status, words in cases:
        response = _post_json(client, body)
        assert response.status_code == status, body
        [error] = response.json()
        assert error["code"] == status and words in error["description"], body
    assert not Complaint.objects.exists()


def test_media_url_must_be_a_sensible_http_url(client, citizen, category, write_key):
    base = {"api_key": write_key, "service_code": "jalan-rusak", "description": DESCRIPTION,
            "address_string": "Jl. Adisucipto km 9"}
    for bad in ("javascript:alert(1)", "ftp://contoh.id/a.jpg", "foto.jpg",
                "https://user:sandi@contoh.id/a.jpg", "https://contoh.id/" + "a" * 500):
        response = client.post("/open311/v2/requests.json", {**base, "media_url": bad})
        assert response.status_code == 400, bad
        assert "media_url" in response.json()[0]["description"]
    assert not Complaint.objects.exists()
    good = client.post("/open311/v2/requests.json", {**base, "media_url": PHOTO})
    assert good.status_code == 201


def test_posted_media_url_is_shown_on_the_complaint_pages(client, citizen, officer, category,
                                                          write_key):
    response = client.post("/open311/v2/requests.json", {
        "api_key": write_key, "service_code": "jalan-rusak", "description": DESCRIPTION,
        "address_string": "Jl. Adisucipto km 9", "media_url": PHOTO})
    number = response.json()[0]["service_request_id"]
    link = f'<a href="{PHOTO}" rel="nofollow noopener noreferrer ugc">'
    assert link in client.get(f"/pengaduan/{number}/").content.decode()
    sign_in(client, officer)
    assert link in client.get(f"/pengaduan/antrean/{number}/").content.decode()
    client.logout()
    sign_in(client, citizen.user)
    assert link in client.get(f"/pengaduan/saya/{number}/").content.decode()


def test_media_url_points_at_a_photo_balai_shows_to_anyone(client, citizen, officer, category,
                                                           village):
    complaint = make_complaint(reporter=citizen.user, category=category, village=village,
                               photos=[check_photo(io.BytesIO(png_bytes()), name="a.png")])
    # The reporter's own photo may show people: it is not public, so it is no media_url.
    row = client.get(f"/open311/v2/requests/{complaint.number}.json").json()[0]
    assert "media_url" not in row
    actions.respond_to_complaint(
        actor=officer, complaint=complaint, public_note="Jembatan sudah diperbaiki.",
        photos=[check_photo(io.BytesIO(png_bytes("green")), name="bukti.png")])
    proof = complaint.photos.get(is_proof=True)
    row = client.get(f"/open311/v2/requests/{complaint.number}.json").json()[0]
    assert row["media_url"] == f"http://testserver/pengaduan/foto/{proof.pk}/"
    assert row["status_notes"] == "Jembatan sudah diperbaiki."
    photo = client.get(row["media_url"])  # anyone may open it
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"


def test_token_answers_the_request_id(client, citizen, category, write_key):
    base = {"api_key": write_key, "service_code": "jalan-rusak", "description": DESCRIPTION,
            "address_string": "Jl. Adisucipto km 9"}
    first = client.post("/open311/v2/requests.json", base).json()[0]
    second = client.post("/open311/v2/requests.json", base).json()[0]
    assert first["token"] != second["token"] and len(first["token"]) >= 40
    assert Complaint.objects.get(number=first["service_request_id"]).request_token == (
        first["token"])
    found = client.get(f"/open311/v2/tokens/{first['token']}.json")
    assert found.status_code == 200
    assert found.json() == [{"service_request_id": first["service_request_id"],
                             "token": first["token"]}]
    request = _xml(client.get(f"/open311/v2/tokens/{second['token']}.xml")).find("request")
    assert request.findtext("service_request_id") == second["service_request_id"]
    assert request.findtext("token") == second["token"]
    for unknown in ("A" * 43, first["token"][:-1] + "x", "123"):
        missing = client.get(f"/open311/v2/tokens/{unknown}.json")
        assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    assert _xml(client.get(f"/open311/v2/tokens/{'A' * 43}.xml")).findtext(
        "error/code") == "404"


def test_request_list_costs_the_same_queries_for_one_or_many(client, citizen, officer,
                                                             category, village,
                                                             django_assert_num_queries):
    def listed() -> list[dict]:
        return client.get("/open311/v2/requests.json").json()

    first = make_complaint(reporter=citizen.user, category=category, village=village)
    actions.respond_to_complaint(
        actor=officer, complaint=first, public_note="Sedang dikerjakan.",
        photos=[check_photo(io.BytesIO(png_bytes()), name="bukti.png")])
    # The complaints with their category, office and regions; the public photos; the answers.
    with django_assert_num_queries(3):
        assert len(listed()) == 1
    for _ in range(4):
        make_complaint(reporter=citizen.user, category=category, village=village)
    with django_assert_num_queries(3):
        rows = listed()
    assert len(rows) == 5 and rows[-1]["media_url"].startswith("http://testserver/pengaduan/")
