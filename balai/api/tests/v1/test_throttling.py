"""Rate limits: per client address without credentials, per token with them."""

from __future__ import annotations

import pytest

from balai.api.tests.helpers import bearer, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.BALAI_API_RATES = {"anon": "2/min", "auth": "3/min"}


def test_anonymous_caller_over_the_limit_gets_429_with_retry_after(client, low_rates):
    assert client.get("/api/v1/services").status_code == 200
    assert client.get("/api/v1/services").status_code == 200
    response = client.get("/api/v1/services")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "RATE_LIMITED"
    assert body["message"].startswith("Terlalu banyak permintaan. Coba lagi dalam ")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert body["details"]["retry_after"] == int(response["Retry-After"])


def test_limit_counts_per_token_not_per_address(client, citizen, other_citizen, low_rates):
    first, second = token_for(citizen.user), token_for(other_citizen.user)
    for _ in range(3):
        assert client.get("/api/v1/applications", headers=bearer(first)).status_code == 200
    assert client.get("/api/v1/applications", headers=bearer(first)).status_code == 429
    # Same address, another token: its own count; and a token is not held to the anonymous one.
    assert client.get("/api/v1/services", headers=bearer(second)).status_code == 200
    assert client.get("/api/v1/applications", headers=bearer(second)).status_code == 200


def test_default_rates_allow_ordinary_use(client):
    for _ in range(10):
        assert client.get("/api/v1/services").status_code == 200
