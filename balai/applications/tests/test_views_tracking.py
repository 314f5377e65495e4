from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from balai.applications.models import Upload
from balai.applications.tests.helpers import JPEG, act, make_draft, make_submitted
from balai.core.testing import sign_in

pytestmark = pytest.mark.django_db
DASHBOARD = "/permohonan/"


def url(application, name: str = "detail", **kwargs) -> str:
    return reverse(f"applications:{name}", kwargs={"number": application.number, **kwargs})


def test_dashboard_lists_own_applications_with_next_step(client, citizen, other_citizen, akta,
                                                         verifikator):
    mine = make_submitted(citizen.user, akta)
    needs_fix = make_submitted(citizen.user, akta)
    act(needs_fix, "minta_perbaikan", verifikator, note="Buram", corrections={"kk": "Buram"})
    make_draft(citizen.user, akta)
    theirs = make_submitted(other_citizen.user, akta)
    sign_in(client, citizen.user)

    page = client.get(DASHBOARD).content.decode()

    assert mine.number in page and needs_fix.number in page
    assert theirs.number not in page
    assert "Menunggu diproses petugas" in page
    assert "Perbaiki berkas yang diminta petugas" in page
    assert "Lanjutkan pengisian" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_dashboard_query_count_is_constant(client, citizen, akta, rows,
                                           django_assert_max_num_queries):
    for _ in range(rows):
        make_submitted(citizen.user, akta)
    sign_in(client, citizen.user)
    with django_assert_max_num_queries(5):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


def test_detail_shows_public_timeline_but_not_internal_events(client, citizen, submitted,
                                                               officer):
    from balai.applications import actions

    actions.claim_application(application=submitted, actor=officer,
                              expected_version=submitted.version)
    sign_in(client, citizen.user)
    page = client.get(url(submitted)).content.decode()
    assert "Permohonan diajukan" in page
    assert "Diambil petugas" not in page
    assert "Nur Aisyah" in page


def test_citizen_corrects_files_and_resubmits(client, citizen, submitted, verifikator):
    act(submitted, "minta_perbaikan", verifikator, note="Perbaiki KK",
        corrections={"kk": "KK buram"})
    submitted.refresh_from_db()
    sign_in(client, citizen.user)
    page = client.get(url(submitted)).content.decode()
    assert "KK buram" in page
    assert 'name="ajukan_ulang-berkas_kk"' in page
    assert 'name="ajukan_ulang-berkas_surat-lahir"' not in page

    missing = client.post(url(submitted, "applicant_action", action="ajukan_ulang"),
                          {"ajukan_ulang-version": submitted.version})
    assert missing.status_code == 400
    assert "Unggah Kartu Keluarga" in missing.content.decode()

    response = client.post(url(submitted, "applicant_action", action="ajukan_ulang"), {
        "ajukan_ulang-version": submitted.version,
        "ajukan_ulang-berkas_kk": SimpleUploadedFile("kk.jpg", JPEG)})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "diajukan"
    assert Upload.objects.get(application=submitted, requirement="kk",
                              superseded=False).content_type == "image/jpeg"


def test_citizen_cancels_through_the_page(client, citizen, submitted):
    sign_in(client, citizen.user)
    response = client.post(url(submitted, "applicant_action", action="batalkan"),
                           {"batalkan-version": submitted.version})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "dibatalkan"


def test_citizen_cannot_take_officer_action(client, citizen, submitted):
    sign_in(client, citizen.user)
    response = client.post(url(submitted, "applicant_action", action="verifikasi"),
                           {"verifikasi-version": submitted.version})
    assert response.status_code == 404


@pytest.mark.parametrize("name,kwargs,method", [
    ("detail", {}, "get"), ("receipt", {}, "get"), ("receipt_pdf", {}, "get"),
    ("applicant_action", {"action": "batalkan"}, "post"),
])
def test_citizen_pages_are_404_for_other_citizen_and_officers(client, submitted, other_citizen,
                                                              officer, name, kwargs, method):
    target = url(submitted, name, **kwargs)
    for user in (other_citizen.user, officer):
        sign_in(client, user)
        assert getattr(client, method)(target, {"batalkan-version": 2}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == "diajukan"


def test_public_status_shows_no_personal_data(client, submitted, verifikator):
    act(submitted, "minta_perbaikan", verifikator, note="KK atas nama Siti Aminah buram",
        corrections={"kk": "KK buram"})
    response = client.get(reverse("applications:status_detail",
                                  kwargs={"number": submitted.number}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Akta Kelahiran" in page and "Perlu perbaikan" in page
    assert "Minta perbaikan" in page
    for personal in ["Siti Aminah", "Nur Aisyah", submitted.data["nik_ibu"], "KK buram",
                     "/permohonan/berkas/"]:
        assert personal not in page


def test_status_lookup_redirects_and_reports_unknown_numbers(client, submitted):
    found = client.get("/status/", {"number": submitted.number.lower()})
    assert found.status_code == 302
    assert found["Location"] == f"/status/{submitted.number}/"
    unknown = client.get("/status/", {"number": "KR-2020-999999"})
    assert "tidak ditemukan" in unknown.content.decode()
    malformed = client.get("/status/", {"number": "abc"})
    assert "KR-2026-000123" in malformed.content.decode()
    assert client.get("/status/KR-2020-999999/").status_code == 404


def test_status_page_of_draft_does_not_exist(client, citizen, akta):
    make_draft(citizen.user, akta)
    assert client.get("/status/", {"number": "KR-2026-000001"}).status_code == 404
