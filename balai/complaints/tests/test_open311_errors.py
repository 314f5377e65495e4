"""Every error of the Open311 interface is the specification's error list, in the format of the
URL's extension (JSON when it has none), with the right HTTP status: never a page, never a
500 of Django's."""

from __future__ import annotations

from xml.etree import ElementTree as ET  # noqa: S405 - parsing our own answers in tests

import pytest
from django.test import Client

from balai.api.actions import create_token
from balai.complaints import queries
from balai.complaints.models import Complaint

DESCRIPTION = "Jembatan kayu di dusun dua patah sebagian."


@pytest.fixture
def write_key(citizen) -> str:
    return create_token(user=citizen.user, name="aplikasi", scopes="read write")[1]


@pytest.fixture
def strict_client() -> Client:
    """A client that, like a browser-less app, meets Django's CSRF check for real."""
    return Client(enforce_csrf_checks=True)


def json_error(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [error] = response.json()
    assert set(error) == {"code", "description"} and error["code"] == status
    return error["description"]


def xml_error(response, status: int) -> str:
    assert response.status_code == status
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "errors" and len(root.findall("error")) == 1
    assert root.findtext("error/code") == str(status)
    return root.findtext("error/description")


@pytest.mark.django_db
def test_unknown_paths_answer_in_the_format_asked(strict_client):
    for path in ("/open311/v2/tidak-ada.json", "/open311/", "/open311/v3/services.json",
                 "/open311/v2/requests/ADU-1/lain.json", "/open311/v2/services"):
        assert "discovery" in json_error(strict_client.get(path), 404), path
    assert "discovery" in xml_error(strict_client.get("/open311/v2/tidak-ada.xml"), 404)
    # A POST to an unknown path is a 404 too, not a CSRF failure page.
    json_error(strict_client.post("/open311/v2/tidak-ada.json", {"a": "b"}), 404)
    assert "Format" in json_error(strict_client.get("/open311/v2/services.html"), 404)


@pytest.mark.django_db
def test_wrong_methods_are_405_with_allow(strict_client, category):
    for method, path, allowed in [
            ("post", "/open311/v2/discovery.json", "GET, HEAD"),
            ("delete", "/open311/v2/services.json", "GET, HEAD"),
            ("put", "/open311/v2/services/jalan-rusak.json", "GET, HEAD"),
            ("patch", "/open311/v2/requests.json", "GET, HEAD, POST"),
            ("delete", "/open311/v2/requests/ADU-2026-000001.json", "GET, HEAD"),
            ("post", "/open311/v2/tokens/abcdefghijklmnopqrstu.json", "GET, HEAD")]:
        response = getattr(strict_client, method)(path)
        assert "tidak didukung" in json_error(response, 405), path
        assert response["Allow"] == allowed
    xml = strict_client.post("/open311/v2/services.xml")
    assert "POST" in xml_error(xml, 405) and xml["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_unknown_request_ids_are_404(client):
    assert "ADU-2026-999999" in json_error(
        client.get("/open311/v2/requests/ADU-2026-999999.json"), 404)
    assert "ADU-2026-999999" in xml_error(
        client.get("/open311/v2/requests/ADU-2026-999999.xml"), 404)


@pytest.mark.django_db
def test_unknown_service_is_404(client):
    assert "tidak-ada" in xml_error(client.get("/open311/v2/services/tidak-ada.xml"), 404)


@pytest.mark.django_db
def test_list_parameters_are_checked(client):
    for query, words in [("start_date=kemarin", "start_date"),
                         ("start_date=2026-13-45T00:00:00", "start_date"),
                         ("end_date=2026-02-30T10:00:00%2B07:00", "end_date"),
                         ("start_date=2026-05-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
                          "sebelum"),
                         ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
                          "90 hari"),
                         ("status=baru", "status")]:
        assert words in json_error(client.get(f"/open311/v2/requests.json?{query}"), 400)
        assert words in xml_error(client.get(f"/open311/v2/requests.xml?{query}"), 400)


def test_post_errors(strict_client, citizen, category, write_key):
    base = {"api_key": write_key, "service_code": "jalan-rusak", "description": DESCRIPTION,
            "address_string": "Jl. Adisucipto km 9"}
    post = strict_client.post
    url = "/open311/v2/requests.json"
    assert "api_key wajib" in json_error(post(url, {**base, "api_key": ""}), 400)
    assert "api_key wajib" in xml_error(post("/open311/v2/requests.xml", {}), 400)
    assert "api_key tidak sah" in json_error(post(url, {**base, "api_key": "bl_salah"}), 403)
    read_only = create_token(user=citizen.user, name="baca", scopes="read")[1]
    assert "membaca" in json_error(post(url, {**base, "api_key": read_only}), 403)
    assert "service_code wajib" in json_error(post(url, {**base, "service_code": ""}), 400)
    assert "tidak-ada" in json_error(post(url, {**base, "service_code": "tidak-ada"}), 404)
    assert "tidak-ada" in xml_error(post("/open311/v2/requests.xml",
                                         {**base, "service_code": "tidak-ada"}), 404)
    for lat, long in (("NaN", "109"), ("Infinity", "109"), ("-0.02", ""), ("95", "109"),
                      ("1e400", "109"), ("utara", "109")):
        body = {k: v for k, v in base.items() if k != "address_string"}
        assert "lat" in json_error(post(url, {**body, "lat": lat, "long": long}), 400), lat
    assert "kode_desa" in json_error(post(url, {**base, "address_id": "99.99"}), 400)
    assert not Complaint.objects.exists()


def test_unreadable_bodies(strict_client, write_key, category):
    url = "/open311/v2/requests.json"
    for body in ("{bukan json", '{"api_key": ', "\xff"):
        assert "JSON" in json_error(strict_client.post(url, body,
                                                       content_type="application/json"), 400)
    for body in ("[1, 2]", '"teks"', "null"):
        assert "objek" in json_error(strict_client.post(url, body,
                                                        content_type="application/json"), 400)
    assert "JSON" in xml_error(strict_client.post("/open311/v2/requests.xml", "{",
                                                  content_type="application/json"), 400)
    assert "application/json" in json_error(
        strict_client.post(url, "api_key=x", content_type="text/plain"), 415)
    too_big = '{"description": "' + "a" * (3 * 1024 * 1024) + '"}'
    assert "terlalu besar" in json_error(strict_client.post(url, too_big,
                                                            content_type="application/json"),
                                         413)


def test_a_failure_inside_is_an_open311_500_without_details(client, monkeypatch, category):
    def broken():
        raise RuntimeError("rahasia: sambungan basis data putus")

    monkeypatch.setattr(queries, "open311_requests", broken)
    for fmt, read in (("json", json_error), ("xml", xml_error)):
        response = client.get(f"/open311/v2/requests.{fmt}")
        description = read(response, 500)
        assert "gangguan" in description and "rahasia" not in response.content.decode()
