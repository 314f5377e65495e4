from __future__ import annotations

import re

import pytest
from django.urls import resolve, reverse

from balai.applications.models import Application, Upload
from balai.applications.tests.helpers import EXE, JPEG, PDF, PNG, akta_values
from balai.core.testing import sign_in

pytestmark = pytest.mark.django_db


def urls(definition) -> dict[str, str]:
    code = definition.service.code
    return {step: reverse(f"applications:{name}", kwargs={"code": code})
            for step, name in [("data", "apply"), ("uploads", "apply_uploads"),
                               ("review", "apply_review")]}


def all_files(content: bytes = PDF, name: str = "scan.pdf") -> dict[str, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {code: SimpleUploadedFile(name, content)
            for code in ["surat-lahir", "buku-nikah", "kk", "ktp-orang-tua"]}


def review_key(client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_apply_url_and_catalogue_service_page_both_resolve(akta):
    code = akta.service.code
    assert resolve(f"/layanan/{code}/ajukan/").view_name == "applications:apply"
    assert resolve(f"/layanan/{code}/").view_name == "catalogue:service"


def test_apply_requires_login(client, akta):
    response = client.get(urls(akta)["data"])
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_apply_refuses_officer_without_citizen_identity(client, akta, officer):
    sign_in(client, officer)
    response = client.get(urls(akta)["data"])
    assert response.status_code == 403
    assert "warga terdaftar" in response.content.decode()


def test_citizen_applies_in_three_steps_and_gets_receipt(client, citizen, akta):
    sign_in(client, citizen.user)
    steps = urls(akta)

    form_page = client.get(steps["data"])
    assert form_page.status_code == 200
    assert 'name="nik_ibu"' in form_page.content.decode()

    response = client.post(steps["data"], akta_values())
    assert response.status_code == 302 and response["Location"] == steps["uploads"]
    response = client.post(steps["uploads"], all_files())
    assert response.status_code == 302 and response["Location"] == steps["review"]
    key = review_key(client, steps["review"])
    response = client.post(steps["review"], {"idempotency_key": key, "confirm": "on"})

    application = Application.objects.get(applicant=citizen.user)
    assert application.state == "diajukan" and application.number
    assert response["Location"] == reverse("applications:receipt",
                                           kwargs={"number": application.number})
    receipt = client.get(response["Location"])
    assert application.number in receipt.content.decode()
    pdf = client.get(reverse("applications:receipt_pdf", kwargs={"number": application.number}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_retried_submit_with_same_key_creates_no_second_application(client, citizen, akta):
    sign_in(client, citizen.user)
    steps = urls(akta)
    client.post(steps["data"], akta_values())
    client.post(steps["uploads"], all_files())
    key = review_key(client, steps["review"])

    first = client.post(steps["review"], {"idempotency_key": key, "confirm": "on"})
    again = client.post(steps["review"], {"idempotency_key": key, "confirm": "on"})

    assert first["Location"] == again["Location"]
    assert Application.objects.filter(applicant=citizen.user).count() == 1


def test_invalid_data_shows_messages_next_to_fields_and_keeps_input(client, citizen, akta):
    sign_in(client, citizen.user)
    values = akta_values(nik_ibu="6112015708900000", nomor_kk="12345", tanggal_lahir="2999-01-01",
                         nama_anak="")
    response = client.post(urls(akta)["data"], values)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada yang perlu diperbaiki" in page
    assert "Nomor urut NIK (4 angka terakhir) tidak boleh 0000." in page
    assert "Nomor Kartu Keluarga harus 16 angka" in page
    assert "Tanggal tidak boleh di masa depan." in page
    assert "Isi Nama lengkap anak." in page
    assert 'value="Sungai Raya"' in page
    assert not Application.objects.exists()


def test_uploads_are_checked_by_content_and_size(client, citizen, akta):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, citizen.user)
    steps = urls(akta)
    client.post(steps["data"], akta_values())
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = client.post(steps["uploads"], {
        "surat-lahir": SimpleUploadedFile("surat.pdf", EXE, content_type="application/pdf"),
        "buku-nikah": SimpleUploadedFile("nikah.pdf", big),
        "kk": SimpleUploadedFile("kk.png", PNG),
        "ktp-orang-tua": SimpleUploadedFile("ktp.jpg", JPEG),
    })

    page = response.content.decode()
    assert response.status_code == 200
    assert "bukan PDF, JPG, PNG" in page
    assert "terlalu besar" in page
    # The good files are kept: only the bad ones need sending again.
    assert set(Upload.objects.values_list("requirement", flat=True)) == {"kk", "ktp-orang-tua"}
    assert "Sudah terunggah: kk.png" in page


def test_returning_applicant_continues_where_they_left_off(client, citizen, akta):
    sign_in(client, citizen.user)
    steps = urls(akta)
    client.post(steps["data"], akta_values(nama_anak="Nur Aisyah Putri"))

    # The connection dropped; later the citizen opens the service again.
    response = client.get(steps["data"])
    assert response.status_code == 302 and response["Location"] == steps["uploads"]
    page = client.get(steps["data"] + "?ubah=1").content.decode()
    assert 'value="Nur Aisyah Putri"' in page


def test_draft_never_appears_in_queue(client, citizen, akta, officer):
    sign_in(client, citizen.user)
    client.post(urls(akta)["data"], akta_values())
    sign_in(client, officer)
    page = client.get(reverse("applications:queue")).content.decode()
    assert "0 permohonan" in page


def test_review_without_uploads_cannot_submit(client, citizen, akta):
    sign_in(client, citizen.user)
    steps = urls(akta)
    client.post(steps["data"], akta_values())
    response = client.post(steps["review"], {"idempotency_key": "k" * 32, "confirm": "on"})
    assert response.status_code == 200
    assert "Unggah dulu berkas wajib" in response.content.decode()
    assert not Application.objects.exclude(number=None).exists()


def test_unknown_service_is_404(client, citizen):
    sign_in(client, citizen.user)
    response = client.get(reverse("applications:apply", kwargs={"code": "tidak-ada"}))
    assert response.status_code == 404

