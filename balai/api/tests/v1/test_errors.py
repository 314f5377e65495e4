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


def error_of(response, status: int) -> dict:
    """The API's one error shape, as JSON, with this status."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    return body


@pytest.fixture
def strict_client():
    """A client that meets Django's CSRF check, as a browser-less application does."""
    from django.test import Client

    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_unknown_paths_are_structured_404s_for_every_method(strict_client):
    for method in ("get", "post", "put", "delete"):
        for path in ("/api/v1/tidak-ada", "/api/v1/complaints/ADU-1/lain/", "/api/v2/",
                     "/api/"):
            body = error_of(getattr(strict_client, method)(path), 404)
            assert body["code"] == "NOT_FOUND" and body["details"]["path"] == path


@pytest.mark.django_db
def test_wrong_methods_are_structured_405s(strict_client):
    for method, path, allowed in [("delete", "/api/v1/", ["GET"]),
                                  ("put", "/api/v1/complaints/categories", ["GET"]),
                                  ("patch", "/api/v1/complaints", ["GET", "POST"]),
                                  ("options", "/api/v1/services", ["GET"])]:
        response = getattr(strict_client, method)(path)
        body = error_of(response, 405)
        assert body["code"] == "METHOD_NOT_ALLOWED" and body["details"]["allowed"] == allowed
        assert response["Allow"] == ", ".join(allowed)


@pytest.mark.django_db
def test_malformed_json_is_a_structured_error(client):
    from balai.api.tests.helpers import bearer, token_for
    from balai.core.testing import make_citizen

    headers = bearer(token_for(make_citizen().user))
    for body in ("{bukan json", '{"category": ', "\xff"):
        response = client.post("/api/v1/complaints", body, content_type="application/json",
                               headers=headers)
        assert error_of(response, 422)["code"] == "BODY_UNREADABLE"
    wrong_shape = client.post("/api/v1/complaints", "[1, 2]", content_type="application/json",
                              headers=headers)
    assert error_of(wrong_shape, 422)["code"] == "VALIDATION_ERROR"
    too_big = '{"description": "' + "a" * (3 * 1024 * 1024) + '"}'
    response = client.post("/api/v1/complaints", too_big, content_type="application/json",
                           headers=headers)
    assert error_of(response, 413)["code"] == "BODY_TOO_LARGE"


@pytest.mark.django_db
def test_unexpected_exception_is_a_500_without_details(client, monkeypatch):
    from balai.complaints import queries

    def broken():
        raise RuntimeError("rahasia: kata sandi basis data")

    monkeypatch.setattr(queries, "active_categories", broken)
    response = client.get("/api/v1/complaints/categories")
    body = error_of(response, 500)
    assert body["code"] == "INTERNAL_ERROR" and body["details"] == {}
    assert "rahasia" not in response.content.decode()


@pytest.mark.django_db
def test_a_failure_outside_the_endpoint_is_a_structured_500(client, monkeypatch):
    # A throttle runs before ninja's own exception handling: a broken cache still answers
    # in the API's shape.
    from balai.api import throttling

    def broken(self, request):
        raise ConnectionError("rahasia: cache tidak terjangkau")

    monkeypatch.setattr(throttling._SettingsRateThrottle, "allow_request", broken)
    response = client.get("/api/v1/")
    assert error_of(response, 500)["code"] == "INTERNAL_ERROR"
    assert "rahasia" not in response.content.decode()
