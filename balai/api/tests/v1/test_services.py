"""The public catalogue: GET /api/v1/services and /api/v1/services/{code}."""

from __future__ import annotations

import pytest

from balai.applications.tests.helpers import akta_definition

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(office_a, office_b):
    return [akta_definition(office_a, code="akta-kelahiran"),
            akta_definition(office_b, code="akta-lahir-dpmptsp", category="perizinan")]


def test_services_lists_public_services_with_office_fee_and_deadline(client, catalogue):
    response = client.get("/api/v1/services")
    assert response.status_code == 200
    body = response.json()
    assert sorted(s["code"] for s in body["items"]) == ["akta-kelahiran", "akta-lahir-dpmptsp"]
    first = next(s for s in body["items"] if s["code"] == "akta-kelahiran")
    assert first["office"]["code"] == "disdukcapil-uji"
    assert first["fee"] == 0 and first["deadline_working_days"] > 0
    assert first["url"] == "/api/v1/services/akta-kelahiran"
    assert body["page"] == {"number": 1, "per_page": 25, "count": 2, "pages": 1,
                            "has_next": False, "has_previous": False}


def test_services_filter_by_category(client, catalogue):
    body = client.get("/api/v1/services", {"category": "perizinan"}).json()
    assert [s["code"] for s in body["items"]] == ["akta-lahir-dpmptsp"]


def test_services_unknown_category_is_a_validation_error(client, catalogue):
    response = client.get("/api/v1/services", {"category": "hiburan"})
    assert response.status_code == 422
    assert response.json()["details"]["fields"]["category"][0].startswith("Kategori tidak dikenal")


def test_services_search_matches_indonesian_words(client, catalogue):
    body = client.get("/api/v1/services", {"q": "kelahiran anak"}).json()
    assert {s["code"] for s in body["items"]} == {"akta-kelahiran", "akta-lahir-dpmptsp"}
    assert client.get("/api/v1/services", {"q": "reklame"}).json()["items"] == []


def test_services_are_paginated(client, catalogue):
    body = client.get("/api/v1/services", {"per_page": 1, "page": 2}).json()
    assert len(body["items"]) == 1
    assert body["page"]["pages"] == 2 and body["page"]["has_previous"]
    response = client.get("/api/v1/services", {"per_page": 1, "page": 3})
    assert response.status_code == 422
    assert "page" in response.json()["details"]["fields"]


def test_services_list_query_count_does_not_grow(client, office_a, django_assert_num_queries):
    akta_definition(office_a, code="layanan-a")
    with django_assert_num_queries(2):  # count, page
        client.get("/api/v1/services")
    for n in range(4):
        akta_definition(office_a, code=f"layanan-b{n}")
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/services").json()["items"]) == 5


def test_service_detail_has_requirements_fields_and_steps(client, catalogue):
    response = client.get("/api/v1/services/akta-kelahiran")
    assert response.status_code == 200
    body = response.json()
    assert body["requirements"][0]["formats"]
    assert {f["name"] for f in body["fields"]} >= {"nama_anak", "tanggal_lahir", "nik_ibu"}
    choice = next(f for f in body["fields"] if f["type"] == "choice")
    assert choice["choices"] and {"value", "label"} <= set(choice["choices"][0])
    assert body["steps"]["main"][-1]["issues_document"] is True
    assert body["initial_state"] == "diajukan"
    assert body["office"]["name"] == "Dinas Kependudukan (uji)"


def test_unknown_service_is_404(client, catalogue):
    response = client.get("/api/v1/services/tidak-ada")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
