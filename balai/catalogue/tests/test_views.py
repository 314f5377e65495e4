from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balai.catalogue.actions import set_service_active
from balai.catalogue.models import Service
from balai.catalogue.tests.conftest import service_data
from balai.portal.tests.html import links

pytestmark = pytest.mark.django_db


def _html(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_catalogue_lists_services_by_category_with_counts_without_sign_in(client, catalogue):
    html = _html(client, reverse("catalogue:index"))
    assert "13 layanan dapat diajukan secara daring" in html
    assert '<a href="/layanan/kategori/kependudukan/">Kependudukan</a> (6 layanan)' in html
    assert '<a href="/layanan/kategori/perizinan/">Perizinan</a> (3 layanan)' in html
    hrefs = links(html, within="main")
    for code in ("akta-kelahiran", "kia", "izin-reklame", "legalisir-ijazah"):
        assert f"/layanan/{code}/" in hrefs
    assert "Rp 150.000" in html and "Gratis" in html


def test_catalogue_runs_the_same_queries_for_one_service_or_all(client, offices,
                                                                django_assert_max_num_queries):
    from django.core.management import call_command

    call_command("load_services", "balai/catalogue/services/kia.yaml", stdout=None)
    with CaptureQueriesContext(connection) as one:
        _html(client, reverse("catalogue:index"))
    call_command("load_services", stdout=None)
    with CaptureQueriesContext(connection) as all_services:
        _html(client, reverse("catalogue:index"))
    assert len(one) == len(all_services)
    with django_assert_max_num_queries(2):
        _html(client, reverse("catalogue:category", args=["kependudukan"]))
    with django_assert_max_num_queries(2):
        _html(client, reverse("catalogue:index"))


def test_category_page_lists_only_its_services(client, catalogue):
    html = _html(client, reverse("catalogue:category", args=["pendidikan"]))
    hrefs = [h for h in links(html, within="main") if h.startswith("/layanan/")
             and "/kategori/" not in h and h != "/layanan/"]
    assert sorted(hrefs) == ["/layanan/legalisir-ijazah/", "/layanan/surat-pindah-sekolah/"]
    assert "<h1>Pendidikan</h1>" in html


def test_unknown_category_is_not_found(client, catalogue):
    assert client.get(reverse("catalogue:category", args=["hiburan"])).status_code == 404


def test_category_without_services_says_so(client, catalogue):
    html = _html(client, reverse("catalogue:category", args=["sosial"]))
    assert "Belum ada layanan daring dalam kategori ini." in html


def test_service_page_shows_everything_a_citizen_needs(client, catalogue):
    html = _html(client, reverse("catalogue:service", args=["akta-kelahiran"]))
    assert "<h1>Akta Kelahiran</h1>" in html
    assert "Dinas Kependudukan dan Pencatatan Sipil" in html
    assert "3 hari kerja sejak permohonan lengkap diterima" in html
    assert "<dt>Biaya</dt><dd>Gratis</dd>" in html
    assert "Perpres 96/2018" in html  # legal basis
    assert "Kartu Keluarga tempat anak akan dicatat" in html
    assert "Format PDF, JPG, PNG, paling besar 5 MB." in html
    # The steps: states and who acts, in plain words.
    assert "Status permohonan: <strong>Diajukan</strong>" in html
    assert ("<strong>Verifikasi berkas</strong> — dilakukan oleh verifikator, petugas layanan, "
            "ketika status Diajukan; status menjadi Diverifikasi.") in html
    assert ("<strong>Ajukan ulang</strong> — dilakukan oleh Anda (pemohon), ketika status "
            "Perlu perbaikan; status menjadi Diajukan.") in html
    assert "Selalu disertai alasan tertulis." in html
    assert "Dokumen diterbitkan dan dapat Anda unduh." in html
    assert html.index("Verifikasi berkas") < html.index("Tanda tangani dan terbitkan")


def test_service_page_shows_a_fee_with_thousands_separators(client, catalogue):
    html = _html(client, reverse("catalogue:service", args=["izin-reklame"]))
    assert "<dt>Biaya</dt><dd>Rp 150.000</dd>" in html


def test_service_page_shows_optional_requirements_and_their_formats(client, catalogue):
    html = _html(client, reverse("catalogue:service", args=["kia"]))
    assert "Pas foto anak berwarna</strong> <span class=\"optional\">(opsional)</span>" in html
    assert "Format JPG, PNG, paling besar 2 MB." in html


def test_service_page_links_to_the_application_form(client, catalogue):
    html = _html(client, reverse("catalogue:service", args=["kia"]))
    assert '<a class="button" href="/layanan/kia/ajukan/">Ajukan permohonan</a>' in html


def test_unknown_or_withdrawn_service_is_not_found(client, catalogue):
    assert client.get(reverse("catalogue:service", args=["tidak-ada"])).status_code == 404
    set_service_active(service=Service.objects.get(code="kia"), active=False, actor=None)
    assert client.get(reverse("catalogue:service", args=["kia"])).status_code == 404
    assert "/layanan/kia/" not in _html(client, reverse("catalogue:index"))


def test_service_page_shows_the_version_in_force(client, catalogue):
    from balai.catalogue.actions import publish_definition

    publish_definition(data=service_data(version=2, deadline_working_days=4), actor=None)
    html = _html(client, reverse("catalogue:service", args=["akta-kelahiran"]))
    assert "4 hari kerja" in html


def test_service_page_lists_the_usual_path_first_then_the_other_steps(client, catalogue):
    html = _html(client, reverse("catalogue:service", args=["akta-kelahiran"]))
    usual, other = html.split("Langkah lain yang mungkin terjadi")
    for label in ("Verifikasi berkas", "Setujui", "Tanda tangani dan terbitkan"):
        assert f"<strong>{label}</strong>" in usual
    for label in ("Minta perbaikan", "Ajukan ulang", "Tolak", "Batalkan"):
        assert f"<strong>{label}</strong>" in other
