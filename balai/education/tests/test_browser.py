"""In a real browser: a parent registers a child for SMP through the waiting room and the form
(documents uploaded), the school's operator verifies it, the selection runs and is announced,
the public ranking shows the child masked, and the parent re-registers. Every page of the
journey has no axe violations (WCAG 2.2 AA)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from balai.core.testing import make_citizen, signed_in_page
from balai.education.models import RankEntry, Registration, SelectionRun
from balai.education.tests.helpers import make_operator, make_school, open_year, png_bytes
from balai.portal.tests.test_accessibility_browser import _axe_violations, _violations_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page: Any, report: list[str]) -> None:
    violations = _axe_violations(page)
    if violations:
        report.append(f"{page.url}:\n{_violations_report(violations)}")


def test_smp_registration_to_masked_ranking_and_reregistration(browser, live_server,
                                                                transactional_db):
    call_command("load_regions", stdout=StringIO())
    year = open_year()
    school = make_school(level="smp", capacity=20, name="SMP Negeri 1 Sungai Raya")
    make_school(level="smp", capacity=20, latitude=-0.0705, longitude=109.3510,
                name="SMP Negeri 2 Sungai Raya")
    operator = make_operator(school, full_name="Rina Operator")
    parent = signed_in_page(browser, live_server, make_citizen(full_name="Siti Aminah").user,
                            timeout=20_000)
    report: list[str] = []

    parent.goto("/spmb/")
    _axe(parent, report)
    parent.get_by_role("link", name="Daftarkan anak").click()
    parent.wait_for_url("**/spmb/daftar/")
    _axe(parent, report)
    parent.get_by_role("button", name="Kirim pendaftaran").click()  # empty: the errors
    parent.wait_for_selector("#ringkasan-galat")
    _axe(parent, report)

    parent.get_by_label("SMP", exact=True).check()
    parent.get_by_label("Domisili").check()
    parent.get_by_label("Nama lengkap anak").fill("Putri Aminah")
    parent.get_by_label("NIK anak").fill("6112015503130007")
    parent.get_by_label("Tanggal lahir anak").fill("2013-03-15")
    parent.get_by_label("Desa/kelurahan tempat tinggal").select_option("61.12.01.2001")
    parent.get_by_label("Lintang rumah").fill("-0.085")
    parent.get_by_label("Bujur rumah").fill("109.37")
    parent.get_by_label("Tanggal terbit Kartu Keluarga").fill("2015-01-10")
    parent.get_by_label("Sekolah pilihan 1").select_option(label="SMP · SMP Negeri 1 Sungai Raya")
    parent.get_by_label("Sekolah pilihan 2").select_option(label="SMP · SMP Negeri 2 Sungai Raya")
    picture = {"mimeType": "image/png", "buffer": png_bytes()}
    parent.get_by_label("Kartu Keluarga", exact=True).set_input_files({"name": "kk.png",
                                                                       **picture})
    parent.get_by_label("Akta kelahiran").set_input_files({"name": "akta.png", **picture})
    parent.get_by_role("button", name="Kirim pendaftaran").click()
    parent.wait_for_url("**/spmb/pendaftaran/SPMB*/")
    registration = Registration.objects.get()
    assert registration.number in parent.locator("h1").inner_text()
    assert "Menunggu verifikasi" in parent.locator("main").inner_text()
    _axe(parent, report)

    officer = signed_in_page(browser, live_server, operator, timeout=20_000)
    officer.goto("/spmb/operator/")
    _axe(officer, report)
    officer.get_by_role("link", name=registration.number).click()
    _axe(officer, report)
    officer.get_by_label("Data dan dokumen sesuai").check()
    officer.get_by_role("button", name="Simpan verifikasi").click()
    officer.wait_for_url("**/spmb/operator/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.VERIFIED

    # Disdik runs and announces the selection (the commands of the batch).
    call_command("run_spmb_selection", "--year", str(year.year), "--level", "smp",
                 "--seed", "uji-peramban", stdout=StringIO())
    run = SelectionRun.objects.get()
    call_command("publish_spmb_selection", str(run.pk), stdout=StringIO())

    public = browser.new_page(base_url=live_server.url, locale="id-ID")
    public.goto("/spmb/hasil/")
    public.get_by_role("link", name="SMP · SMP Negeri 1 Sungai Raya").click()
    table = public.locator("main").inner_text()
    assert registration.number in table and "P**** A*****" in table
    assert "Putri" not in table and "6112015503130007" not in table
    assert "6112**********07" in table
    _axe(public, report)

    parent.goto(f"/spmb/pendaftaran/{registration.number}/")
    parent.get_by_role("button", name="Daftar ulang").click()
    parent.wait_for_load_state()
    assert "Sudah daftar ulang" in parent.locator("main").inner_text()
    assert RankEntry.objects.get(registration=registration, school=school).status == \
        RankEntry.Status.CONFIRMED
    _axe(parent, report)

    assert not report, "\n".join(report)
