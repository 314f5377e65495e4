"""Canonical, hreflang and OpenGraph links of public pages; the language of a page chosen by
?lang=; the accessibility statement."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from balai.portal.tests.html import links, tags

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def _head(client, url: str) -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    html = client.get(url).content.decode()
    head = tags(html, within="head")
    canonical = {a["rel"]: a["href"] for t, a in head
                 if t == "link" and a.get("rel") == "canonical"}
    hreflang = {a["hreflang"]: a["href"] for t, a in head
                if t == "link" and a.get("rel") == "alternate" and "hreflang" in a}
    og: dict[str, list[str]] = {}
    for t, a in head:
        if t == "meta" and a.get("property", "").startswith("og:"):
            og.setdefault(a["property"], []).append(a["content"])
    return canonical, og, hreflang


def test_public_page_has_canonical_hreflang_and_opengraph(client):
    canonical, og, hreflang = _head(client, "/kontak/?utm_source=x")
    assert canonical == {"canonical": f"{BASE}/kontak/"}
    assert hreflang == {"id": f"{BASE}/kontak/", "en": f"{BASE}/kontak/?lang=en",
                        "x-default": f"{BASE}/kontak/"}
    assert og["og:title"] == ["Kontak dan lokasi layanan"]
    assert og["og:url"] == [f"{BASE}/kontak/"]
    assert og["og:type"] == ["website"]
    assert og["og:locale"] == ["id_ID"] and og["og:locale:alternate"] == ["en_US"]
    assert og["og:description"][0]


def test_lang_parameter_shows_english_with_its_own_canonical(client):
    response = client.get("/kontak/?lang=en")
    assert "<h1>Contact and service locations</h1>" in response.content.decode()
    canonical, og, _ = _head(client, "/kontak/?lang=en")
    assert canonical == {"canonical": f"{BASE}/kontak/?lang=en"}
    assert og["og:title"] == ["Contact and service locations"]
    assert og["og:locale"] == ["en_US"]
    # The parameter chooses for one request; the next page is in the visitor's language.
    assert "<h1>Kontak dan lokasi layanan</h1>" in client.get("/kontak/").content.decode()


def test_unknown_lang_parameter_is_ignored(client):
    assert '<html lang="id">' in client.get("/kontak/?lang=xx").content.decode()


def test_page_number_is_kept_in_the_canonical_address(client):
    canonical, _, hreflang = _head(client, "/partisipasi/aspirasi/?page=2&topic=jalan")
    assert canonical == {"canonical": f"{BASE}/partisipasi/aspirasi/?page=2"}
    assert hreflang["en"] == f"{BASE}/partisipasi/aspirasi/?page=2&lang=en"


@pytest.mark.parametrize("url", ["/akun/masuk/", "/halaman-yang-tidak-ada/"])
def test_private_and_missing_pages_have_no_canonical_or_opengraph(client, url):
    canonical, og, hreflang = _head(client, url)
    assert canonical == {} and og == {} and hreflang == {}


@pytest.mark.parametrize("body", ['{{ value }}', 'Tom & "Jerry" <b>!</b>'])
def test_captured_text_is_escaped_once_in_an_attribute(body):
    # A title from a variable (already escaped) or from template text (not): the attribute
    # holds it escaped exactly once, without tags.
    rendered = Template("{% load portal %}{% capture title %}" + body + "{% endcapture %}"
                        '<meta content="{{ title|attr_text }}">').render(
        Context({"value": 'Tom & "Jerry" <b>!</b>'}))
    expected = "Tom &amp; &quot;Jerry&quot; !" if body.startswith("Tom") else (
        "Tom &amp; &quot;Jerry&quot; &lt;b&gt;!&lt;/b&gt;")
    assert rendered == f'<meta content="{expected}">'


def test_language_switch_returns_to_the_page_without_the_parameter(client):
    html = client.get("/kontak/?lang=en").content.decode()
    assert '<input type="hidden" name="next" value="/kontak/">' in html
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/kontak/"})
    assert response["Location"] == "/kontak/"


def test_accessibility_statement_says_what_is_tested_and_how_to_report(client):
    response = client.get("/aksesibilitas/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Pernyataan aksesibilitas</h1>" in html
    for tested in ["axe-core", "60 KB", "320 piksel", "Tanpa JavaScript", "Papan ketik"]:
        assert tested in html
    assert "Batasan yang kami ketahui" in html
    main = links(html, within="main")
    assert "/pengaduan/lapor/" in main and "/kontak/" in main


def test_footer_links_the_accessibility_statement(client):
    assert "/aksesibilitas/" in links(client.get("/").content.decode(), within="footer")
