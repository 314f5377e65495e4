from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.portal import queries
from balai.portal.actions import save_faq_entry, save_faq_topic
from balai.portal.queries import SearchResult, register_search_source, search_terms
from balai.portal.tests.html import links

pytestmark = pytest.mark.django_db


def _search(client, q: str) -> str:
    response = client.get(reverse("portal:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_faq_entries_and_service_locations(client, demo_content):
    html = _search(client, "ktp")
    assert '<h2 id="hasil-faq">Pertanyaan yang sering diajukan</h2>' in html
    assert '<a href="/bantuan/#ktp-hilang">KTP-el saya hilang atau rusak.' in html
    assert '<h2 id="hasil-lokasi">Lokasi dan jam layanan</h2>' in html
    assert '<a href="/kontak/#disdukcapil">' in html
    assert "hasil untuk “ktp”" in html


def test_search_lists_results_whose_title_matches_first(client, demo_content):
    html = _search(client, "ktp")
    faq = [href for href in links(html, within="main") if href.startswith("/bantuan/#")]
    assert set(faq[:2]) == {"/bantuan/#ktp-hilang", "/bantuan/#biaya-dokumen-kependudukan"}
    assert faq.index("/bantuan/#ktp-hilang") < faq.index("/bantuan/#cara-mendaftar")


def test_search_requires_every_term(client, demo_content):
    html = _search(client, "camat kakap")
    assert [h for h in links(html, within="main") if h.startswith("/kontak/#")] == [
        "/kontak/#kecamatan-sungai-kakap"]
    assert "Tidak ditemukan hasil" in _search(client, "disdukcapil kakap")


def test_search_finds_locations_by_kecamatan_name(client, demo_content):
    html = _search(client, "Teluk Pakedai")
    assert '<a href="/kontak/#kecamatan-teluk-pakedai">Kantor Camat Teluk Pakedai</a>' in html


def test_search_finds_information_pages(client):
    html = _search(client, "aksesibilitas")
    assert '<h2 id="hasil-halaman">Halaman informasi</h2>' in html
    assert '<a href="/tentang/">Tentang Balai</a>' in html


def test_search_is_case_insensitive(client, demo_content):
    assert '/bantuan/#lupa-kata-sandi' in _search(client, "LUPA Kata Sandi")


def test_search_ignores_unpublished_faq_entries(client):
    topic = save_faq_topic(actor=None, slug="t", name="Topik")
    save_faq_entry(actor=None, topic=topic, slug="draf", question="Zebra rahasia?",
                   answer="-", is_published=False)
    assert "Zebra rahasia?" not in _search(client, "zebra")


def test_search_without_results_says_not_found_and_offers_help(client, demo_content):
    html = _search(client, "zzz")
    assert "Tidak ditemukan hasil untuk “zzz”" in html
    assert 'href="/bantuan/"' in html and 'href="/kontak/"' in html
    assert "result-list" not in html


def test_search_escapes_the_query(client):
    html = _search(client, "<script>alert(1)</script>")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_search_page_without_query_shows_only_the_form(client):
    html = _search(client, "")
    assert '<input type="search" name="q"' in html
    assert "Tidak ditemukan" not in html and "hasil untuk" not in html


def test_search_rejects_an_overlong_query_next_to_the_field(client):
    html = _search(client, "k" * 101)
    assert 'class="error-summary"' in html
    assert '<a href="#id_q">Kata pencarian terlalu panjang' in html
    assert '<p class="error-message" id="id_q_error">' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Galat: " in html


def test_search_query_count_is_constant(client, demo_content, django_assert_num_queries):
    # One query per database-backed source, however many results match.
    with CaptureQueriesContext(connection) as few:
        _search(client, "kantor")
    topic = save_faq_topic(actor=None, slug="lain", name="Lain-lain")
    for n in range(12):
        save_faq_entry(actor=None, topic=topic, slug=f"kantor-{n}", question=f"Kantor {n}?",
                       answer="Ya.")
    with django_assert_num_queries(len(few)):
        html = _search(client, "kantor")
    assert "Kantor 11?" in html


def test_portal_sources_run_one_query_each(client, demo_content, django_assert_num_queries,
                                           monkeypatch):
    portal_only = {key: queries._sources[key] for key in ("faq", "lokasi", "halaman")}
    monkeypatch.setattr(queries, "_sources", portal_only)
    with django_assert_num_queries(2):
        _search(client, "kantor")


def test_search_terms_are_distinct_words_without_punctuation():
    assert search_terms("  KTP, ktp  akta? (lahir) ") == ["KTP", "akta", "lahir"]
    assert search_terms("a b c d e f g h i j") == list("abcdefgh")
    assert search_terms("   ") == []


class _CatalogueStub:
    key = "uji"
    label = "Layanan uji"

    def search(self, terms, *, limit):
        return [SearchResult(title="Akta Kelahiran", url="/layanan/akta-kelahiran/",
                             summary=" ".join(terms))]


def test_registered_search_source_appears_first_when_its_position_is_lowest(client, demo_content,
                                                                           monkeypatch):
    monkeypatch.setattr(queries, "_sources", dict(queries._sources))
    register_search_source(_CatalogueStub(), position=1)
    html = _search(client, "akta")
    assert '<a href="/layanan/akta-kelahiran/">Akta Kelahiran</a>' in html
    assert html.index('id="hasil-uji"') < html.index('id="hasil-faq"')
    assert [s.key for s in queries.search_sources()][0] == "uji"
