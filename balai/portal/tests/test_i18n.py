from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_in_indonesian_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert "<h1>Layanan publik Kabupaten Kubu Raya</h1>" in html
    assert ('<span class="lang-current" lang="id" aria-current="true">Bahasa Indonesia</span>'
            in html)


def test_language_switch_shows_english_and_returns_to_the_same_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kontak/"})
    assert response.status_code == 302 and response["Location"] == "/kontak/"

    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Public services of Kubu Raya Regency</h1>" in html
    assert "Skip to main content" in html
    assert '<label for="id_q">Search for services or information</label>' in html
    assert 'aria-current="page">Home</a>' in html
    assert '<button type="submit" name="language" value="id" lang="id" class="lang-option">' \
        "Bahasa Indonesia</button>" in html


def test_language_switch_back_to_indonesian(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "<h1>Layanan publik Kabupaten Kubu Raya</h1>" in client.get("/").content.decode()


@pytest.mark.parametrize("url_name, english", [
    ("portal:about", "<h1>About Balai</h1>"),
    ("portal:help", "<h1>Help</h1>"),
    ("portal:contact", "<h1>Contact and service locations</h1>"),
    ("portal:search", "<h1>Search services and information</h1>"),
])
def test_portal_pages_are_translated_to_english(client, url_name, english):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert english in client.get(reverse(url_name)).content.decode()


def test_search_results_are_labelled_in_english(client, demo_content):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("portal:search"), {"q": "ktp"}).content.decode()
    assert "results for “ktp”." in html
    assert "<h2 id=\"hasil-faq\">Frequently asked questions</h2>" in html
    html = client.get(reverse("portal:search"), {"q": "zzz"}).content.decode()
    assert "No results found for “zzz”" in html


def test_contact_hours_use_english_weekday_names(client, demo_content):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("portal:contact")).content.decode()
    assert '<tr><th scope="row">Friday</th><td>08.00–11.00</td></tr>' in html
    assert '<tr><th scope="row">Sunday</th><td>Closed</td></tr>' in html
