"""Taxes-and-payments "done when", in a real browser: a permit with a fee from the services
engine moves on after payment. The signing official is refused while the fee bill is open;
the citizen follows the link from the application page to the bill and pays it through the
sandbox bank; the official signs again and the document is issued."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from balai.applications.models import Application, ApplicationEvent
from balai.applications.tests.helpers import act, akta_definition, make_submitted
from balai.core.testing import make_officer, sign_in, totp_code, totp_device
from balai.documents.models import IssuedDocument
from balai.documents.testing import DevPki
from balai.payments.models import Bill
from balai.taxes.testing import make_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 20_000
FEE = 150_000
UNPAID = "Retribusi layanan ini belum dibayar. Dokumen diterbitkan setelah tagihannya lunas."


@pytest.fixture
def open_as(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """A fresh browser context for one person, signed in as a finished login leaves them
    (officers with their second factor verified)."""
    contexts: list[Any] = []

    def open_for(user: Any) -> Any:
        client = Client()
        sign_in(client, user)
        context = browser.new_context(base_url=live_server.url, locale="id-ID")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                              "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                              "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_for
    for context in contexts:
        context.close()


def _sign(page: Any, signer: Any, *, offset: int) -> None:
    """Fill a fresh authenticator code and press the signing button."""
    page.get_by_label("Kode dari aplikasi autentikator").fill(
        totp_code(totp_device(signer), offset=offset))
    with page.expect_navigation():
        page.get_by_role("button", name="Tanda tangani dan terbitkan").click()


def test_permit_with_a_fee_moves_on_after_payment(live_server, open_as, citizen, office_a,
                                                  tariff, dev_pki: DevPki, settings,
                                                  tmp_path: Path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.BALAI_PUBLIC_URL = live_server.url  # the QR code on the document points here
    make_bank("bank-sandbox", sandbox=True)
    service = akta_definition(office_a, fee=FEE)
    verifikator = make_officer(office=office_a, role="verifikator")
    signer = make_officer(office=office_a, role="pejabat_penandatangan",
                          full_name="Drs. Hendra Gunawan")
    dev_pki.certify(signer)

    # 1. Submitted (the fee bill is issued then), verified and approved.
    application = make_submitted(citizen.user, service)
    number = application.number
    bill = Bill.objects.get(application=application)
    assert bill.kind == Bill.Kind.RETRIBUSI and bill.principal == FEE and not bill.is_paid
    act(application, "verifikasi", verifikator)
    act(application, "setujui", verifikator)
    application.refresh_from_db()
    assert application.state == "disetujui"
    version = application.version

    # 2. The signing official opens it from the queue and tries to sign: refused, unpaid.
    official = open_as(signer)
    official.goto("/permohonan/antrean/")
    with official.expect_navigation():
        official.get_by_role("link", name=number).click()
    assert official.url.endswith(f"/permohonan/antrean/{number}/")
    _sign(official, signer, offset=0)
    assert UNPAID in official.locator("main").inner_text()
    assert "berhasil" not in official.locator("main").inner_text()
    application.refresh_from_db()
    assert application.state == "disetujui" and application.is_open
    assert application.version == version and not application.issued_document_ref
    assert not IssuedDocument.objects.exists()

    # 3. The citizen opens the application, follows the link to the fee bill, pays it at the
    #    sandbox bank and sees it paid.
    warga = open_as(citizen.user)
    warga.goto("/permohonan/")
    with warga.expect_navigation():
        warga.locator("main").get_by_role("link", name=number).click()
    fee = warga.locator("#retribusi")
    assert "Rp 150.000 belum dibayar" in fee.inner_text()
    assert bill.payment_code in fee.inner_text()
    assert "Bayar retribusi layanan ini" in warga.locator("main").inner_text()
    with warga.expect_navigation():
        fee.get_by_role("link", name="Lihat dan bayar tagihan retribusi").click()
    assert warga.url.endswith(f"/tagihan/{bill.payment_code}/")
    bill_page = warga.locator("main").inner_text()
    assert number in bill_page and "Belum dibayar" in bill_page and "Rp 150.000" in bill_page
    with warga.expect_navigation():
        warga.get_by_role("link", name="Bayar di bank SANDBOX (uji coba)").click()
    assert "SANDBOX" in warga.inner_text("body") and "Rp 150000" in warga.inner_text("main")
    with warga.expect_navigation():
        warga.get_by_role("button", name="Bayar sekarang (SANDBOX)").click()
    assert warga.locator("h1").inner_text() == "Pembayaran berhasil"
    with warga.expect_navigation():
        warga.get_by_role("link", name="Lihat tagihan dan unduh bukti bayar").click()
    assert "Lunas" in warga.locator("main").inner_text()
    assert Bill.objects.get(pk=bill.pk).status == Bill.Status.PAID
    assert ApplicationEvent.objects.filter(application=application,
                                           action="retribusi_dibayar").exists()
    warga.goto(f"/permohonan/{number}/")
    assert "sudah lunas" in warga.locator("#retribusi").inner_text()
    assert "Retribusi dibayar" in warga.locator("main").inner_text()
    application.refresh_from_db()
    assert application.state == "disetujui"  # paying does not sign: the official does

    # 4. The official signs again (the next authenticator code): now the document is issued.
    official.reload()
    _sign(official, signer, offset=1)
    main = official.locator("main").inner_text()
    assert "berhasil" in main and UNPAID not in main
    application.refresh_from_db()
    assert application.state == "selesai" and not application.is_open
    document = IssuedDocument.objects.get(code=application.issued_document_ref)
    assert document.signed_by == signer

    warga.goto(f"/permohonan/{number}/")
    page = warga.locator("main").inner_text()
    assert "Selesai — dokumen terbit" in page
    assert "Selesai. Tidak ada yang perlu Anda lakukan." in page
    assert warga.get_by_role("link", name="Unduh dokumen (PDF)").is_visible()
    assert Application.objects.get(pk=application.pk).issued_document_ref == document.code
