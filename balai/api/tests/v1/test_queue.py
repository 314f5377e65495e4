"""The officer's queue: GET /api/v1/queue."""

from __future__ import annotations

import pytest

from balai.api.tests.helpers import bearer, token_for
from balai.applications.tests.helpers import act, akta_definition, make_submitted
from balai.core.testing import make_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def akta(office_a):
    return akta_definition(office_a, code="akta-kelahiran")


def test_queue_lists_the_offices_open_applications_most_urgent_first(client, citizen, akta,
                                                                     officer):
    first = make_submitted(citizen.user, akta)
    second = make_submitted(make_citizen().user, akta)
    body = client.get("/api/v1/queue", headers=bearer(token_for(officer))).json()
    assert [row["number"] for row in body["items"]] == [first.number, second.number]
    row = body["items"][0]
    assert row["applicant_name"] == "Siti Aminah" and row["state_label"] == "Diajukan"
    assert row["time_left"] and row["overdue"] is False
    assert row["url"] == f"/api/v1/applications/{first.number}"


def test_queue_filters_by_state_mine_and_closed(client, citizen, akta, officer):
    first = make_submitted(citizen.user, akta)
    second = make_submitted(make_citizen().user, akta)
    act(second, "batalkan", second.applicant)
    act(first, "verifikasi", officer)
    secret = token_for(officer)
    body = client.get("/api/v1/queue", {"state": "diverifikasi"}, headers=bearer(secret)).json()
    assert [row["number"] for row in body["items"]] == [first.number]
    assert client.get("/api/v1/queue", {"mine": "true"},
                      headers=bearer(secret)).json()["items"] == []
    assert client.get("/api/v1/queue", headers=bearer(secret)).json()["page"]["count"] == 1
    closed = client.get("/api/v1/queue", {"closed": "true"}, headers=bearer(secret)).json()
    assert closed["page"]["count"] == 2


def test_queue_is_for_officers_only(client, citizen):
    response = client.get("/api/v1/queue", headers=bearer(token_for(citizen.user)))
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"


def test_queue_query_count_is_constant(client, citizen, akta, officer, django_assert_num_queries):
    make_submitted(citizen.user, akta)
    secret = token_for(officer)
    client.get("/api/v1/queue", headers=bearer(secret))  # notes the token's use
    # token, officer's offices, count, page, the calendar's extra days off
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/queue", headers=bearer(secret)).json()["items"]) == 1
    for _ in range(5):
        make_submitted(make_citizen().user, akta)
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/queue", headers=bearer(secret)).json()["items"]) == 6


def test_queue_is_paginated(client, citizen, akta, officer):
    for _ in range(3):
        make_submitted(make_citizen().user, akta)
    body = client.get("/api/v1/queue", {"per_page": 2, "page": 2},
                      headers=bearer(token_for(officer))).json()
    assert len(body["items"]) == 1 and body["page"]["pages"] == 2
    response = client.get("/api/v1/queue", {"per_page": 500}, headers=bearer(token_for(officer)))
    assert response.status_code == 422
