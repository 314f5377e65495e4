from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("balai.portal.tests.error_urls")]


def test_unknown_url_shows_indonesian_404_with_search(client, settings):
    settings.DEBUG = False
    response = client.get("/tidak-ada-halaman-ini/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Halaman tidak ditemukan</h1>" in html
    assert 'role="search"' in html and 'href="/"' in html
    assert '<html lang="id">' in html


def test_permission_denied_shows_indonesian_403(client):
    response = client.get("/uji/terlarang/")
    assert response.status_code == 403
    assert "<h1>Akses ditolak</h1>" in response.content.decode()


def test_post_without_csrf_token_shows_indonesian_expired_form_page():
    # The sign-in form (the language switch needs no token: balai/portal/views.py).
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"),
                           {"username": "warga", "password": "sandi-uji-panjang-1"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Formulir sudah kedaluwarsa</h1>" in html
    assert "Data yang Anda isi belum tersimpan." in html
    assert "sessionid" not in response.cookies


def test_server_error_shows_indonesian_500_page_without_details():
    client = Client(raise_request_exception=False)
    response = client.get("/uji/rusak/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Terjadi gangguan pada sistem</h1>" in html
    assert "uji kegagalan server" not in html and "Traceback" not in html
    assert 'href="/static/css/balai.css"' in html


def test_error_pages_follow_the_chosen_language():
    client = Client(raise_request_exception=False)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "<h1>Page not found</h1>" in client.get("/tidak-ada/").content.decode()
    assert "<h1>System failure</h1>" in client.get("/uji/rusak/").content.decode()
