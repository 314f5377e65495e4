from __future__ import annotations

import pytest
from django.urls import reverse

from balai.catalogue.queries import search_services
from balai.catalogue.search import fts_query, stem
from balai.portal.tests.html import links

PERMITS = {"izin-reklame", "pbg", "sertifikat-laik-fungsi"}


@pytest.mark.parametrize(("word", "root"), [
    ("kelahiran", "lahir"), ("lahir", "lahir"), ("perizinan", "izin"), ("berusaha", "usaha"),
    ("mendaftarkan", "daftar"), ("pendaftaran", "daftar"), ("kematian", "mati"),
    ("mati", "mati"), ("kesehatan", "sehat"), ("menyusun", "susun"), ("bekerja", "kerja"),
    ("bukunya", "buku"), ("KTP", "ktp"),
])
def test_stem_reduces_indonesian_words_to_their_root(word, root):
    assert stem(word) == root


def test_fts_query_requires_every_stemmed_word_once():
    assert fts_query("Izin usaha, perizinan!") == '"izin" "usaha"'
    assert fts_query("  ...  ") == ""


def _results(client, q: str) -> tuple[str, list[str]]:
    response = client.get(reverse("catalogue:search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    codes = [h.strip("/").split("/")[-1] for h in links(html, within="main")
             if h.startswith("/layanan/") and h.count("/") == 3 and "/cari/" not in h]
    return html, codes


@pytest.mark.django_db
def test_search_finds_akta_kelahiran_by_its_root_word(client, catalogue):
    html, codes = _results(client, "lahir")
    assert codes[0] == "akta-kelahiran"
    assert "layanan untuk “lahir”" in html


@pytest.mark.django_db
def test_search_finds_the_root_from_a_derived_word_and_ranks_names_first(client, catalogue):
    _html, codes = _results(client, "kelahiran")
    assert codes[0] == "akta-kelahiran"
    assert "kia" in codes  # its requirements name the akta kelahiran


@pytest.mark.django_db
def test_search_izin_usaha_finds_the_permits(client, catalogue):
    _html, codes = _results(client, "izin usaha")
    assert set(codes) >= PERMITS
    assert not {"akta-kelahiran", "kia", "legalisir-ijazah"} & set(codes)


@pytest.mark.django_db
def test_search_ignores_case_and_punctuation(client, catalogue):
    _html, codes = _results(client, "KTP-el HILANG!")
    assert codes == ["ktp-el-hilang-rusak"]


@pytest.mark.django_db
def test_search_for_nonsense_finds_nothing_and_says_so(client, catalogue):
    html, codes = _results(client, "zxqw blorft")
    assert codes == []
    assert "Tidak ada layanan yang cocok dengan “zxqw blorft”" in html
    assert "lihat semua layanan per kategori" in html


@pytest.mark.django_db
def test_search_without_words_asks_for_them_next_to_the_field(client, catalogue):
    html, _codes = _results(client, "   ")
    assert 'class="error-summary"' in html
    assert 'id="id_q_error"' in html
    assert "Tulis kata pencarian, misalnya “akta kelahiran”." in html


@pytest.mark.django_db
def test_search_page_runs_a_constant_number_of_queries(client, catalogue,
                                                       django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        _results(client, "lahir")
    with django_assert_max_num_queries(2):
        _results(client, "surat")


@pytest.mark.django_db
def test_search_services_skips_withdrawn_services(catalogue):
    from balai.catalogue.actions import set_service_active
    from balai.catalogue.models import Service

    set_service_active(service=Service.objects.get(code="pbg"), active=False, actor=None)
    assert "pbg" not in [s.code for s in search_services("bangunan")]
    assert "sertifikat-laik-fungsi" in [s.code for s in search_services("bangunan")]


@pytest.mark.django_db
def test_portal_search_lists_catalogue_services_first(client, catalogue):
    response = client.get(reverse("portal:search"), {"q": "akta kematian"})
    html = response.content.decode()
    assert '<h2 id="hasil-layanan">Layanan</h2>' in html
    assert '<a href="/layanan/akta-kematian/">Akta Kematian</a>' in html

