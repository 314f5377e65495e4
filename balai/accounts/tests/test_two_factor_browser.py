"""An officer's first sign-in in a real browser: password, enrolment of an authenticator from
the secret the page shows (the code computed as an authenticator app would), recovery codes,
then the queue. The next sign-in asks for a code again."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP

from balai.core.testing import PASSWORD, make_office, make_officer


def _code(secret: str, offset: int = 0) -> str:
    """What an authenticator app shows for this base32 secret (RFC 6238, 30 s, 6 digits)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    generator = TOTP(key, step=30, digits=6)
    generator.time = time.time() + offset * 30
    return f"{generator.token():06d}"


def _password(page, username: str) -> None:
    page.goto("/akun/masuk/?next=/permohonan/antrean/")
    page.get_by_label("NIK, email, nomor HP, atau nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Masuk", exact=True).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_enrols_an_authenticator_and_reaches_the_queue(browser, live_server):
    officer = make_officer(office=make_office(), role="petugas", full_name="Budi Petugas")
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        _password(page, officer.username)
        assert "/akun/dua-langkah/aktifkan/" in page.url
        assert page.get_by_role("img", name="Kode QR untuk aplikasi autentikator").is_visible()
        secret = page.locator("#kunci-rahasia").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret)
        # The queue is out of reach until the second factor is set up.
        page.goto("/permohonan/antrean/")
        assert "/akun/dua-langkah/aktifkan/" in page.url

        page.get_by_label("Kode dari aplikasi autentikator").fill(_code(secret))
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Aktifkan").click()
        codes = page.locator(".recovery-codes code").all_inner_texts()
        assert len(codes) == 10
        with page.expect_navigation():
            page.get_by_role("link", name="Saya sudah menyimpannya, lanjutkan").click()
        assert page.url.endswith("/permohonan/antrean/")
        assert page.locator("h1").is_visible()

        with page.expect_navigation():
            page.get_by_role("button", name="Keluar").first.click()
        page.wait_for_load_state()
        _password(page, officer.username)
        assert "/akun/dua-langkah/verifikasi/" in page.url
        page.get_by_label("Kode verifikasi").fill(_code(secret, offset=1))
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Verifikasi").click()
        assert page.url.endswith("/permohonan/antrean/")
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context.close()
