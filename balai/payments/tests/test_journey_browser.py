"""In a real browser: a citizen looks up their NOP, pays the SPPT through the sandbox bank,
downloads the proof of payment, and verifies it by scanning its QR code."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from balai.documents.actions import verification_url
from balai.documents.models import IssuedDocument
from balai.documents.testing import make_official, qr_texts_in_pdf
from balai.payments.models import Bill
from balai.taxes.testing import make_bank


def sign_in(page, client, user, url: str) -> None:
    client.force_login(user)
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                               "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_pays_sppt_through_sandbox_and_verifies_receipt(page, live_server, client,
                                                                citizen, sppt_bill, bapenda,
                                                                dev_pki, settings):
    settings.BALAI_PUBLIC_URL = live_server.url  # the QR code on the receipt points here
    make_bank("bank-sandbox", sandbox=True)
    dev_pki.certify(make_official("bendahara.uji", bapenda))
    sign_in(page, client, citizen.user, live_server.url)

    page.goto(f"{live_server.url}/pajak/cek/")
    page.fill("[name=nop]", "61.12.010.001.001.0001.0")
    with page.expect_navigation():
        page.click("button:has-text('Cek tagihan')")
    assert "S*** A*****" in page.content() and "Menunggak" in page.content()

    with page.expect_navigation():
        page.click("text=Tagihan saya dan bukti bayar")
    with page.expect_navigation():
        page.click(f"text={sppt_bill.payment_code}")
    with page.expect_navigation():
        page.click("text=Bayar di bank SANDBOX (uji coba)")
    assert "SANDBOX" in page.inner_text("body")
    with page.expect_navigation():
        page.click("button:has-text('Bayar sekarang (SANDBOX)')")
    assert page.locator("h1").inner_text() == "Pembayaran berhasil"

    with page.expect_navigation():
        page.click("text=Lihat tagihan dan unduh bukti bayar")
    assert "Lunas" in page.inner_text("body")
    with page.expect_download() as download:
        page.click("text=Unduh bukti bayar (PDF)")
    with open(download.value.path(), "rb") as pdf:
        receipt = pdf.read()
    assert receipt.startswith(b"%PDF")
    assert Bill.objects.get(pk=sppt_bill.pk).status == Bill.Status.PAID

    # The citizen scans the QR code printed on the receipt (a 150 dpi rendering of the PDF).
    document = IssuedDocument.objects.get()
    scanned = qr_texts_in_pdf(receipt)
    assert scanned == [verification_url(document.code)]
    assert urlsplit(scanned[0]).path == f"/verifikasi/{document.code}/"
    page.goto(scanned[0])
    assert page.locator("#status-dokumen").inner_text().startswith("Status: SAH")
    assert document.number in page.inner_text("main")
    assert "S*** A*****" in page.inner_text("main")
