"""A citizen applies in a real browser; an officer asks for a correction."""

from __future__ import annotations

import pytest
from django.conf import settings

from balai.applications.models import Application
from balai.applications.tests.helpers import PDF, akta_values
from balai.core.testing import sign_in as core_sign_in


def sign_in(page, client, user, url: str) -> None:
    core_sign_in(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_applies_and_officer_asks_for_correction(page, live_server, client, citizen,
                                                        akta, verifikator, tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    sign_in(page, client, citizen.user, live_server.url)

    page.goto(f"/layanan/{akta.service.code}/ajukan/")
    for name, value in akta_values().items():
        if name == "jenis_kelamin":
            page.check(f"input[name={name}][value={value}]")
        else:
            page.fill(f"[name={name}]", value)
    with page.expect_navigation():
        page.click("text=Simpan dan lanjutkan")
    for code in ["surat-lahir", "buku-nikah", "kk", "ktp-orang-tua"]:
        page.set_input_files(f"input[name={code}]", str(scan))
    with page.expect_navigation():
        page.click("text=Simpan dan lanjutkan")
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.click("text=Ajukan permohonan")
    assert page.locator("h1").inner_text() == "Permohonan diterima"
    application = Application.objects.get(applicant=citizen.user)
    assert application.number in page.content()

    page.context.clear_cookies()
    sign_in(page, client, verifikator, live_server.url)
    page.goto(f"/permohonan/antrean/{application.number}/")
    page.fill("[name=minta_perbaikan-note]", "Kartu Keluarga buram")
    page.fill("[name=minta_perbaikan-perbaikan_kk]", "Pindai ulang KK")
    with page.expect_navigation():
        page.click("button:has-text('Minta perbaikan')")
    assert "berhasil" in page.content()
    application.refresh_from_db()
    assert application.state == "perlu_perbaikan"
