"""A citizen's first visit in a real browser: register, confirm by code, sign out, sign in with
the NIK, sign out. The region picker is used through its no-JavaScript button."""

import re

import pytest

from balai.accounts.models import User
from balai.accounts.tests.helpers import NIK, code_sent_to
from balai.ledger.models import LedgerEntry
from balai.regions.actions import load_regions
from balai.regions.management.commands.load_regions import DEFAULT_FILE

PASSWORD = "Kapuas-Raya-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [False, True], ids=["tanpa-js", "dengan-js"])
def test_citizen_registers_confirms_and_signs_in_again_with_the_nik(browser, live_server,
                                                                    javascript):
    load_regions(path=DEFAULT_FILE)
    context = browser.new_context(base_url=live_server.url, locale="id-ID",
                                  java_script_enabled=javascript)
    context.set_default_timeout(20_000)  # generous: CI machines can be slow
    page = context.new_page()
    try:
        page.goto("/")
        with page.expect_navigation():
            page.get_by_role("link", name="Daftar", exact=True).first.click()
        page.get_by_label("NIK").fill(NIK)
        page.get_by_label("Nama lengkap").fill("Siti Aminah")
        page.get_by_label("Tanggal lahir").fill("1990-08-17")
        page.get_by_label("Nomor HP").fill("081234567890")
        page.get_by_label(re.compile(r"^Alamat")).fill("Jl. Arteri Supadio No. 12")
        page.get_by_label(re.compile(r"^Kecamatan")).select_option(label="Sungai Raya")
        if javascript:
            assert page.get_by_role("button", name="Tampilkan desa").is_hidden()
            # The script fills the desa list. A locator waits for it: wait_for_function would
            # poll with eval(), which the page's CSP (no 'unsafe-eval') refuses.
            page.locator("select[name=desa] option").nth(1).wait_for(state="attached")
        else:
            with page.expect_navigation():
                page.get_by_role("button", name="Tampilkan desa").click()
            # The page came back with what was typed, and the desa of Sungai Raya.
            assert page.get_by_label("Nama lengkap").input_value() == "Siti Aminah"
            assert page.get_by_label("NIK").input_value() == NIK
        page.get_by_label(re.compile(r"^Desa/kelurahan")).select_option(label="Sungai Raya")
        page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
        page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
        page.get_by_label(re.compile(r"^Saya telah membaca Pemberitahuan Privasi")).check()
        page.get_by_role("button", name="Daftar", exact=True).last.click()

        page.wait_for_url("**/akun/konfirmasi/")
        assert "berakhiran 7890" in page.content()
        user = User.objects.get()
        page.get_by_label("Kode konfirmasi").fill(code_sent_to(user))
        page.get_by_role("button", name="Konfirmasi").click()

        page.wait_for_url("**/akun/profil/")
        assert page.get_by_role("heading", name="Akun saya").is_visible()
        assert "611201******0003" in page.content()
        assert NIK not in page.content()
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url(live_server.url + "/")

        page.get_by_role("link", name="Masuk", exact=True).first.click()
        page.get_by_label("NIK, email, nomor HP, atau nama pengguna").fill(NIK)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).last.click()
        page.wait_for_url("**/akun/profil/")
        assert "Siti Aminah" in page.content()
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url(live_server.url + "/")
    finally:
        context.close()

    user.refresh_from_db()
    assert user.is_active and user.citizen.village_id == "61.12.01.2001"
    actions = list(LedgerEntry.objects.filter(actor_id=user.pk).values_list("action", flat=True))
    assert actions == ["akun.daftar", "akun.kode_dikirim", "privasi.persetujuan_dicatat",
                       "akun.dikonfirmasi", "akun.masuk", "akun.keluar", "akun.masuk",
                       "akun.keluar"]
