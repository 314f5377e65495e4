"""In a real browser: a citizen files a complaint with a photo, the office answers with proof
and closes it, the citizen confirms and rates, and the public page shows the answer without
the reporter."""

from __future__ import annotations

import pytest
from django.conf import settings

from balai.complaints.models import Complaint
from balai.complaints.tests.conftest import png_bytes
from balai.core.testing import sign_in as sign_in_client


def sign_in(page, client, user, url: str) -> None:
    sign_in_client(client, user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_complaint_from_filing_to_rating(page, live_server, client, citizen, officer,
                                         category, village, tmp_path):
    photo = tmp_path / "lubang.png"
    photo.write_bytes(png_bytes())
    sign_in(page, client, citizen.user, live_server.url)
    page.goto(f"{live_server.url}/pengaduan/lapor/")
    page.select_option("select[name=category]", category.code)
    page.fill("textarea[name=description]",
              "Jalan di depan SDN 12 berlubang besar dan tergenang air sejak seminggu.")
    page.select_option("select[name=village]", village.code)
    page.set_input_files("input[name=photos]", str(photo))
    with page.expect_navigation():
        page.click("button:has-text('Kirim pengaduan')")
    assert page.locator("h1").inner_text() == "Pengaduan diterima"
    complaint = Complaint.objects.get()
    assert complaint.number in page.content() and complaint.photos.count() == 1

    page.context.clear_cookies()
    client.logout()
    sign_in(page, client, officer, live_server.url)
    page.goto(f"{live_server.url}/pengaduan/antrean/{complaint.number}/")
    page.fill("textarea[name=tanggapi-public_note]", "Lubang sudah ditambal oleh UPT Jalan.")
    page.set_input_files("input[name=tanggapi-photos]", str(photo))
    with page.expect_navigation():
        page.click("button:has-text('Simpan tanggapan')")
    assert "Tanggapan disimpan." in page.content()
    page.fill("textarea[name=tutup-note]", "Perbaikan selesai dan diperiksa di lokasi.")
    with page.expect_navigation():
        page.click("button:has-text('Tutup pengaduan')")
    assert "Pengaduan ditutup." in page.content()

    page.context.clear_cookies()
    client.logout()
    sign_in(page, client, citizen.user, live_server.url)
    page.goto(f"{live_server.url}/pengaduan/saya/{complaint.number}/")
    with page.expect_navigation():
        page.click("button:has-text('Ya, sudah selesai')")
    assert "Pengaduan dinyatakan selesai" in page.content()
    page.check("input[name=rating][value='5']")
    with page.expect_navigation():
        page.click("button:has-text('Kirim penilaian')")
    assert "Terima kasih atas penilaian Anda." in page.content()
    complaint.refresh_from_db()
    assert complaint.status == "dikonfirmasi" and complaint.rating == 5

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/pengaduan/{complaint.number}/")
    text = page.content()
    assert "Lubang sudah ditambal oleh UPT Jalan." in text and "Jawaban resmi" in text
    assert citizen.user.full_name not in text and citizen.nik not in text
    assert page.locator("a:has-text('Foto bukti 1')").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_confidential_complaint_with_photo_stays_off_the_public_pages(page, live_server, client,
                                                                     citizen, officer, category,
                                                                     village, tmp_path):
    photo = tmp_path / "foto.png"
    photo.write_bytes(png_bytes("blue"))
    sign_in(page, client, citizen.user, live_server.url)
    page.goto(f"{live_server.url}/pengaduan/lapor/")
    page.select_option("select[name=category]", category.code)
    page.fill("textarea[name=description]",
              "Petugas loket meminta uang tambahan untuk mempercepat berkas saya.")
    page.select_option("select[name=village]", village.code)
    page.set_input_files("input[name=photos]", str(photo))
    page.check("input[name=confidential]")
    with page.expect_navigation():
        page.click("button:has-text('Kirim pengaduan')")
    assert "tidak tampil di daftar publik" in page.content()
    complaint = Complaint.objects.get()
    assert complaint.is_confidential

    page.context.clear_cookies()
    client.logout()
    page.goto(f"{live_server.url}/pengaduan/")
    assert complaint.number not in page.content()
    assert page.goto(f"{live_server.url}/pengaduan/{complaint.number}/").status == 404
    sign_in(page, client, officer, live_server.url)
    page.goto(f"{live_server.url}/pengaduan/antrean/{complaint.number}/")
    assert "Rahasia (tidak tampil untuk publik)" in page.content()
    assert page.goto(f"{live_server.url}/pengaduan/foto/{complaint.photos.get().pk}/").status \
        == 200
