"""Open311 GeoReport v2 at /open311/v2/, against the specification and with the `georeport`
client from PyPI as a real client over HTTP."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own answers in tests

import pytest
import requests
from django.utils import timezone
from georeport import GeoReport

from balai.api.actions import create_token
from balai.complaints import actions
from balai.complaints.models import Complaint
from balai.complaints.tests.helpers import make_complaint

# Every field of the specification Balai knows for a complaint filed with a village and no
# coordinates; status_notes only once there is an answer, zipcode never (Balai keeps none),
# lat/long and media_url only when known.
REQUEST_FIELDS = {"service_request_id", "status", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id"}


@pytest.fixture
def write_key(citizen) -> str:
    return create_token(user=citizen.user, name="aplikasi", scopes="read write")[1]


def test_discovery_json_and_xml(client):
    data = client.get("/open311/v2/discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert set(endpoint["formats"]) == {"application/json", "text/xml"}
    root = ET.fromstring(client.get("/open311/v2/discovery.xml").content)  # noqa: S314
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["application/json", "text/xml"]


def test_services_and_definition(client, category):
    services = client.get("/open311/v2/services.json").json()
    assert services == [{"service_code": "jalan-rusak", "service_name": "Jalan rusak",
                         "description": "", "metadata": True, "type": "realtime",
                         "keywords": "", "group": category.office.name}]
    root = ET.fromstring(client.get("/open311/v2/services.xml").content)  # noqa: S314
    assert root.tag == "services" and root.find("service/metadata").text == "true"
    definition = client.get("/open311/v2/services/jalan-rusak.json").json()
    codes = [a["code"] for a in definition["attributes"]]
    assert definition["service_code"] == "jalan-rusak" and codes == ["kode_desa", "tingkat"]
    tingkat = definition["attributes"][1]
    assert tingkat["datatype"] == "singlevaluelist" and tingkat["variable"] is True
    assert tingkat["values"] == [{"key": "ringan", "name": "Ringan"},
                                 {"key": "berat", "name": "Berat"}]
    xml = ET.fromstring(client.get("/open311/v2/services/jalan-rusak.xml").content)  # noqa: S314
    assert xml.tag == "service_definition"
    assert [v.find("key").text for v in xml.iter("value")] == ["ringan", "berat"]


def test_unknown_service_is_a_spec_error(client, category):
    response = client.get("/open311/v2/services/tidak-ada.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Layanan tidak-ada tidak ditemukan."}]
    xml = client.get("/open311/v2/services/tidak-ada.xml")
    root = ET.fromstring(xml.content)  # noqa: S314
    assert root.tag == "errors" and root.find("error/code").text == "404"


def test_requests_list_filters(client, citizen, officer, category, village):
    first = make_complaint(reporter=citizen.user, category=category, village=village)
    second = make_complaint(reporter=citizen.user, category=category, village=village)
    actions.reject_complaint(actor=officer, complaint=second, reason="Bukan kewenangan.")
    make_complaint(reporter=citizen.user, category=category, village=village, confidential=True)
    rows = client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in rows] == [second.number, first.number]
    assert set(rows[0]) == REQUEST_FIELDS | {"status_notes"}
    assert set(rows[1]) == REQUEST_FIELDS
    assert rows[0]["status"] == "closed" and rows[0]["status_notes"] == "Bukan kewenangan."
    assert rows[1]["status"] == "open" and rows[1]["address_id"] == village.code
    assert [r["service_request_id"] for r in client.get(
        "/open311/v2/requests.json?status=open").json()] == [first.number]
    assert client.get("/open311/v2/requests.json?service_code=lain").json() == []
    ids = client.get(f"/open311/v2/requests.json?service_request_id={first.number}").json()
    assert [r["service_request_id"] for r in ids] == [first.number]
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat() + "T00:00:00+07:00"
    assert client.get(f"/open311/v2/requests.json?start_date={future}"
                      f"&end_date={future}").json() == []
    assert client.get(f"/open311/v2/requests.json?start_date={future}").json() == []
    today = timezone.localdate().isoformat() + "T00:00:00+07:00"
    assert len(client.get(f"/open311/v2/requests.json?start_date={today}").json()) == 2
    assert len(client.get(f"/open311/v2/requests.json?end_date={future}").json()) == 2
    bad = client.get("/open311/v2/requests.json?start_date=kemarin")
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400
    root = ET.fromstring(client.get("/open311/v2/requests.xml").content)  # noqa: S314
    assert root.tag == "service_requests" and len(root.findall("request")) == 2
    assert {child.tag for child in root.find("request")} == REQUEST_FIELDS | {"status_notes"}


def test_post_request_validates_and_files(client, citizen, category, village, write_key):
    base = {"api_key": write_key, "service_code": "jalan-rusak", "lat": "-0.0263",
            "long": "109.3425", "description": "Jembatan kayu di dusun dua patah sebagian."}
    assert client.post("/open311/v2/requests.json", {**base, "api_key": "salah"}).status_code \
        == 403
    short = client.post("/open311/v2/requests.json", {**base, "description": "rusak"})
    assert short.status_code == 400 and "description" in short.json()[0]["description"]
    bad_choice = client.post("/open311/v2/requests.json", {**base, "attribute[tingkat]": "x"})
    assert bad_choice.status_code == 400
    no_location = client.post("/open311/v2/requests.json",
                              {k: v for k, v in base.items() if k not in ("lat", "long")})
    assert no_location.status_code == 400
    assert not Complaint.objects.exists()
    response = client.post("/open311/v2/requests.json",
                           {**base, "attribute[tingkat]": "berat",
                            "attribute[kode_desa]": village.code})
    assert response.status_code == 201
    number = response.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(number=number)
    assert complaint.channel == "open311" and complaint.attributes == {"tingkat": "berat"}
    assert complaint.village == village and complaint.reporter == citizen.user
    xml = client.post("/open311/v2/requests.xml", base)
    assert ET.fromstring(xml.content).find("request/service_request_id").text.startswith(  # noqa: S314
        "ADU-")


def test_read_only_key_cannot_post(client, citizen, category):
    key = create_token(user=citizen.user, name="baca", scopes="read")[1]
    response = client.post("/open311/v2/requests.json", {
        "api_key": key, "service_code": "jalan-rusak", "address_string": "Jl. Ahmad Yani",
        "description": "Jembatan kayu di dusun dua patah sebagian."})
    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_georeport_client_lists_posts_and_reads_back(live_server, citizen, category, village,
                                                     write_key):
    root = f"{live_server.url}/open311/v2"
    for output in ("json", "xml"):
        client = GeoReport(root, api_key=write_key, output_format=output)
        services = client.get_service_list()
        codes = ([s["service_code"] for s in services] if output == "json"
                 else [services["service_code"]])  # xmltodict: one element is not a list
        assert codes == ["jalan-rusak"]
        definition = client.get_service_definition("jalan-rusak")
        assert definition["service_code"] == "jalan-rusak"
    # The client has no method to create a request: post with the library it is built on.
    photo = "https://foto.contoh.id/laporan/jembatan-patah.jpg"
    posted = requests.post(f"{root}/requests.json", timeout=10, data={
        "api_key": write_key, "service_code": "jalan-rusak", "lat": "-0.0263",
        "long": "109.3425", "description": "Jembatan kayu di dusun dua patah sebagian.",
        "media_url": photo})
    assert posted.status_code == 201
    assert posted.headers["Content-Type"] == "application/json; charset=utf-8"
    number = posted.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(number=number)
    client = GeoReport(root, api_key=write_key)
    one = client.get_service_request(number)
    assert one["service_request_id"] == number and one["status"] == "open"
    assert one["media_url"] == photo
    assert one["lat"] == -0.0263 and one["long"] == 109.3425  # JSON numbers, not strings
    assert isinstance(one["lat"], float) and isinstance(one["long"], float)
    assert one["expected_datetime"] == f"{complaint.resolution_due.isoformat()}T23:59:59+07:00"
    assert dt.datetime.fromisoformat(one["requested_datetime"]).utcoffset() == dt.timedelta(
        hours=7)
    listed = client.get_service_requests(service_code="jalan-rusak", status="open")
    assert [r["service_request_id"] for r in listed] == [number]
    assert listed[0]["media_url"] == photo
    xml_one = GeoReport(root, output_format="xml").get_service_request(number)
    assert xml_one["description"] == "Jembatan kayu di dusun dua patah sebagian."
    assert xml_one["lat"] == "-0.0263" and xml_one["long"] == "109.3425"
    assert xml_one["media_url"] == photo and "zipcode" not in xml_one
    assert xml_one["expected_datetime"] == one["expected_datetime"]
    # The token of the answer finds the same request.
    token = posted.json()[0]["token"]
    found = requests.get(f"{root}/tokens/{token}.json", timeout=10).json()
    assert found == [{"service_request_id": number, "token": token}]
