import pytest


def test_about_names_the_regency(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["regency"] == "Kabupaten Kubu Raya"


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Balai API"


def test_unknown_route_is_a_structured_404(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"
