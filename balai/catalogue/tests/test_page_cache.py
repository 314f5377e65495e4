"""Public catalogue pages from the page cache (balai/core/pagecache.py): served again without
the view, renewed by the actions that change the catalogue, never shared with signed-in users
or across languages, 304 for a client that has the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.catalogue.actions import publish_definition, set_service_active
from balai.catalogue.models import Service
from balai.catalogue.tests.conftest import service_data
from balai.core import pagecache
from balai.core.testing import sign_in

pytestmark = pytest.mark.django_db

INDEX = "/layanan/"


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, catalogue):
    first = client.get(INDEX)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(INDEX)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=60"
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in second["Vary"].split(",")}
    assert second["ETag"] == first["ETag"]
    assert "Set-Cookie" not in second and not second.cookies
    # The security headers of the full stack come with a cached page too.
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


def test_publishing_a_new_version_changes_the_cached_catalogue_and_service_page(client,
                                                                                catalogue):
    page = reverse("catalogue:service", args=["kia"])
    assert "Kartu Identitas Anak (KIA)" in client.get(INDEX).content.decode()
    assert client.get(page)["X-Page-Cache"] == "miss"
    assert client.get(INDEX)["X-Page-Cache"] == "hit"
    publish_definition(data=service_data(
        "kia", version=2, name={"id": "Kartu Identitas Anak Baru", "en": "New child card"}),
        actor=None)
    index = client.get(INDEX)
    assert index["X-Page-Cache"] == "miss"
    assert "Kartu Identitas Anak Baru" in index.content.decode()
    assert "Kartu Identitas Anak Baru" in client.get(page).content.decode()
    api = client.get("/api/v1/services")
    assert "Kartu Identitas Anak Baru" in api.content.decode()
    cached = client.get("/api/v1/services")
    assert cached["X-Page-Cache"] == "hit"
    # Its guard, the API's rate limit, must see every call: no shared cache may answer.
    assert cached["Cache-Control"] == "private, no-cache"


def test_withdrawing_a_service_removes_it_from_the_cached_pages(client, catalogue):
    assert "/layanan/kia/" in client.get(INDEX).content.decode()
    assert client.get("/api/v1/services?per_page=50")["X-Page-Cache"] == "miss"
    set_service_active(service=Service.objects.get(code="kia"), active=False, actor=None)
    assert "/layanan/kia/" not in client.get(INDEX).content.decode()
    assert '"kia"' not in client.get("/api/v1/services?per_page=50").content.decode()


def test_if_none_match_gets_304_not_modified_and_a_changed_page_a_new_etag(client, catalogue):
    etag = client.get(INDEX)["ETag"]
    not_modified = client.get(INDEX, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(INDEX, headers={"If-None-Match": '"other"'}).status_code == 200
    set_service_active(service=Service.objects.get(code="kia"), active=False, actor=None)
    changed = client.get(INDEX, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_signed_in_users_are_never_served_or_stored_and_get_private_no_store(client,
                                                                           catalogue):
    from balai.accounts.models import User

    user = User.objects.create_user("warga-cache", "sandi-uji-panjang-9", full_name="Siti Cache")
    sign_in(client, user)
    mine = client.get(INDEX)
    assert "data-sign-out" in mine.content.decode()  # the signed-in header
    assert "X-Page-Cache" not in mine
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    assert "public" not in mine["Cache-Control"]
    assert "Cookie" in mine["Vary"]
    assert client.get(INDEX).get("X-Page-Cache") is None  # signed in: never from the cache
    client.logout()
    client.cookies.clear()
    anonymous = client.get(INDEX)
    assert anonymous["X-Page-Cache"] == "miss"  # the signed-in page was not stored
    assert "data-sign-out" not in anonymous.content.decode()


def test_an_anonymous_session_or_pending_messages_bypass_the_cache(client, catalogue):
    client.get(INDEX)
    assert client.get(INDEX)["X-Page-Cache"] == "hit"
    client.cookies["messages"] = "anything"
    assert client.get(INDEX).get("X-Page-Cache") is None
    del client.cookies["messages"]
    session = client.session
    session["step"] = 1
    session.save()
    response = client.get(INDEX)
    assert response.get("X-Page-Cache") is None
    assert "private" in response["Cache-Control"]


def test_languages_are_cached_separately(client, catalogue):
    indonesian = client.get(INDEX)
    english = client.get(INDEX, headers={"Accept-Language": "en"})
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert indonesian.content != english.content
    assert client.get(INDEX + "?lang=en")["X-Page-Cache"] == "miss"
    client.cookies["django_language"] = "en"
    by_cookie = client.get(INDEX)
    assert by_cookie["X-Page-Cache"] == "hit"
    assert by_cookie.content == english.content
    del client.cookies["django_language"]
    again = client.get(INDEX)
    assert again["X-Page-Cache"] == "hit" and again.content == indonesian.content


def test_the_language_switch_needs_no_csrf_token_so_pages_carry_none(catalogue):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    html = strict.get(INDEX).content.decode()
    assert "csrfmiddlewaretoken" not in html
    response = strict.post(reverse("set_language"), {"language": "en", "next": INDEX})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_a_page_that_used_a_csrf_token_is_not_stored(rf, catalogue):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    @pagecache.public_page("catalogue")
    def view(request):
        get_token(request)
        return HttpResponse("token")

    request = rf.get("/x/")
    middleware = pagecache.PublicPageCacheMiddleware(view)
    response = middleware(request)
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_page_cache_off_when_its_lifetime_is_zero(client, catalogue, settings):
    settings.BALAI_PAGE_CACHE_SECONDS = 0
    client.get(INDEX)
    assert client.get(INDEX).get("X-Page-Cache") is None
