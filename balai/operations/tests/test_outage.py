"""The database out of reach: every surface answers 503 with Retry-After, never a traceback.
The same with a real PostgreSQL stopped and started under load: test_faults.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError, ProgrammingError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails the way psycopg does when the server has gone away."""

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def down(error=refuse):
        monkeypatch.setattr(connection, "create_cursor", error)

    return down


def _client() -> Client:
    return Client(raise_request_exception=False)


def _unavailable(reason: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("balai_unavailable_responses_total",
                                     {"reason": reason}) or 0.0


def test_a_page_answers_503_in_indonesian_with_retry_after(database_down):
    before = _unavailable("database")
    database_down()
    response = _client().get("/layanan/")
    assert _unavailable("database") == before + 1  # counted once, for the alert
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Layanan sedang tidak tersedia sebentar" in text
    assert "tidak ada data yang tersimpan setengah jalan" in text
    assert "Traceback" not in text and "OperationalError" not in text


def test_a_form_post_answers_503_too(database_down, citizen):
    client = _client()
    client.force_login(citizen.user)
    database_down()
    response = client.post("/layanan/akta-kelahiran/ajukan/", {"nama": "x"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_the_http_api_answers_503_in_its_error_shape(database_down):
    before = _unavailable("database")
    database_down()
    response = _client().get("/api/v1/services")
    assert _unavailable("database") == before + 1
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["code"] == "DATABASE_UNAVAILABLE"
    assert body["details"] == {"retry_after": 5}
    assert "coba lagi" in body["message"]


def test_the_bank_api_answers_503_in_snap_shape(database_down):
    from balai.payments import snap

    database_down()
    response = _client().post("/bank/v1.0/access-token/b2b",
                              data=b'{"grantType":"client_credentials"}',
                              content_type="application/json",
                              headers={"X-TIMESTAMP": snap.timestamp(),
                                       "X-CLIENT-KEY": "k", "X-SIGNATURE": "s"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["responseCode"].startswith("503")
    assert response["X-TIMESTAMP"]


def test_a_broken_connection_object_is_a_503_too(database_down):
    def broken(*args, **kwargs):
        raise InterfaceError("connection already closed")

    database_down(broken)
    assert _client().get("/layanan/").status_code == 503


def test_a_programming_error_stays_a_500(database_down):
    """Only an unreachable database is "try again later": a wrong query is a bug."""

    def wrong(*args, **kwargs):
        raise ProgrammingError("relation does not exist")

    database_down(wrong)
    response = _client().get("/layanan/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    response = _client().get("/api/v1/services")
    assert response.status_code == 500
    assert response.json()["code"] == "INTERNAL_ERROR"


def test_connections_are_health_checked_before_reuse(settings):
    from django.db import connections

    if connections["default"].vendor != "postgresql":
        pytest.skip("SQLite has no persistent server connection")
    assert connections["default"].settings_dict["CONN_HEALTH_CHECKS"] is True
