"""The public status page from the page cache (balai/core/pagecache.py): served again without
the view, renewed by every action that changes what it shows, and still counted by the status
look-up's rate limit when it comes from the cache."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.applications import actions
from balai.applications.tests.helpers import act, make_submitted

pytestmark = pytest.mark.django_db


def status_url(application) -> str:
    return reverse("applications:status_detail", kwargs={"number": application.number})


def test_status_page_is_served_from_the_cache_without_queries(client, submitted):
    first = client.get(status_url(submitted))
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(status_url(submitted))
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    # The rate limit must see every request: no shared cache may answer for Balai.
    assert second["Cache-Control"] == "private, no-cache"
    assert client.get(status_url(submitted),
                      headers={"if-none-match": first["ETag"]}).status_code == 304


def test_each_application_has_its_own_page_and_scope(client, citizen, akta, verifikator):
    one, two = make_submitted(citizen.user, akta), make_submitted(citizen.user, akta)
    client.get(status_url(one))
    client.get(status_url(two))
    act(one, "minta_perbaikan", verifikator, note="Buram", corrections={"kk": "Buram"})
    assert client.get(status_url(two))["X-Page-Cache"] == "hit"
    page = client.get(status_url(one))
    assert page["X-Page-Cache"] == "miss"
    assert "Perlu perbaikan" in page.content.decode()


def test_an_officers_action_renews_the_cached_status_page(client, submitted, verifikator):
    assert "Perlu perbaikan" not in client.get(status_url(submitted)).content.decode()
    assert client.get(status_url(submitted))["X-Page-Cache"] == "hit"
    act(submitted, "minta_perbaikan", verifikator, note="Buram", corrections={"kk": "Buram"})
    page = client.get(status_url(submitted))
    assert page["X-Page-Cache"] == "miss"
    assert "Perlu perbaikan" in page.content.decode()


def test_issuing_the_document_renews_the_cached_status_page(client, submitted, verifikator,
                                                            pejabat):
    act(submitted, "verifikasi", verifikator)
    act(submitted, "setujui", verifikator)
    assert "terbit" not in client.get(status_url(submitted)).content.decode()
    assert client.get(status_url(submitted))["X-Page-Cache"] == "hit"
    act(submitted, "tandatangani", pejabat)
    page = client.get(status_url(submitted))
    assert page["X-Page-Cache"] == "miss"
    assert "terbit" in page.content.decode()


def test_a_fee_payment_renews_the_cached_status_page(client, submitted):
    assert "Retribusi dibayar" not in client.get(status_url(submitted)).content.decode()
    assert client.get(status_url(submitted))["X-Page-Cache"] == "hit"
    actions.record_fee_payment(application_id=submitted.pk, paid=True, payment_code="8810001")
    page = client.get(status_url(submitted))
    assert page["X-Page-Cache"] == "miss"
    assert "Retribusi dibayar (kode bayar 8810001)" in page.content.decode()


def test_an_unknown_number_is_never_stored(client):
    for _ in range(2):
        response = client.get("/status/KR-2020-999999/")
        assert response.status_code == 404
        assert response.get("X-Page-Cache") is None


def test_cached_status_pages_are_still_rate_limited(client, settings, submitted):
    settings.BALAI_RATE_LIMITS = {**settings.BALAI_RATE_LIMITS, "status_lookup": {"ip": (3, 60)}}
    assert client.get(status_url(submitted))["X-Page-Cache"] == "miss"
    assert client.get(status_url(submitted))["X-Page-Cache"] == "hit"
    assert client.get(status_url(submitted))["X-Page-Cache"] == "hit"
    refused = client.get(status_url(submitted))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Another address has its own count, and gets the cached page.
    other = client.get(status_url(submitted), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200 and other["X-Page-Cache"] == "hit"
