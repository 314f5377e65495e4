"""In a real browser: a citizen requests information, the PPID extends the deadline and answers
with a file, the citizen downloads it and objects, the atasan PPID decides; the annual report
counts it; the public dashboard shows its charts and tables."""

from __future__ import annotations

import pytest
from django.conf import settings

from balai.applications.tests.helpers import PDF
from balai.core.testing import make_officer
from balai.core.testing import sign_in as core_sign_in
from balai.information.models import InformationRequest, Objection


def sign_in(page, client, user, url: str) -> None:
    page.context.clear_cookies()
    core_sign_in(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_information_request_answered_with_file_objected_and_decided(page, live_server, client,
                                                                      citizen, office_a,
                                                                      tmp_path):
    ppid = make_officer(office=office_a, role="ppid", full_name="Yuliana PPID")
    atasan = make_officer(office=office_a, role="atasan_ppid", full_name="Marzuki Atasan")
    document = tmp_path / "apbd-2026.pdf"
    document.write_bytes(PDF)

    sign_in(page, client, citizen.user, live_server.url)
    page.goto("/informasi/minta/")
    page.select_option("[name=office]", office_a.code)
    page.fill("[name=information]", "Dokumen APBD Kabupaten Kubu Raya 2026")
    page.fill("[name=purpose]", "Bahan diskusi warga tentang anggaran desa")
    page.check("input[name=format][value=softcopy]")
    page.check("input[name=delivery][value=daring]")
    with page.expect_navigation():
        page.click("text=Kirim permohonan")
    info = InformationRequest.objects.get()
    assert info.number in page.content()
    assert "sisa 10 hari kerja" in page.content()

    sign_in(page, client, ppid, live_server.url)
    page.goto("/informasi/ppid/")
    with page.expect_navigation():
        page.click(f"text={info.number}")
    page.fill("[name=reason]", "Dokumen masih di Bagian Keuangan Setda.")
    with page.expect_navigation():
        page.click("button:has-text('Perpanjang')")
    assert "diperpanjang 7 hari kerja" in page.content()
    page.check("input[name=outcome][value=granted_partly]")
    page.fill("[name=answer]", "Terlampir APBD; lampiran rincian rekening dikecualikan.")
    page.fill("[name=refusal_basis]", "UU 14/2008 Pasal 17 huruf h")
    page.set_input_files("input[name=files]", str(document))
    with page.expect_navigation():
        page.click("button:has-text('Kirim jawaban')")
    assert "Jawaban terkirim" in page.content()

    sign_in(page, client, citizen.user, live_server.url)
    page.goto(f"/informasi/permohonan/{info.number}/")
    assert "Dikabulkan sebagian" in page.content()
    with page.expect_download() as download_info:
        page.click("text=apbd-2026.pdf")
    assert download_info.value.path().read_bytes().startswith(b"%PDF")
    page.check("input[name=ground][value=e]")
    page.fill("[name=reason]", "Rincian rekening bukan informasi yang dikecualikan.")
    with page.expect_navigation():
        page.click("button:has-text('Ajukan keberatan')")
    assert "Keberatan Anda tercatat" in page.content()
    objection = Objection.objects.get()

    sign_in(page, client, atasan, live_server.url)
    page.goto("/informasi/atasan/")
    with page.expect_navigation():
        page.click(f"text={objection.number}")
    page.check("input[name=decision][value=diterima]")
    page.fill("[name=note]", "Rincian rekening diberikan dalam 3 hari kerja.")
    with page.expect_navigation():
        page.click("button:has-text('Kirim putusan')")
    objection.refresh_from_db()
    assert objection.decision == "diterima"

    sign_in(page, client, citizen.user, live_server.url)
    page.goto(f"/informasi/permohonan/{info.number}/")
    assert "Komisi Informasi" in page.content()

    page.goto("/informasi/laporan/")
    assert page.locator("tr:has-text('Keberatan diterima') td").inner_text() == "1"
    assert page.locator("tr:has-text('Dikabulkan sebagian') td").inner_text() == "1"

    page.goto("/transparansi/dasbor/")
    assert page.locator("svg.chart-svg").count() == 2
    assert page.locator("table caption").count() >= 2
    assert "Unduh tabel bulanan (CSV)" in page.content()
